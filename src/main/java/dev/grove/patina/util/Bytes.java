package dev.grove.patina.util;

import java.util.Locale;

/** Human-readable byte sizes in binary units, as operators read them in tables and logs. */
public final class Bytes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Bytes() {
    }

    /**
     * Formats a byte count: {@code 0 → "0 B"}, {@code 1023 → "1023 B"}, {@code 1536 → "1.5 KiB"},
     * {@code 1048576 → "1.0 MiB"}. One decimal from KiB upwards.
     *
     * @throws IllegalArgumentException for a negative count
     */
    public static String formatBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("byte count must not be negative: " + bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        // 1023.96 KiB would print as "1024.0 KiB": carry into the next unit instead.
        if (Math.round(value * 10) >= 10240 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
