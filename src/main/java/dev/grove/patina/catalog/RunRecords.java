package dev.grove.patina.catalog;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the runs, database_results and run_log tables. Called by {@link Catalog} inside a transaction. */
final class RunRecords {
    private static final String RUN_COLUMNS =
            "id, kind, \"trigger\", run_date, started_at, ended_at, status, catch_up_of";

    /** Run ids per {@code IN (…)} query, well below SQLite's limit on bound parameters. */
    private static final int IN_CHUNK = 500;

    private RunRecords() {
    }

    static void insertRun(Connection c, String id, RunKind kind, String trigger, LocalDate runDate, long startedAt,
                          String catchUpOf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (id, kind, \"trigger\", run_date, "
                + "started_at, status, catch_up_of) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, kind.id());
            ps.setString(3, trigger);
            ps.setString(4, runDate.toString());
            ps.setLong(5, startedAt);
            ps.setString(6, RunStatus.RUNNING.id());
            Rows.setText(ps, 7, catchUpOf);
            ps.executeUpdate();
        }
    }

    static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM runs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void upsertResult(Connection c, String runId, DatabaseOutcome o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO database_results (run_id, database, status, "
                + "\"rows\", row_counts, bytes, duration_ms, error, object_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (run_id, database) DO UPDATE SET status = excluded.status, "
                + "\"rows\" = excluded.\"rows\", row_counts = excluded.row_counts, bytes = excluded.bytes, "
                + "duration_ms = excluded.duration_ms, error = excluded.error, object_key = excluded.object_key")) {
            ps.setString(1, runId);
            ps.setString(2, o.database());
            ps.setString(3, o.status().id());
            ps.setLong(4, o.rows());
            ps.setString(5, RowCountsJson.write(o.rowCounts()));
            ps.setLong(6, o.bytes());
            ps.setLong(7, o.duration() == null ? 0 : o.duration().toMillis());
            Rows.setText(ps, 8, o.error());
            Rows.setText(ps, 9, o.objectKey());
            ps.executeUpdate();
        }
    }

    static int finish(Connection c, String id, RunStatus status, long endedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, ended_at = ? WHERE id = ?")) {
            ps.setString(1, status.id());
            ps.setLong(2, endedAt);
            ps.setString(3, id);
            return ps.executeUpdate();
        }
    }

    /** The ids of the runs recorded as running, oldest first. */
    static List<String> runningIds(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM runs WHERE status = ? ORDER BY started_at, id")) {
            ps.setString(1, RunStatus.RUNNING.id());
            return ids(ps);
        }
    }

    /** Marks the given runs, if still running, interrupted with {@code message} in their log. */
    static int markInterrupted(Connection c, List<String> ids, long now, String message) throws SQLException {
        int count = 0;
        for (String id : ids) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET status = ?, ended_at = ? WHERE id = ? AND status = ?")) {
                ps.setString(1, RunStatus.INTERRUPTED.id());
                ps.setLong(2, now);
                ps.setString(3, id);
                ps.setString(4, RunStatus.RUNNING.id());
                if (ps.executeUpdate() > 0) {
                    insertLog(c, id, now, "WARN", message);
                    count++;
                }
            }
        }
        return count;
    }

    static void insertPut(Connection c, String runId, String key, long at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_puts (run_id, \"key\", started_at) "
                + "VALUES (?, ?, ?) ON CONFLICT (run_id, \"key\") DO UPDATE SET started_at = excluded.started_at")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            ps.setLong(3, at);
            ps.executeUpdate();
        }
    }

    static void deletePut(Connection c, String runId, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM run_puts WHERE run_id = ? AND \"key\" = ?")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    static void clearPuts(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM run_puts WHERE run_id = ?")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
    }

    /** The keys run {@code runId} has unfinished puts of, in key order. */
    static List<String> puts(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT \"key\" FROM run_puts WHERE run_id = ? ORDER BY \"key\"")) {
            ps.setString(1, runId);
            return ids(ps);
        }
    }

    /** The runs that have unfinished puts. */
    static List<String> idsWithPuts(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT run_id FROM run_puts ORDER BY run_id")) {
            return ids(ps);
        }
    }

    private static List<String> ids(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static void insertLog(Connection c, String runId, long at, String level, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_log (run_id, at, level, message) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setLong(2, at);
            ps.setString(3, level);
            ps.setString(4, message);
            ps.executeUpdate();
        }
    }

    static List<LogLine> log(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT run_id, at, level, message FROM run_log WHERE run_id = ? ORDER BY id")) {
            ps.setString(1, runId);
            List<LogLine> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new LogLine(rs.getString("run_id"), Rows.instant(rs, "at"), rs.getString("level"),
                            rs.getString("message")));
                }
            }
            return lines;
        }
    }

    static Optional<RunSummary> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?")) {
            ps.setString(1, id);
            return first(runs(c, ps));
        }
    }

    static List<RunSummary> recent(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + RUN_COLUMNS + " FROM runs ORDER BY started_at DESC, id LIMIT ?")) {
            ps.setInt(1, limit);
            return runs(c, ps);
        }
    }

    static Optional<RunSummary> last(Connection c, RunKind kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS
                + " FROM runs WHERE kind = ? ORDER BY started_at DESC, id LIMIT 1")) {
            ps.setString(1, kind.id());
            return first(runs(c, ps));
        }
    }

    static List<RunSummary> on(Connection c, RunKind kind, LocalDate runDate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS
                + " FROM runs WHERE kind = ? AND run_date = ? ORDER BY started_at DESC, id")) {
            ps.setString(1, kind.id());
            ps.setString(2, runDate.toString());
            return runs(c, ps);
        }
    }

    private static Optional<RunSummary> first(List<RunSummary> runs) {
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    private record RunEntry(String id, RunKind kind, String trigger, LocalDate runDate, java.time.Instant startedAt,
                          java.time.Instant endedAt, RunStatus status, String catchUpOf) {
    }

    private static List<RunSummary> runs(Connection c, PreparedStatement ps) throws SQLException {
        List<RunEntry> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new RunEntry(rs.getString("id"), RunKind.parse(rs.getString("kind")), rs.getString("trigger"),
                        Rows.date(rs, "run_date"), Rows.instant(rs, "started_at"), Rows.instant(rs, "ended_at"),
                        RunStatus.parse(rs.getString("status")), rs.getString("catch_up_of")));
            }
        }
        Map<String, List<DatabaseOutcome>> outcomes = outcomes(c, rows.stream().map(RunEntry::id).toList());
        List<RunSummary> out = new ArrayList<>(rows.size());
        for (RunEntry r : rows) {
            out.add(new RunSummary(r.id(), r.kind(), r.trigger(), r.runDate(), r.startedAt(), r.endedAt(), r.status(),
                    r.catchUpOf(), outcomes.getOrDefault(r.id(), List.of())));
        }
        return out;
    }

    /** The outcomes of the given runs, by run id, each list in the order of database names. */
    private static Map<String, List<DatabaseOutcome>> outcomes(Connection c, List<String> runIds)
            throws SQLException {
        Map<String, List<DatabaseOutcome>> out = new HashMap<>();
        for (int from = 0; from < runIds.size(); from += IN_CHUNK) {
            List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + IN_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, database, status, row_counts, bytes, "
                    + "duration_ms, error, object_key FROM database_results WHERE run_id IN (" + marks + ") "
                    + "ORDER BY run_id, database")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DatabaseOutcome o = new DatabaseOutcome(rs.getString("database"),
                                RunStatus.parse(rs.getString("status")), rs.getString("object_key"),
                                RowCountsJson.read(rs.getString("row_counts")), rs.getLong("bytes"),
                                Duration.ofMillis(rs.getLong("duration_ms")), rs.getString("error"));
                        out.computeIfAbsent(rs.getString("run_id"), k -> new ArrayList<>()).add(o);
                    }
                }
            }
        }
        return out;
    }
}
