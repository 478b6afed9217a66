package dev.grove.patina.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * One SQLite value, exactly: its storage class plus its exact bytes.
 *
 * <ul>
 *   <li>INTEGER: the decimal digits of the int64 value;</li>
 *   <li>REAL: the 8 raw IEEE-754 bytes (so {@code -0.0} and {@code 0.0} differ, which
 *       {@code hex()}, {@code quote()} and {@code printf('%!.17g')} cannot tell apart);</li>
 *   <li>TEXT: the raw stored bytes (NUL bytes and invalid UTF-8 included);</li>
 *   <li>BLOB: the raw bytes.</li>
 * </ul>
 */
record Cell(StorageClass type, byte[] bytes) {

    enum StorageClass {
        NULL, INTEGER, REAL, TEXT, BLOB;

        static StorageClass of(String typeof) {
            return switch (typeof) {
                case "null" -> NULL;
                case "integer" -> INTEGER;
                case "real" -> REAL;
                case "text" -> TEXT;
                case "blob" -> BLOB;
                default -> throw new IllegalStateException("unknown typeof() result: " + typeof);
            };
        }
    }

    private static final int PREVIEW_BYTES = 48;

    Cell {
        bytes = bytes == null ? new byte[0] : bytes;
    }

    /**
     * Reads the value at {@code valueColumn}, whose {@code typeof()} is at {@code typeColumn}.
     * TEXT is read with {@code getBytes}, which sqlite-jdbc answers from {@code sqlite3_column_blob}:
     * the raw bytes, unlike {@code getString} which replaces invalid UTF-8 with U+FFFD.
     */
    static Cell read(ResultSet rs, int typeColumn, int valueColumn) throws SQLException {
        StorageClass type = StorageClass.of(rs.getString(typeColumn));
        return switch (type) {
            case NULL -> new Cell(type, null);
            case INTEGER -> ofLong(rs.getLong(valueColumn));
            case REAL -> ofDouble(rs.getDouble(valueColumn));
            case TEXT, BLOB -> new Cell(type, rs.getBytes(valueColumn));
        };
    }

    static Cell ofLong(long value) {
        return new Cell(StorageClass.INTEGER, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    static Cell ofDouble(double value) {
        return new Cell(StorageClass.REAL, ByteBuffer.allocate(8).putDouble(value).array());
    }

    double asDouble() {
        return ByteBuffer.wrap(bytes).getDouble();
    }

    /** A one-line human description, e.g. {@code real -0.0 [bits 8000000000000000]}. */
    String describe() {
        return switch (type) {
            case NULL -> "NULL";
            case INTEGER -> "integer " + new String(bytes, StandardCharsets.US_ASCII);
            case REAL -> "real " + asDouble() + " [bits " + Sql.hex(bytes) + "]";
            case TEXT -> "text " + textPreview(0) + " (" + bytes.length + " bytes, hex " + hexPreview(0) + ")";
            case BLOB -> "blob (" + bytes.length + " bytes, hex " + hexPreview(0) + ")";
        };
    }

    /** Explains how {@code actual} differs from {@code expected}, pointing at the first differing byte. */
    static String explain(Cell expected, Cell actual) {
        StringBuilder b = new StringBuilder();
        b.append("expected ").append(expected.describe()).append(", actual ").append(actual.describe());
        if (expected.type == actual.type && (expected.type == StorageClass.TEXT || expected.type == StorageClass.BLOB)) {
            int at = Arrays.mismatch(expected.bytes, actual.bytes);
            if (at >= 0 && Math.max(expected.bytes.length, actual.bytes.length) <= PREVIEW_BYTES) {
                b.append("; first difference at byte ").append(at);
            } else if (at >= 0) {
                int from = Math.max(0, at - 16);
                b.append("; first difference at byte ").append(at).append(": from offset ").append(from).append(" expected ");
                if (expected.type == StorageClass.TEXT) {
                    b.append(expected.textPreview(from)).append(' ');
                }
                b.append("hex ").append(expected.hexPreview(from)).append(", actual ");
                if (actual.type == StorageClass.TEXT) {
                    b.append(actual.textPreview(from)).append(' ');
                }
                b.append("hex ").append(actual.hexPreview(from));
            }
        }
        return b.toString();
    }

    private String hexPreview(int from) {
        if (from >= bytes.length) {
            return "<end>";
        }
        int to = Math.min(bytes.length, from + PREVIEW_BYTES);
        return Sql.hex(bytes, from, to) + (to < bytes.length ? "…" : "");
    }

    private String textPreview(int from) {
        if (from > 0 && from >= bytes.length) {
            return "<end>";
        }
        int to = Math.min(bytes.length, from + PREVIEW_BYTES);
        String decoded = new String(bytes, from, to - from, StandardCharsets.UTF_8); // invalid UTF-8 -> U+FFFD
        return "'" + Sql.escapeControls(decoded) + (to < bytes.length ? "…" : "") + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cell other && type == other.type && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return describe();
    }
}
