package dev.grove.patina.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.compress.Compression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader on real Patina dumps and live files: what SQLite reports, and what it cannot load. */
class SchemaReaderTest {
    @TempDir
    Path dir;

    @Test
    void aVirtualTableWhoseModuleIsMissingIsKeptWithItsModuleAndText() throws Exception {
        Path db = SchemaDiffGoldenTest.chinook(dir);
        Path dump = SchemaDiffGoldenTest.dump(db, dir.resolve("c.sql"), Compression.NONE);
        String sql = Files.readString(dump, StandardCharsets.UTF_8);
        int footer = sql.indexOf("-- patina:footer ");
        String legacy = "CREATE VIRTUAL TABLE legacy_search USING nosuchmodule(a, b);\n";
        Files.writeString(dump, sql.substring(0, footer) + legacy + sql.substring(footer), StandardCharsets.UTF_8);

        DatabaseSchema s = new SchemaReader().fromDump("chinook", dump);
        TableSchema t = s.tables().get("legacy_search");
        assertEquals("nosuchmodule", t.module());
        assertEquals(legacy.strip(), t.sql());
        assertEquals(11, s.tables().size() - 1, "every Chinook table is still read");
    }

    @Test
    void aBackupAndItsLiveDatabaseReadTheSame() throws Exception {
        Path db = SchemaDiffGoldenTest.chinook(dir);
        SchemaDiffGoldenTest.apply(db, "CREATE VIRTUAL TABLE track_search USING fts5(Name, Composer)",
                "CREATE TABLE Tag (TagId INTEGER PRIMARY KEY, Name TEXT, Up TEXT AS (upper(Name))) STRICT");
        Path dump = SchemaDiffGoldenTest.dump(db, dir.resolve("c.sql.zst"), Compression.ZSTD);
        SchemaReader reader = new SchemaReader();
        SchemaComparison c = SchemaComparison.of(reader.fromDump("chinook", dump), reader.fromLive("chinook", db),
                "backup", "live");
        assertTrue(c.changes().isEmpty(), c.text());
        assertEquals("chinook: schema unchanged; rows +0", c.summary());
        assertEquals(2, reader.fromLive("chinook", db).tables().get("tag").columns().get(2).hidden());
    }
}
