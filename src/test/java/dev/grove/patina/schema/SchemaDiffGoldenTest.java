package dev.grove.patina.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.grove.patina.backup.ExportService;
import dev.grove.patina.compress.Compression;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chinook with migrations applied one by one, each dumped by Patina's own writer; each dump's schema is compared
 * with the previous one's and the text must equal its golden file exactly. To regenerate the goldens deliberately:
 * {@code -Dschema.golden.update=true}, then review the diff.
 */
class SchemaDiffGoldenTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T02:00:00Z"), ZoneOffset.UTC);

    record Migration(String name, String... sql) {
    }

    /** Migration 16's table again, only whitespace, comments, keyword case and quoting rewritten: no change. */
    static final String[] REWRITE = {"create table odd3 ( \"the key\" integer primary key , QTY integer not null "
            + "constraint \"qty positive\" check(  QTY>0 ) ,\n [unit price] real , `line total` real generated always "
            + "as ( QTY+[unit price] ) stored /* the same */, NOTE text collate rtrim,\n\tconstraint note_len "
            + "check ( LENGTH( \"note\" )<200 ) )",
            "INSERT INTO odd3 SELECT [the key], qty, \"unit price\", note FROM \"Odd \"\"Table\"\"\"",
            "DROP TABLE \"Odd \"\"Table\"\"\"", "ALTER TABLE odd3 RENAME TO \"Odd \"\"Table\"\"\""};

    static final List<Migration> MIGRATIONS = List.of(
            new Migration("01-tables", "CREATE TABLE Review (ReviewId INTEGER PRIMARY KEY, TrackId INTEGER, "
                    + "Stars INTEGER, Body TEXT)", "DROP TABLE PlaylistTrack"),
            new Migration("02-columns-added-dropped", "ALTER TABLE Customer ADD COLUMN Email2 TEXT",
                    "ALTER TABLE Customer DROP COLUMN Fax", "ALTER TABLE Review RENAME COLUMN Body TO Text"),
            new Migration("03-column-type-notnull-default-pk",
                    "CREATE TABLE Review2 (ReviewId INTEGER, TrackId INTEGER NOT NULL, Stars REAL DEFAULT 3, "
                            + "Text TEXT, PRIMARY KEY (ReviewId, TrackId))",
                    "INSERT INTO Review2 SELECT * FROM Review", "DROP TABLE Review",
                    "ALTER TABLE Review2 RENAME TO Review"),
            new Migration("04-generated-hidden", "ALTER TABLE Review ADD COLUMN Doubled INTEGER AS (Stars * 2)",
                    "ALTER TABLE Review ADD COLUMN Tripled INTEGER AS (Stars * 3)"),
            new Migration("05-foreign-keys-unique",
                    "CREATE TABLE Review2 (ReviewId INTEGER, TrackId INTEGER NOT NULL REFERENCES Track(TrackId) "
                            + "ON DELETE CASCADE, Stars REAL DEFAULT 3, Text TEXT, Doubled INTEGER AS (Stars * 2) "
                            + "STORED, PRIMARY KEY (ReviewId, TrackId), UNIQUE (Text))",
                    "INSERT INTO Review2 (ReviewId, TrackId, Stars, Text) SELECT ReviewId, TrackId, Stars, Text "
                            + "FROM Review", "DROP TABLE Review", "ALTER TABLE Review2 RENAME TO Review"),
            new Migration("06-indexes-added", "CREATE INDEX review_stars ON Review (Stars)",
                    "CREATE INDEX review_track ON Review (TrackId)",
                    "CREATE INDEX invoice_big ON Invoice (Total) WHERE Total > 10"),
            new Migration("07-indexes-changed", "DROP INDEX review_stars",
                    "CREATE INDEX review_stars ON Review (Stars DESC, TrackId)", "DROP INDEX review_track",
                    "CREATE UNIQUE INDEX review_track ON Review (TrackId, ReviewId)", "DROP INDEX invoice_big",
                    "CREATE INDEX invoice_big ON Invoice (Total) WHERE Total > 20",
                    "DROP INDEX IFK_TrackGenreId"),
            new Migration("08-triggers-views", "CREATE VIEW top_tracks AS SELECT Name FROM Track WHERE Milliseconds "
                    + "> 300000", "CREATE TRIGGER review_touch AFTER INSERT ON Review BEGIN "
                    + "UPDATE Review SET Stars = Stars WHERE ReviewId = NEW.ReviewId; END"),
            new Migration("09-triggers-views-changed", "DROP VIEW top_tracks", "CREATE VIEW top_tracks AS "
                    + "SELECT Name, Composer FROM Track WHERE Milliseconds > 300000", "DROP TRIGGER review_touch",
                    "CREATE VIEW short_tracks AS SELECT Name FROM Track WHERE Milliseconds < 60000"),
            new Migration("10-virtual-tables", "CREATE VIRTUAL TABLE track_search USING fts5(Name, Composer)",
                    "INSERT INTO track_search SELECT Name, Composer FROM Track",
                    "CREATE VIRTUAL TABLE review_box USING rtree(id, minX, maxX)"),
            new Migration("11-strict-without-rowid", "CREATE TABLE Tag (TagId INTEGER PRIMARY KEY, Name TEXT) STRICT",
                    "CREATE TABLE Label (LabelId TEXT PRIMARY KEY, Name TEXT NOT NULL) WITHOUT ROWID",
                    "CREATE TABLE Mood (MoodId INTEGER PRIMARY KEY, Name TEXT)",
                    "INSERT INTO Mood VALUES (1, 'calm')"),
            new Migration("12-strict-without-rowid-changed", "DROP TABLE Tag",
                    "CREATE TABLE Tag (TagId INTEGER PRIMARY KEY, Name TEXT)", "DROP TABLE Label",
                    "CREATE TABLE Label (LabelId TEXT PRIMARY KEY, Name TEXT NOT NULL)", "DROP TABLE Mood",
                    "CREATE TABLE Mood (MoodId INTEGER PRIMARY KEY, Name TEXT) STRICT, WITHOUT ROWID"),
            new Migration("13-rows", "INSERT INTO Artist (Name) VALUES ('New One'), ('New Two')",
                    "DELETE FROM InvoiceLine WHERE InvoiceLineId <= 5", "INSERT INTO Mood VALUES (2, 'wild')"),
            new Migration("14-virtual-table-module-changed", "DROP TABLE track_search",
                    "CREATE VIRTUAL TABLE track_search USING fts4(Name, Composer)"),
            new Migration("15-checks-collation-generated-added", "CREATE TABLE \"Odd \"\"Table\"\"\" ("
                    + "[the key] INTEGER PRIMARY KEY, `qty` INTEGER NOT NULL CONSTRAINT \"qty positive\" "
                    + "CHECK (qty >= 0), \"unit price\" REAL, [line total] REAL GENERATED ALWAYS AS "
                    + "(qty * \"unit price\") STORED, note TEXT COLLATE NOCASE, -- a comment: CHECK (x)\n"
                    + "CHECK (note <> 'it''s (not) -- a comment'))",
                    "INSERT INTO \"Odd \"\"Table\"\"\" VALUES (1, 2, 1.5, 'fine')",
                    "ALTER TABLE Tag ADD COLUMN Slug TEXT COLLATE NOCASE CHECK (length(Slug) > 0)"),
            new Migration("16-checks-collation-generated-changed", "CREATE TABLE odd2 ([the key] INTEGER PRIMARY KEY, "
                    + "`qty` INTEGER NOT NULL CONSTRAINT \"qty positive\" CHECK (qty > 0), \"unit price\" REAL, "
                    + "[line total] REAL AS (qty + \"unit price\") STORED, note TEXT COLLATE RTRIM, "
                    + "CONSTRAINT note_len CHECK (length(note) < 200))",
                    "INSERT INTO odd2 SELECT [the key], qty, \"unit price\", note FROM \"Odd \"\"Table\"\"\"",
                    "DROP TABLE \"Odd \"\"Table\"\"\"", "ALTER TABLE odd2 RENAME TO \"Odd \"\"Table\"\"\""),
            new Migration("17-same-table-rewritten", REWRITE));


    @TempDir
    Path dir;

    @Test
    void eachMigrationComparesToItsGolden() throws Exception {
        Path db = chinook(dir);
        SchemaReader reader = new SchemaReader();
        DatabaseSchema previous = reader.fromDump("chinook", dump(db, dir.resolve("00.sql.gz"), Compression.GZIP));
        for (int i = 0; i < MIGRATIONS.size(); i++) {
            Migration m = MIGRATIONS.get(i);
            apply(db, m.sql());
            Compression compression = i % 2 == 0 ? Compression.ZSTD : Compression.NONE;
            Path dump = dump(db, dir.resolve(m.name() + ".sql" + compression.suffix()), compression);
            DatabaseSchema current = reader.fromDump("chinook", dump);
            SchemaComparison c = SchemaComparison.of(previous, current, "before " + m.name(), m.name());
            assertGolden(m.name() + ".txt", c.text());
            previous = current;
        }
    }

    @Test
    void aRewriteOfWhitespaceCaseCommentsAndQuotingIsNoChange() throws Exception {
        Path db = chinook(dir);
        for (Migration m : MIGRATIONS.subList(0, 16)) {
            apply(db, m.sql());
        }
        SchemaReader reader = new SchemaReader();
        DatabaseSchema before = reader.fromDump("chinook", dump(db, dir.resolve("a.sql"), Compression.NONE));
        apply(db, REWRITE);
        DatabaseSchema after = reader.fromDump("chinook", dump(db, dir.resolve("b.sql"), Compression.NONE));
        assertNotEquals(before.tables().get("odd \"table\"").sql(), after.tables().get("odd \"table\"").sql(),
                "the CREATE text itself was rewritten");
        SchemaComparison c = SchemaComparison.of(before, after, "a", "b");
        assertEquals(List.of(), c.changes());
        assertFalse(c.schemaChanged());
    }

    @Test
    void jsonRenderingMatchesItsGolden() throws Exception {
        Path db = chinook(dir);
        SchemaReader reader = new SchemaReader();
        DatabaseSchema before = reader.fromDump("chinook", dump(db, dir.resolve("a.sql"), Compression.NONE));
        apply(db, "ALTER TABLE Customer ADD COLUMN Email2 TEXT", "ALTER TABLE Customer DROP COLUMN Fax");
        apply(db, "CREATE INDEX customer_email ON Customer (Email2)", "INSERT INTO Genre (Name) VALUES ('Polka')");
        DatabaseSchema after = reader.fromDump("chinook", dump(db, dir.resolve("b.sql"), Compression.NONE));
        assertGolden("json.json", SchemaComparison.of(before, after, "2026-11-27", "2026-11-28").json());
    }

    static void assertGolden(String name, String actual) throws IOException {
        if (Boolean.getBoolean("schema.golden.update")) {
            Files.writeString(Paths.get("src/test/resources/schema-diff", name), actual);
            return;
        }
        try (InputStream in = SchemaDiffGoldenTest.class.getResourceAsStream("/schema-diff/" + name)) {
            String expected = in == null ? "(no golden file " + name + ")"
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expected, actual, "golden " + name);
        }
    }

    static void apply(Path db, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String one : sql) {
                s.execute(one);
            }
        }
    }

    static Path dump(Path db, Path out, Compression compression) {
        new ExportService(new SqlDumpWriter(CLOCK, "test")).exportToFile(new SqliteFileSource("chinook", db), out,
                DumpOptions.all("chinook", DumpDialect.SQLITE), compression, DumpProgress.NONE);
        return out;
    }

    static Path chinook(Path dir) throws IOException {
        Path target = dir.resolve("chinook.sqlite");
        try (InputStream in = SchemaDiffGoldenTest.class.getResourceAsStream("/chinook/Chinook_Sqlite.sqlite")) {
            Files.copy(in, target);
        }
        return target;
    }
}
