package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.dump.ShopDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A differential day restored from its weekly archive alone, through the real tools (issue 16, ADR 0033): a week of a
 * {@code strategy = "differential"} database — Monday's full and three nights of differentials with inserts, same-length
 * updates, deletes (delete-then-reinsert of a rowid among them), a trigger-fed audit table, ON DELETE CASCADE and SET
 * NULL children, a 300 kB blob rewritten, WITHOUT ROWID key changes, FTS5 — backed up by {@code patina backup} onto a
 * folder store and archived by {@code patina weekly}. GNU {@code tar -tzf} lists exactly the members Patina says it
 * wrote, and {@code tar -xzf} gives each with the SHA-256 Patina printed. With the dailies gone, {@code patina extract
 * WEEK shop DATE} writes each day (each differential combined with the week's full), and {@code sqlite3 new.db <
 * day.sql} — as an operator would — loads the database as it was that night: every value's typeof and bytes, rowids,
 * schema, {@code sqlite_sequence}, FTS5 ({@code user_version} aside: the nightly's d1 dialect carries it in the header
 * only).
 */
@Tag("compat")
class WeeklyDifferentialShellCompatTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23); // 2026-W48
    private static final int NIGHTS = 4;

    @TempDir
    Path dir;

    @Test
    void everyDayOfTheWeekLoadsWithTheShellFromTheWeeklyArchiveAlone() throws Exception {
        CompatTools tools = CompatTools.load();
        SqliteShell shell = new SqliteShell(tools);
        Path shop = ShopDatabase.create(dir.resolve("shop.db"));
        String cfg = config(shop).toString();
        Random random = new Random(1618);
        Map<LocalDate, Path> asThatNight = new TreeMap<>();
        for (int night = 0; night < NIGHTS; night++) {
            LocalDate day = MONDAY.plusDays(night);
            if (night > 0) {
                mutate(shop, random, night);
            }
            asThatNight.put(day, Files.copy(shop, dir.resolve("expected-" + day + ".db")));
            DumpReadersCompatTest.Cli b = DumpReadersCompatTest.Cli.run("backup", "--config", cfg, "--now",
                    day + "T02:00:00Z", "--quiet");
            assertEquals(0, b.code(), b.out() + b.err());
            String key = "daily/" + day + (night == 0 ? "/shop.sql.gz" : "/shop.diff.sql.gz");
            assertTrue(b.out().contains(key), day + ": " + b.out());
        }

        DumpReadersCompatTest.Cli weekly = DumpReadersCompatTest.Cli.run("weekly", "--config", cfg, "--week",
                "2026-W48", "--now", "2026-11-29T03:00:00Z");
        assertEquals(0, weekly.code(), weekly.out() + weekly.err());
        Map<String, String> said = new TreeMap<>(); // member → SHA-256, as patina weekly printed them
        Matcher m = Pattern.compile("(?m)^\\s+member\\s+(\\S+)\\s+.*\\s([0-9a-f]{64})\\s*$").matcher(weekly.out());
        while (m.find()) {
            said.put(m.group(1), m.group(2));
        }
        List<String> expectedMembers = new ArrayList<>(List.of(MONDAY + "/shop.sql"));
        for (int night = 1; night < NIGHTS; night++) {
            expectedMembers.add(MONDAY.plusDays(night) + "/shop.diff.sql");
        }
        assertEquals(expectedMembers, new ArrayList<>(said.keySet()), "what patina weekly says: " + weekly.out());

        Path archive = dir.resolve("store/weekly/2026-W48.tar.gz");
        List<String> listed = run(List.of(tools.tar().toString(), "-tzf", archive.toString()), dir);
        List<String> expectedListing = new ArrayList<>(said.keySet());
        expectedListing.add("manifest.json");
        assertEquals(expectedListing.stream().sorted().toList(), listed.stream().sorted().toList(),
                "tar -tzf lists the members patina weekly says, and its manifest");
        Path untarred = Files.createDirectories(dir.resolve("untarred"));
        run(List.of(tools.tar().toString(), "-xzf", archive.toString(), "-C", untarred.toString()), dir);
        for (Map.Entry<String, String> e : said.entrySet()) {
            assertEquals(e.getValue(), sha256(untarred.resolve(e.getKey())), "tar -xzf's " + e.getKey());
        }

        // the dailies are gone (retention keeps them a week): the archive is all there is
        for (LocalDate day : asThatNight.keySet()) {
            try (var files = Files.list(dir.resolve("store/daily/" + day))) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        boolean oldShellReals = shellMisreadsReals(shell);
        for (Map.Entry<LocalDate, Path> night : asThatNight.entrySet()) {
            LocalDate day = night.getKey();
            Path sql = dir.resolve("extracted-" + day + ".sql");
            DumpReadersCompatTest.Cli x = DumpReadersCompatTest.Cli.run("extract", "--config", cfg, "2026-W48", "shop",
                    day.toString(), "-o", sql.toString(), "--quiet");
            assertEquals(0, x.code(), x.out() + x.err());
            String member = day + (day.equals(MONDAY) ? "/shop.sql" : "/shop.diff.sql");
            assertTrue(x.out().contains("extracted " + member), x.out());
            String head = Files.readString(sql, StandardCharsets.ISO_8859_1).substring(0, 40);
            assertTrue(head.startsWith("-- Patina SQL dump, format 1"), day + ": one ordinary dump: " + head);
            Path loaded = shell.load(sql, dir.resolve("loaded-" + day + ".db"));
            ReaderCheck.withoutHeaderPragmas().withOldShellReals(oldShellReals).assertIdentical("sqlite3 "
                    + shell.version() + " < patina extract 2026-W48 shop " + day, night.getValue(), loaded);
        }
        assertTrue(audit(asThatNight.get(MONDAY.plusDays(NIGHTS - 1))) > audit(asThatNight.get(MONDAY)),
                "the triggers fed the audit table over the week");
        // the check tells the nights apart: each night's database differs from the night before
        for (int night = 1; night < NIGHTS; night++) {
            List<String> changed = ReaderCheck.withoutHeaderPragmas().differences(asThatNight.get(MONDAY.plusDays(
                    night - 1)), asThatNight.get(MONDAY.plusDays(night)));
            assertTrue(changed.size() >= 5, "night " + night + " changed " + changed);
        }
    }

    private Path config(Path shop) throws Exception {
        return Files.writeString(dir.resolve("patina.toml"), """
                [store]
                type = "local"
                path = "%s"

                [[databases]]
                name = "shop"
                type = "sqlite"
                path = "%s"
                strategy = "differential"

                [compression]
                daily = "gzip"

                [catalog]
                path = "%s"
                """.formatted(dir.resolve("store"), shop, dir.resolve("data/catalog.sqlite")));
    }

    /** One night's changes to the shop, made with foreign keys on and the triggers firing, as an application would. */
    private static void mutate(Path db, Random r, int night) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO customers (email, name, score, photo) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < 5 + r.nextInt(10); i++) { // audit rows by the insert trigger
                    ps.setString(1, "n" + night + "-" + i + "@example.com");
                    ps.setString(2, "Night " + night + " customer " + i);
                    ps.setDouble(3, r.nextGaussian() * 1e6);
                    ps.setBytes(4, bytes(r, r.nextInt(40)));
                    ps.executeUpdate();
                }
            }
            s.execute("INSERT INTO orders (customer_id, total, note) SELECT id, id * 2.25, 'night " + night
                    + "' FROM customers WHERE email LIKE 'n" + night + "-%'");
            s.execute("INSERT INTO order_lines SELECT id, 'sku-n" + night + "', 1 FROM orders WHERE note = 'night "
                    + night + "'");
            s.execute("UPDATE customers SET name = substr(name, 1, length(name) - 1) || '" + r.nextInt(10)
                    + "' WHERE id IN (SELECT id FROM customers ORDER BY random() LIMIT 4)"); // same length
            s.execute("UPDATE customers SET score = score * -1 WHERE id % 37 = " + r.nextInt(37));
            long gone = anyId(s, "customers WHERE id > 10");
            s.execute("DELETE FROM customers WHERE id = " + gone); // cascades to orders, SET NULL in order_lines
            long again = anyId(s, "customers WHERE id > 10");
            s.execute("DELETE FROM customers WHERE id = " + again); // deleted, then the same rowid again
            s.execute("INSERT INTO customers (id, email, name, score) VALUES (" + again + ", 'again" + night
                    + "@example.com', 'Again', 0.5)");
            try (PreparedStatement ps = c.prepareStatement("UPDATE customers SET photo = ? WHERE id = 5")) {
                ps.setBytes(1, bytes(r, 300_000)); // the big blob, rewritten
                ps.executeUpdate();
            }
            s.execute("UPDATE order_lines SET qty = qty + 1 WHERE rowid % 40 = " + r.nextInt(40));
            s.execute("UPDATE OR IGNORE tags SET lang = 'x" + night + "' WHERE name = 'Rot'"); // a key change
            s.execute("INSERT INTO tags VALUES ('T" + night + "', 'en', " + night + ")");
            s.execute("DELETE FROM tags WHERE name = 'T" + (night - 1) + "'");
            s.execute("UPDATE settings SET v = " + (night % 2 == 0 ? "'" + night + "'" : String.valueOf(night))
                    + " WHERE k = 'mode'"); // integer and text in turn
            s.execute("INSERT INTO docs VALUES ('night " + night + "', 'a brown fox on night " + night + "')");
            s.execute("DELETE FROM docs WHERE rowid = (SELECT min(rowid) FROM docs)");
            c.commit();
        }
    }

    private static long anyId(Statement s, String from) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT id FROM " + from + " ORDER BY random() LIMIT 1")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static long audit(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM audit")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private boolean shellMisreadsReals(SqliteShell shell) throws Exception {
        Path probe = Files.writeString(dir.resolve("real-probe.sql"), "CREATE TABLE r (x REAL);\nINSERT INTO r VALUES ("
                + DumpReadersCompatTest.MISREAD_LITERAL + ");\n");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + shell.load(probe,
                dir.resolve("real-probe.sqlite"))); ResultSet rs = c.createStatement().executeQuery("SELECT x FROM r")) {
            assertTrue(rs.next());
            return Double.doubleToRawLongBits(rs.getDouble(1))
                    != Double.doubleToRawLongBits(DumpReadersCompatTest.MISREAD_VALUE);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Runs {@code cmd} in {@code cwd}; its stdout lines, or a failure with its stderr. */
    private static List<String> run(List<String> cmd, Path cwd) throws Exception {
        Path out = Files.createTempFile(cwd, "tool", ".out");
        Path err = Files.createTempFile(cwd, "tool", ".err");
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + Files.readString(err));
            assertFalse(Files.readString(err).contains("rror"), Files.readString(err));
            return Files.readAllLines(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
