package dev.grove.patina.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.SchemaEntry;
import dev.grove.patina.dump.TableShape;
import dev.grove.patina.testing.AwkwardDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one contract every {@link DatabaseSource} passes, the SQLite file and D1 alike: a snapshot of the awkward
 * corpus reads back its schema, its tables, their row counts and every value (storage class and exact bytes) as
 * SQLite itself holds them; a missing or unreadable database is an error naming it; closing releases the database.
 * A subclass serves a SQLite file through its kind of source (directly, or behind a fake D1 REST API).
 */
public abstract class DatabaseSourceContract {
    @TempDir
    protected Path dir;

    protected Path file;

    /** A source named {@code name} that reads {@code sqliteFile}. */
    protected abstract DatabaseSource sourceOver(String name, Path sqliteFile) throws Exception;

    /** A source named {@code name} whose database does not exist (no such file, no such database id). */
    protected abstract DatabaseSource missingSource(String name) throws Exception;

    /** A source named {@code name} whose database cannot be read (not a SQLite file, a token refused). */
    protected abstract DatabaseSource unreadableSource(String name) throws Exception;

    /**
     * Whether the source can read {@code user_version} and {@code application_id}; one that cannot (D1 refuses
     * both) reports 0 for them, as the dump header then records.
     */
    protected abstract boolean readsHeaderPragmas();

    /** Stops what {@link #sourceOver} started (a server); called after each test. */
    protected void closeSources() throws Exception {
    }

    @BeforeEach
    void createCorpus() {
        file = AwkwardDatabase.create(dir.resolve("awkward.sqlite"));
    }

    @AfterEach
    void stop() throws Exception {
        closeSources();
    }

    @Test
    void theSnapshotsSchemaIsTheDatabasesOwn() throws Exception {
        DatabaseSource source = sourceOver("shop", file);
        assertEquals("shop", source.name());
        List<SchemaEntry> expected = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid")) {
            while (rs.next()) {
                expected.add(new SchemaEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        try (DumpSnapshot snapshot = source.openSnapshot()) {
            assertEquals(expected, snapshot.schema());
            assertEquals(query("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'"
                    + " ORDER BY name"), snapshot.shadowTables().stream().sorted().toList());
        }
    }

    @Test
    void theSnapshotListsEveryTableWithItsRowCount() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        for (String table : dumpedTables()) {
            try (Connection c = connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(table))) {
                rs.next();
                expected.put(table, rs.getLong(1));
            }
        }
        assertTrue(expected.containsKey(AwkwardDatabase.ODD_TABLE) && expected.containsKey(AwkwardDatabase.EMPTY_TABLE)
                && expected.containsKey(AwkwardDatabase.CYRILLIC_TABLE), expected.keySet().toString());
        Map<String, Long> counted = new TreeMap<>();
        try (DumpSnapshot snapshot = sourceOver("shop", file).openSnapshot()) {
            for (SchemaEntry entry : snapshot.schema()) {
                if (entry.type().equals("table") && expected.containsKey(entry.name())) {
                    long rows = 0;
                    try (RowCursor cursor = snapshot.rows(snapshot.describe(entry.name()))) {
                        while (cursor.next()) {
                            rows++;
                        }
                    }
                    counted.put(entry.name(), rows);
                }
            }
        }
        assertEquals(expected, counted);
    }

    @Test
    void everyValueReadsBackWithItsStorageClassAndExactBytes() throws Exception {
        int compared = 0;
        try (DumpSnapshot snapshot = sourceOver("shop", file).openSnapshot()) {
            for (String table : dumpedTables()) {
                TableShape shape = snapshot.describe(table);
                List<String> read = new ArrayList<>();
                try (RowCursor cursor = snapshot.rows(shape)) {
                    while (cursor.next()) {
                        read.add(row(cursor, shape.dumpColumns().size()));
                    }
                }
                List<String> expected = expectedRows(shape);
                assertEquals(expected.size(), read.size(), table);
                assertEquals(expected.stream().sorted().toList(), read.stream().sorted().toList(), table);
                compared += read.size();
            }
        }
        assertTrue(compared > 500, "compared " + compared + " rows");
    }

    @Test
    void theSnapshotReportsTheHeaderFactsTheDumpRecords() throws Exception {
        try (DumpSnapshot snapshot = sourceOver("shop", file).openSnapshot()) {
            String version = snapshot.sqliteVersion();
            assertFalse(version == null || version.isBlank(), "the SQLite version, or a text saying why not");
            if (readsHeaderPragmas()) {
                assertEquals(query("SELECT sqlite_version()").get(0), version);
                assertEquals(AwkwardDatabase.USER_VERSION, snapshot.userVersion());
                assertEquals(AwkwardDatabase.APPLICATION_ID, snapshot.applicationId());
            } else {
                assertEquals(0, snapshot.userVersion());
                assertEquals(0, snapshot.applicationId());
            }
        }
    }

    @Test
    void aMissingDatabaseIsAnErrorThatNamesIt() throws Exception {
        SourceException e = assertThrows(SourceException.class, () -> readSchema(missingSource("gone-db")));
        assertTrue(e.getMessage().contains("gone-db"), e.getMessage());
    }

    @Test
    void anUnreadableDatabaseIsAnErrorThatNamesIt() throws Exception {
        SourceException e = assertThrows(SourceException.class, () -> readSchema(unreadableSource("locked-db")));
        assertTrue(e.getMessage().contains("locked-db"), e.getMessage());
    }

    @Test
    void closingTheSnapshotReleasesTheDatabase() throws Exception {
        DatabaseSource source = sourceOver("shop", file);
        for (int i = 0; i < 20; i++) { // nothing piles up over many snapshots
            try (DumpSnapshot snapshot = source.openSnapshot()) {
                assertFalse(snapshot.schema().isEmpty());
                try (RowCursor cursor = snapshot.rows(snapshot.describe(AwkwardDatabase.SCALARS))) {
                    assertTrue(cursor.next()); // a cursor closed midway
                }
            }
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 0");
            s.execute("BEGIN EXCLUSIVE"); // fails while any reader still holds the file
            s.execute("INSERT INTO " + quote(AwkwardDatabase.EMPTY_TABLE) + " DEFAULT VALUES");
            s.execute("ROLLBACK");
        }
    }

    private static void readSchema(DatabaseSource source) throws Exception {
        try (DumpSnapshot snapshot = source.openSnapshot()) {
            snapshot.schema();
        }
    }

    /** The tables a dump copies row by row: every table but SQLite's own and the shadow tables of virtual ones. */
    private List<String> dumpedTables() throws Exception {
        List<String> shadows = query("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'");
        List<String> tables = new ArrayList<>();
        for (String name : query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
            if (!name.startsWith("sqlite_") && !shadows.contains(name)) {
                tables.add(name);
            }
        }
        return tables;
    }

    /** Each row as SQLite itself holds it, read by JDBC straight from the file. */
    private List<String> expectedRows(TableShape shape) throws Exception {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < shape.dumpColumns().size(); i++) {
            String column = shape.isRowidColumn(i) ? shape.rowidName() : quote(shape.dumpColumns().get(i));
            select.append(i == 0 ? "" : ", ").append("typeof(").append(column).append("), ").append(column)
                    .append(", hex(").append(column).append(")");
        }
        select.append(" FROM ").append(quote(shape.name()));
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select.toString())) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < shape.dumpColumns().size(); i++) {
                    int at = 3 * i + 1;
                    String type = rs.getString(at);
                    row.append(switch (type) {
                        case "null" -> "NULL";
                        case "integer" -> "INTEGER " + rs.getLong(at + 1);
                        case "real" -> "REAL " + Long.toHexString(Double.doubleToRawLongBits(rs.getDouble(at + 1)));
                        case "text" -> "TEXT " + rs.getString(at + 2);
                        case "blob" -> "BLOB " + rs.getString(at + 2);
                        default -> throw new IllegalStateException(type);
                    }).append(" | ");
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String row(RowCursor cursor, int columns) throws Exception {
        HexFormat hex = HexFormat.of().withUpperCase();
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < columns; i++) {
            row.append(switch (cursor.type(i)) {
                case NULL -> "NULL";
                case INTEGER -> "INTEGER " + cursor.getLong(i);
                case REAL -> "REAL " + Long.toHexString(Double.doubleToRawLongBits(cursor.getDouble(i)));
                case TEXT -> "TEXT " + hex.formatHex(cursor.getTextBytes(i));
                case BLOB -> "BLOB " + hex.formatHex(cursor.getBlob(i));
            }).append(" | ");
        }
        return row.toString();
    }

    private List<String> query(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
