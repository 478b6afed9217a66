package dev.grove.patina.testing;

import dev.grove.patina.testing.SqliteReader.PrimaryKey;
import dev.grove.patina.testing.SqliteReader.Row;
import dev.grove.patina.testing.SqliteReader.RowCursor;
import dev.grove.patina.testing.SqliteReader.RowidKey;
import dev.grove.patina.testing.SqliteReader.SchemaEntry;
import dev.grove.patina.testing.SqliteReader.TableInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.List;

/** Canonical SHA-256 over what {@link DatabaseComparator} compares; independent of file layout. */
final class Fingerprint {

    private final MessageDigest digest;

    private Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String of(Path db, boolean everything) {
        Fingerprint f = new Fingerprint();
        try (SqliteReader r = SqliteReader.open(db)) {
            if (everything) {
                for (String pragma : List.of("user_version", "application_id", "encoding")) {
                    f.text("pragma").text(pragma).text(r.pragmaText(pragma));
                }
                for (SchemaEntry s : r.schema()) {
                    f.text("schema").text(s.type()).text(s.name()).text(s.tblName()).cell(s.sql());
                }
            }
            f.text("sqlite_sequence");
            r.sequences().forEach(f::row);
            for (TableInfo t : r.tables()) {
                f.text("table").text(t.name()).number(t.columns().size());
                t.columnNames().forEach(f::text);
                try (RowCursor rows = r.rows(t)) {
                    f.rows(rows);
                }
                if (t.fts5()) {
                    f.text("fts5 index");
                    try (RowCursor rows = r.ftsInstances(t)) {
                        f.rows(rows);
                    }
                    if (everything) {
                        for (String query : DatabaseComparator.matchQueries(r.topTerms(t, 6))) {
                            f.text("match").text(query);
                            try {
                                r.match(t, query).forEach(f::row);
                            } catch (SQLException e) {
                                f.text("error");
                            }
                        }
                        String config = t.name() + "_config";
                        if (r.shadowTables().contains(config)) {
                            f.text("config");
                            try (RowCursor rows = r.rows(r.table(config).orElseThrow())) {
                                f.rows(rows);
                            }
                        }
                    }
                }
            }
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : f.digest.digest()) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private void rows(RowCursor rows) {
        for (Row row = rows.next(); row != null; row = rows.next()) {
            row(row);
        }
        text("end");
    }

    private void row(Row row) {
        if (row.key() instanceof RowidKey k) {
            number(k.rowid());
        } else if (row.key() instanceof PrimaryKey) {
            text("pk");
        } else {
            text("row");
        }
        number(row.cells().size());
        row.cells().forEach(this::cell);
    }

    private Fingerprint cell(Cell c) {
        digest.update((byte) c.type().ordinal());
        number(c.bytes().length);
        digest.update(c.bytes());
        return this;
    }

    private Fingerprint text(String s) {
        byte[] b = s == null ? new byte[] {(byte) 0xff} : s.getBytes(StandardCharsets.UTF_8);
        number(b.length);
        digest.update(b);
        return this;
    }

    private Fingerprint number(long n) {
        digest.update(ByteBuffer.allocate(8).putLong(n).array());
        return this;
    }
}
