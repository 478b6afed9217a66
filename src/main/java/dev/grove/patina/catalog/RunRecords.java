package dev.grove.patina.catalog;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of the runs table (a run's outcomes: {@link OutcomeRecords}; its log: {@link LogRecords}; its unfinished
 * puts: {@link PutRecords}). Called inside a catalog transaction.
 */
final class RunRecords {
    private static final String RUN_COLUMNS =
            "id, kind, \"trigger\", run_date, started_at, ended_at, status, catch_up_of, node, recovered";

    private RunRecords() {
    }

    static void insertRun(Connection c, String id, RunKind kind, String trigger, LocalDate runDate, long startedAt,
                          String catchUpOf, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (id, kind, \"trigger\", run_date, "
                + "started_at, status, catch_up_of, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, kind.id());
            ps.setString(3, trigger);
            ps.setString(4, runDate.toString());
            ps.setLong(5, startedAt);
            ps.setString(6, RunStatus.RUNNING.id());
            Rows.setText(ps, 7, catchUpOf);
            Rows.setText(ps, 8, node);
            ps.executeUpdate();
        }
    }

    /** Records that run {@code id} is a recovered fire; how many rows changed (0 or 1). */
    static int markRecovered(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET recovered = 1 WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate();
        }
    }

    /** @throws IllegalArgumentException when there is no run {@code id} */
    static void require(Connection c, String id) throws SQLException {
        if (!exists(c, id)) {
            throw new IllegalArgumentException("the catalog has no run " + id);
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

    /**
     * Takes run {@code id}'s row for this transaction when the run is still running (an update that changes nothing:
     * PostgreSQL locks the row, SQLite the database), so that no {@link #finish} slips in before the transaction ends.
     *
     * @return false when there is no such run, or it has ended
     */
    static boolean holdWhileRunning(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = status WHERE id = ? AND status = ?")) {
            ps.setString(1, id);
            ps.setString(2, RunStatus.RUNNING.id());
            return ps.executeUpdate() == 1;
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
            return Rows.strings(ps);
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
                    LogRecords.insert(c, id, now, "WARN", message);
                    count++;
                }
            }
        }
        return count;
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
                          java.time.Instant endedAt, RunStatus status, String catchUpOf, String node,
                          boolean recovered) {
    }

    private static List<RunSummary> runs(Connection c, PreparedStatement ps) throws SQLException {
        List<RunEntry> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new RunEntry(rs.getString("id"), RunKind.parse(rs.getString("kind")), rs.getString("trigger"),
                        Rows.date(rs, "run_date"), Rows.instant(rs, "started_at"), Rows.instant(rs, "ended_at"),
                        RunStatus.parse(rs.getString("status")), rs.getString("catch_up_of"), rs.getString("node"),
                        rs.getInt("recovered") != 0));
            }
        }
        Map<String, List<DatabaseOutcome>> outcomes =
                OutcomeRecords.ofRuns(c, rows.stream().map(RunEntry::id).toList());
        List<RunSummary> out = new ArrayList<>(rows.size());
        for (RunEntry r : rows) {
            out.add(new RunSummary(r.id(), r.kind(), r.trigger(), r.runDate(), r.startedAt(), r.endedAt(), r.status(),
                    r.catchUpOf(), outcomes.getOrDefault(r.id(), List.of()), r.node(), r.recovered()));
        }
        return out;
    }
}
