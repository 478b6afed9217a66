package dev.grove.patina.backup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.dump.DumpException;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreProgress;
import dev.grove.patina.dump.Restorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real failures, each as the code under them raises it: local ones are told from damaged backups. */
class LocalFaultTest {
    @TempDir
    Path dir;

    @Test
    void aFileSystemFailureIsLocal() {
        IOException e = assertThrows(IOException.class,
                () -> Files.createFile(dir.resolve("no-such-folder/x.sqlite")));
        assertTrue(LocalFault.isLocal(new DumpException("restore failed: " + e.getMessage(), e)));
    }

    @Test
    void sqliteUnableToOpenItsFileIsLocal() {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("no-such-folder/x.sqlite")).createStatement().execute("CREATE TABLE t(a)"));
        assertTrue(LocalFault.isLocal(new DumpException("restore failed: " + e.getMessage(), e)), e.getMessage());
    }

    @Test
    void aDumpThatDoesNotRestoreIsNotLocal() throws Exception {
        Path dump = dir.resolve("bad.sql");
        Files.writeString(dump, "CREATE TABLE t (a);\nINSERT INTO t VALUES (1;\n", StandardCharsets.UTF_8);
        RuntimeException e = assertThrows(RuntimeException.class, () -> new Restorer(Clock.systemUTC())
                .restore(dump, dir.resolve("out.sqlite"), RestoreOptions.all(), RestoreProgress.NONE));
        assertFalse(LocalFault.isLocal(e), e.getMessage());
    }
}
