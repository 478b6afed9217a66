package dev.grove.patina.dump;

import dev.grove.patina.util.Bytes;
import dev.grove.patina.util.FileTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The rules of a restore's target file: what may be restored onto (before anything is written), and the target as
 * SQLite opens it after the rename (RELIABILITY 25).
 */
final class TargetRules {
    private TargetRules() {
    }

    /** Refuses a target that is a folder, in no folder, the dump itself, or holds data (or sidecars) unforced. */
    static void checkBefore(Path dump, Path target, boolean force) {
        if (Files.isDirectory(target)) {
            throw new DumpException("restore target " + target + " is a directory; name a database file");
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new DumpException("the folder of restore target " + target + " does not exist");
        }
        try {
            FileTargets.refuseSources(target, List.of(dump));
        } catch (FileTargets.RefusedException e) {
            throw new DumpException("restore target " + e.getMessage(), e);
        }
        if (force) {
            return;
        }
        if (FileTargets.holdsData(target)) {
            throw new DumpException("restore target " + target + " exists and is not empty; "
                    + "choose a new file or confirm the replacement with --force (the old file is kept as "
                    + FileTargets.nextKept(target, FileTargets.SQLITE_SIDECARS).getFileName() + ")");
        }
        List<Path> sidecars = FileTargets.sqliteSidecars(target);
        if (!sidecars.isEmpty()) {
            throw new DumpException(strayMessage(target, sidecars) + "; nothing was written. Move "
                    + (sidecars.size() == 1 ? "it" : "them") + " away (stop any application that still has "
                    + target.getFileName() + " open first), or pass --force to keep "
                    + (sidecars.size() == 1 ? "it" : "them") + " aside as " + sidecars.get(0).getFileName()
                    + ".stray-<time> and restore");
        }
    }

    static String strayMessage(Path target, List<Path> sidecars) {
        StringBuilder b = new StringBuilder("restore target " + target + " "
                + (Files.exists(target) ? "is empty" : "does not exist") + " but ");
        for (int i = 0; i < sidecars.size(); i++) {
            Path p = sidecars.get(i);
            b.append(i == 0 ? "" : i == sidecars.size() - 1 ? " and " : ", ").append(p.getFileName());
            try {
                b.append(" (").append(Bytes.formatBytes(Files.size(p))).append(", modified ")
                        .append(Files.getLastModifiedTime(p).toInstant().truncatedTo(ChronoUnit.SECONDS)).append(')');
            } catch (IOException ignored) {
                // the name is enough
            }
        }
        return b.append(sidecars.size() == 1 ? " lies" : " lie").append(" beside it: SQLite would replay ")
                .append(sidecars.size() == 1 ? "it" : "them").append(" over the restored database on its first "
                        + "open (").append(sidecars.size() == 1 ? "a leftover" : "leftovers")
                .append(" of a database that was there)").toString();
    }

    /**
     * Checks the target as SQLite opens it, after the rename: no sidecar beside it, {@code integrity_check} ok and
     * every table's row count what was loaded (RELIABILITY 25); counts its foreign-key violations (a warning, ADR
     * 0003). {@code integrity_check} runs on a connection of its own on a second thread while this one takes
     * {@code foreign_key_check} and the counts (ADR 0022): both only read the file.
     */
    static void checkAsOpened(Path target, LoadedDump loaded) throws SQLException {
        List<Path> sidecars = FileTargets.sqliteSidecars(target);
        if (!sidecars.isEmpty()) {
            throw new DumpException(sidecars.stream().map(p -> p.getFileName().toString())
                    .collect(Collectors.joining(" and ")) + " appeared beside " + target
                    + " during the restore (is an application using it?): SQLite would replay "
                    + (sidecars.size() == 1 ? "it" : "them") + " over the restored database");
        }
        ExecutorService integrityThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "patina-restore-integrity");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<List<String>> integrity = integrityThread.submit(() -> integrityProblems(target));
            DumpException countProblem = null;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target.toAbsolutePath());
                 Statement s = c.createStatement()) {
                s.execute("PRAGMA cache_size = -65536");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pragma_foreign_key_check")) {
                    loaded.fkViolations = rs.next() ? rs.getLong(1) : 0;
                }
                for (Map.Entry<String, Long> e : loaded.counts.entrySet()) {
                    long now = LoadVerifier.count(s, e.getKey());
                    if (now != e.getValue()) {
                        countProblem = new DumpException("table " + e.getKey() + " holds " + now + " rows in "
                                + target + " as SQLite opens it, but " + e.getValue() + " were restored");
                        break;
                    }
                }
            } finally {
                // the integrity check's own connection is closed before anything is renamed back
                awaitQuietly(integrity);
            }
            List<String> problems = result(integrity);
            if (!problems.isEmpty()) {
                throw new DumpException("the restored database fails PRAGMA integrity_check: "
                        + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
            }
            if (countProblem != null) {
                throw countProblem;
            }
            if (loaded.fkViolations > 0) {
                loaded.warnings.add(loaded.fkViolations + " foreign-key violation(s) reported by PRAGMA "
                        + "foreign_key_check; " + (loaded.checksumVerified ? "the dump's checksum matched, so they "
                        + "were in the source as well" : "check the source database"));
            }
        } finally {
            integrityThread.shutdownNow();
        }
    }

    private static List<String> integrityProblems(Path target) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target.toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA cache_size = -65536");
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    String line = rs.getString(1);
                    if (!"ok".equals(line)) {
                        problems.add(line);
                    }
                }
            }
        }
        return problems;
    }

    private static void awaitQuietly(Future<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> result(Future<List<String>> integrity) throws SQLException {
        try {
            return integrity.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DumpException("the restore was interrupted during PRAGMA integrity_check", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException q) {
                throw q;
            }
            throw new DumpException("PRAGMA integrity_check of the restored database failed: " + e.getCause(),
                    e.getCause());
        }
    }
}
