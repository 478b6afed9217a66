package dev.grove.patina.source.d1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.backup.D1DifferentialReplay;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code strategy = "differential"} D1 database in query mode (ADR 0027): ten nights through the nightly's own road
 * over the stand-in D1 REST API (a real SQLite file behind real HTTP, D1's JSON numbers and refusals), pages small so
 * every table takes several requests. Mondays and the schema change of night 6 are fulls with their row manifest, the
 * other nights differentials read through the D1 row reader; every night restores (full + differential, combined and
 * checked) identical to the database that night, value by value.
 */
class D1DifferentialTest {
    @TempDir
    Path dir;

    @Test
    void tenNightsOfAD1DatabaseRestoreEveryNightExactly() throws Exception {
        Path file = dir.resolve("d1.sqlite");
        try (FakeD1Server server = new FakeD1Server(file, D1Fixtures.ACCOUNT, D1Fixtures.DATABASE, D1Fixtures.TOKEN);
             Connection writer = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA foreign_keys = ON");
            }
            D1Source source = D1Fixtures.source(server, new D1Fixtures.FakeTime(), 200);
            D1DifferentialReplay.Engine engine = new D1DifferentialReplay.Engine() {
                @Override
                public void execute(List<String> statements) throws Exception {
                    writer.setAutoCommit(false);
                    try (Statement s = writer.createStatement()) {
                        for (String sql : statements) {
                            s.execute(sql);
                        }
                    }
                    writer.commit();
                    writer.setAutoCommit(true);
                }

                @Override
                public long queryLong(String sql) throws Exception {
                    try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                        assertTrue(rs.next(), sql);
                        return rs.getLong(1);
                    }
                }

                @Override
                public Path held() {
                    return file;
                }
            };
            List<D1DifferentialReplay.Night> nights = D1DifferentialReplay.run(dir, "shop", source, engine,
                    () -> source.client().traffic().counts(), 10, Set.of(6));
            assertEquals(List.of(true, false, false, false, false, true, false, true, false, false),
                    nights.stream().map(D1DifferentialReplay.Night::full).toList(),
                    "Monday, four differentials, the schema change, Sunday, Monday, two differentials");
            // a differential reads every row, as a full does: the rows returned are the database's, not the changes
            for (D1DifferentialReplay.Night n : nights) {
                assertTrue(n.traffic().rows() > 1000, n.day() + " read " + n.traffic().describe());
            }
            System.out.print(D1DifferentialReplay.describe(nights));
        }
    }
}
