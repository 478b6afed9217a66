package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grove.patina.dump.DiffChain;
import dev.grove.patina.dump.DumpDialect;
import dev.grove.patina.dump.ShopDatabase;
import dev.grove.patina.testing.DatabaseComparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A differential loads with the real {@code sqlite3} shell onto the full the shell loaded (ADR 0016): {@code sqlite3
 * db < full.sql; sqlite3 db < diff.sql} gives back the changed database — triggers not fired, no cascade.
 */
@Tag("compat")
class DifferentialShellCompatTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DumpDialect.class)
    void theShellAppliesADifferentialOntoItsFull(DumpDialect dialect) throws Exception {
        SqliteShell shell = new SqliteShell(CompatTools.load());
        Path source = ShopDatabase.create(dir.resolve("shop.db"));
        DiffChain chain = new DiffChain(CLOCK, dialect);
        Path full = dir.resolve("full.sql");
        Path manifest = dir.resolve("shop.manifest");
        chain.full(source, full, manifest);
        ShopDatabase.mutate(source);
        Path diff = dir.resolve("shop.diff.sql");
        chain.diff(source, manifest, diff, dir);
        Path db = dir.resolve("by-shell.db");
        shell.load(full, db);
        shell.load(diff, db);
        // the d1 dialect carries user_version and application_id in its header only
        Set<String> ignored = dialect == DumpDialect.D1 ? Set.of("user_version", "application_id") : Set.of();
        List<String> differences = DatabaseComparator.differences(source, db, ignored, true);
        assertEquals(List.of(), differences);
        Files.delete(db);
    }
}
