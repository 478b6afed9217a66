package dev.grove.patina.dump;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The fingerprint of a whole schema, for "did the schema change since the full?" (ADR 0016): SHA-256 over every
 * {@code sqlite_schema} entry's type, name, table and SQL — tables, indexes, views, triggers, shadow tables — except
 * the statistics tables {@code sqlite_stat*} that ANALYZE writes, in (type, name) order. Any difference forces a full.
 */
public final class SchemaFingerprint {
    private SchemaFingerprint() {
    }

    public static String of(List<SchemaEntry> schema) {
        List<SchemaEntry> entries = new ArrayList<>();
        for (SchemaEntry e : schema) {
            if (!String.valueOf(e.name()).toLowerCase(Locale.ROOT).startsWith("sqlite_stat")) {
                entries.add(e);
            }
        }
        entries.sort(Comparator.comparing((SchemaEntry e) -> String.valueOf(e.type()))
                .thenComparing(e -> String.valueOf(e.name())));
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (SchemaEntry e : entries) {
            for (String part : new String[] {e.type(), e.name(), e.tableName(), e.sql()}) {
                if (part == null) {
                    sha.update(intBytes(-1));
                } else {
                    byte[] b = part.getBytes(StandardCharsets.UTF_8);
                    sha.update(intBytes(b.length));
                    sha.update(b);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
