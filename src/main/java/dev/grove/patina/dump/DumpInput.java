package dev.grove.patina.dump;

import dev.grove.patina.compress.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a dump for reading: decompressed (plain, gzip or zstd), and refused by name when it is a tar archive — a
 * weekly archive handed to restore or inspect is not a "truncated dump" but one dump per database and day.
 */
public final class DumpInput {
    private static final int BLOCK = 512;
    private static final Pattern WEEKLY_MEMBER = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})/(.+)\\.sql");

    private DumpInput() {
    }

    /**
     * The decompressed content of {@code raw}, which was opened from {@code file}.
     *
     * @throws DumpException when it is a tar archive (a weekly archive: the message says how to extract a member)
     */
    public static InputStream open(Path file, InputStream raw) throws IOException {
        PushbackInputStream in;
        byte[] head;
        try {
            in = new PushbackInputStream(Compression.decompressing(raw), BLOCK);
            head = in.readNBytes(BLOCK);
        } catch (IOException | RuntimeException e) {
            raw.close(); // a damaged start (corrupt gzip, say) must not leave the file open
            throw e;
        }
        if (head.length == BLOCK && isTarHeader(head)) {
            String name;
            try {
                name = firstMemberName(head, in);
            } finally {
                in.close();
            }
            throw new DumpException(tarMessage(file, name));
        }
        in.unread(head);
        return in;
    }

    /** A POSIX/GNU tar header: "ustar" at offset 257 and a matching header checksum. */
    static boolean isTarHeader(byte[] b) {
        if (!new String(b, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return false;
        }
        String recorded = new String(b, 148, 8, StandardCharsets.US_ASCII).replace("\0", " ").strip();
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : b[i] & 0xFF;
        }
        try {
            return !recorded.isEmpty() && Long.parseLong(recorded, 8) == sum;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The first member's name: the header's own, or the one a PAX extended header ({@code x}, as Patina's weekly
     * archives have) or a GNU long-name entry ({@code L}) in front of it gives. Reads on from {@code in}, which is
     * given up afterwards; empty when it cannot tell.
     */
    private static String firstMemberName(byte[] header, InputStream in) throws IOException {
        byte[] h = header;
        for (int entries = 0; entries < 4; entries++) {
            char type = (char) h[156];
            if (type != 'x' && type != 'g' && type != 'L') {
                return memberName(h);
            }
            long size;
            try {
                size = Long.parseLong(new String(h, 124, 12, StandardCharsets.US_ASCII).replace("\0", " ").strip(), 8);
            } catch (NumberFormatException e) {
                return "";
            }
            if (size < 0 || size > 1 << 20) {
                return "";
            }
            byte[] data = in.readNBytes((int) ((size + BLOCK - 1) / BLOCK * BLOCK));
            String text = new String(data, 0, (int) Math.min(size, data.length), StandardCharsets.UTF_8);
            if (type == 'L') {
                return text.replace("\0", "");
            }
            for (String record : text.split("\n")) { // "<length> path=<name>"
                int at = record.indexOf(" path=");
                if (at > 0) {
                    return record.substring(at + 6);
                }
            }
            h = in.readNBytes(BLOCK);
            if (h.length < BLOCK || !isTarHeader(h)) {
                return "";
            }
        }
        return "";
    }

    private static String memberName(byte[] b) {
        String name = field(b, 0, 100);
        String prefix = field(b, 345, 155);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    static String tarMessage(Path file, String firstMember) {
        Matcher m = WEEKLY_MEMBER.matcher(firstMember);
        if (m.matches()) {
            String printable = firstMember.replaceAll("\\p{Cntrl}", "?");
            return file + " is a Patina weekly archive (a tar of one dump per database and day, first member "
                    + printable + "), not a dump: extract one member first, e.g. `patina extract " + file + " "
                    + m.group(2) + " " + m.group(1) + " -o " + m.group(2) + ".sql`, then restore or inspect that "
                    + "file";
        }
        return file + " is a tar archive, not a dump; if it is a Patina weekly archive, extract one member first "
                + "with `patina extract " + file + " DB DATE -o FILE` and restore or inspect that file";
    }
}
