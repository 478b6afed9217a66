package dev.grove.patina.schedule.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The cluster's record of who executed which scheduled run ({@code patina_fires}, migration V2): one row when a node
 * starts executing a fire time Quartz gave it (or recovered from a node that died), completed when the run ends.
 * Until the catalog moves to PostgreSQL (phase 2, ADR 0017) this is the one place that shows, across nodes, that
 * each fire time ran once.
 */
public final class FireLog {
    private final ClusterDatabase db;

    public FireLog(ClusterDatabase db) {
        this.db = db;
    }

    /**
     * Records that {@code node} starts executing the {@code kind} run of {@code fireTime}.
     *
     * @return the row's id, for {@link #ended}
     * @throws IllegalStateException naming the server when the row cannot be written
     */
    public long started(String kind, Instant fireTime, String node, boolean recovering, Instant now) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + db.schema() + ".patina_fires (kind, fire_time, node, recovering, started_at) "
                + "VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            ps.setString(1, kind);
            ps.setTimestamp(2, Timestamp.from(fireTime));
            ps.setString(3, node);
            ps.setBoolean(4, recovering);
            ps.setTimestamp(5, Timestamp.from(now));
            long id;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            c.commit();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the " + kind + " fire of " + fireTime + " in the cluster's "
                    + "PostgreSQL at " + db.hostPort() + ": " + e.getMessage(), e);
        }
    }

    /** Records how the run of row {@code id} ended ({@code finished}, {@code failed}, {@code skipped}, …). */
    public void ended(long id, String outcome, Instant now) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("UPDATE "
                + db.schema() + ".patina_fires SET ended_at = ?, outcome = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, outcome);
            ps.setLong(3, id);
            ps.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the end of fire " + id + " in the cluster's PostgreSQL at "
                    + db.hostPort() + ": " + e.getMessage(), e);
        }
    }

    /** One execution of a fire time (or of a queued order) by a node; {@code endedAt} and {@code outcome} null while
     * it runs. */
    public record Fire(String node, boolean recovering, Instant startedAt, Instant endedAt, String outcome) {
    }

    /**
     * The latest execution of the {@code kind} run of {@code fireTime} (a recovery comes after the execution it
     * recovers), or empty while no node took it.
     *
     * @throws IllegalStateException naming the server when it cannot be read
     */
    public java.util.Optional<Fire> latest(String kind, Instant fireTime) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT node, recovering, "
                + "started_at, ended_at, outcome FROM " + db.schema() + ".patina_fires WHERE kind = ? AND fire_time = ? "
                + "ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, kind);
            ps.setTimestamp(2, Timestamp.from(fireTime));
            ps.setQueryTimeout(5);
            java.util.Optional<Fire> out = java.util.Optional.empty();
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Timestamp ended = rs.getTimestamp(4);
                    out = java.util.Optional.of(new Fire(rs.getString(1), rs.getBoolean(2),
                            rs.getTimestamp(3).toInstant(), ended == null ? null : ended.toInstant(), rs.getString(5)));
                }
            }
            c.rollback();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cluster's fires in its PostgreSQL at " + db.hostPort()
                    + ": " + e.getMessage(), e);
        }
    }
}
