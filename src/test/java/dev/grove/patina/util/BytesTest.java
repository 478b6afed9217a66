package dev.grove.patina.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BytesTest {
    @Test
    void formatsBinaryUnitsWithOneDecimal() {
        assertEquals("0 B", Bytes.formatBytes(0));
        assertEquals("1023 B", Bytes.formatBytes(1023));
        assertEquals("1.0 KiB", Bytes.formatBytes(1024));
        assertEquals("1.5 KiB", Bytes.formatBytes(1536));
        assertEquals("1.0 MiB", Bytes.formatBytes(1024 * 1024));
        assertEquals("200.0 MiB", Bytes.formatBytes(200L * 1024 * 1024));
        assertEquals("1.0 GiB", Bytes.formatBytes(1024L * 1024 * 1024));
        assertEquals("8.0 EiB", Bytes.formatBytes(Long.MAX_VALUE));
    }

    @Test
    void carriesIntoTheNextUnitInsteadOfPrinting1024() {
        assertEquals("1.0 MiB", Bytes.formatBytes(1024 * 1024 - 1));
    }

    @Test
    void refusesNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> Bytes.formatBytes(-1));
    }
}
