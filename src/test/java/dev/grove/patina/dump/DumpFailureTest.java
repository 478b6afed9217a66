package dev.grove.patina.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.source.SourceException;
import dev.grove.patina.source.sqlite.SqliteFileSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY 7 and 8: bad sources and failing sinks end the dump with a clear error and leave no file. */
class DumpFailureTest {
    @TempDir
    Path dir;

    @Test
    void aCorruptDatabaseFailsNamingItAndLeavesNoOutput() throws Exception {
        Path db = DumpFixtures.chinook(dir);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] garbage = new byte[4096 * 40];
            new java.util.Random(9).nextBytes(garbage);
            f.seek(4096 * 20); // well inside the table b-trees, past the schema page
            f.write(garbage);
        }
        Path out = dir.resolve("corrupt.sql");
        Exception e = assertThrows(RuntimeException.class, () -> DumpFixtures.dump(db, out, DumpDialect.D1,
                Compression.NONE));
        assertTrue(e.getMessage().contains("test-db") || e.getMessage().contains("table"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("malformed")
                || e.getMessage().contains("corrupt") || e.getMessage().contains("not a database"), e.getMessage());
        assertFalse(Files.exists(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("chinook.sqlite"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temp file left behind");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsNamed() throws Exception {
        Path notDb = Files.writeString(dir.resolve("notes.sqlite"), "hello ".repeat(2000));
        Exception e = assertThrows(SourceException.class, () -> DumpFixtures.dump(notDb, dir.resolve("x.sql"),
                DumpDialect.D1, Compression.NONE));
        assertTrue(e.getMessage().contains("notes.sqlite") && e.getMessage().contains("test-db"), e.getMessage());
    }

    @Test
    void aFailingSinkEndsTheDumpWithoutHanging() throws Exception {
        Path db = DumpFixtures.chinook(dir);
        OutputStream failing = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 100_000) {
                    throw new IOException("disk full (simulated)");
                }
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            IOException e = assertThrows(IOException.class, () -> DumpFixtures.exporter().exportToStream(
                    new SqliteFileSource("test-db", db), failing, DumpOptions.all("test-db", DumpDialect.D1),
                    DumpProgress.NONE));
            assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        });
    }

    @Test
    void headerAndFooterJsonSurviveAwkwardText() {
        DumpHeader h = new DumpHeader(DumpHeader.FORMAT, 1, "1.0", "we\"ird\\name\n\u0001\u2028é😀", "2026-11-28T02:00:00Z",
                "d1", "3.54.1", 42, 0x50415449, "UTF-8", List.of("a\"b", "c"), List.of("line\nbreak"), 8192,
                "pages; sqlite-jdbc for w (WITHOUT ROWID)");
        assertFalse(h.toJson().contains("\n"), "one line");
        assertEquals(h, DumpHeader.parse(h.toJson()));
        DumpFooter f = new DumpFooter("0".repeat(64), 7, Map.of("t\"1", 3L));
        assertEquals(f, DumpFooter.parse(f.toJson()));
    }

    @Test
    void aNewerFormatIsRefusedWithAdvice() {
        String json = "{\"format\":\"patina-sql-dump\",\"formatVersion\":2}";
        DumpException e = assertThrows(DumpException.class, () -> DumpHeader.parse(json));
        assertTrue(e.getMessage().contains("upgrade Patina"), e.getMessage());
    }
}
