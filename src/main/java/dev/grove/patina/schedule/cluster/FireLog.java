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
}
