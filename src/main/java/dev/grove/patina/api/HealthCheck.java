package dev.grove.patina.api;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.backup.BackupFreshness;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.schedule.SchedulerService;
import dev.grove.patina.schedule.cluster.ClusterNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What "healthy" means, as {@code patina status} has it: every configured database has a good backup younger than
 * {@link BackupFreshness#STALE_AFTER}, no replica is stale ({@link dev.grove.patina.backup.replica.ReplicaState}:
 * its last sync failed, or it lacks an object older than that), and the scheduler runs. Shared by
 * {@code GET /health} and the {@link HeartbeatPinger}.
 *
 * <p>In a cluster (issue 17) the catalog is in the cluster's PostgreSQL: the check first looks at the cluster,
 * bounded by {@link #CLUSTER_TIMEOUT}; when PostgreSQL does not answer, that is the reason (the node can neither
 * read its backups' ages nor record a run) and the catalog is not asked. Other nodes being late or dead is
 * reported, not a reason: each node's health is its own.
 */
public final class HealthCheck {
    /** How long a health check waits for the cluster's PostgreSQL. */
    public static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(2);

    private final PatinaRuntime runtime;
    private final SchedulerService scheduler;

    /** @param scheduler null when no scheduler runs in this process (always unhealthy) */
    public HealthCheck(PatinaRuntime runtime, SchedulerService scheduler) {
        this.runtime = runtime;
        this.scheduler = scheduler;
    }

    /** Why Patina is unhealthy at {@code now}; empty when it is healthy. */
    public List<String> problems(Instant now) {
        return problems(now, lookAtCluster().orElse(null));
    }

    /** One bounded look at the cluster ({@link #CLUSTER_TIMEOUT}); empty without {@code [cluster]}. */
    public Optional<ClusterNodes.ClusterLook> lookAtCluster() {
        return runtime.clusterNodes().map(n -> n.look(CLUSTER_TIMEOUT));
    }

    /** Why Patina is unhealthy at {@code now}, given the look at the cluster (null: no cluster). */
    public List<String> problems(Instant now, ClusterNodes.ClusterLook cluster) {
        List<String> reasons = new ArrayList<>();
        if (scheduler == null) {
            reasons.add("the scheduler is not running in this process");
        } else if (!scheduler.isRunning()) {
            reasons.add("the scheduler is " + (scheduler.isPaused() ? "paused" : "not running"));
        }
        if (cluster != null && !cluster.reachable()) {
            reasons.add(cluster.problem() + " (the catalog is there: backups' ages cannot be read)");
            return reasons;
        }
        for (String db : runtime.backups().databaseNames()) {
            reasons.addAll(problems(db, now));
        }
        runtime.replicaSync().states(now).stream().filter(dev.grove.patina.backup.replica.ReplicaState::isStale)
                .forEach(r -> reasons.add(r.stale()));
        return reasons;
    }

    /**
     * Why database {@code db} is unhealthy at {@code now} (no good backup, the last good one too old, the newest
     * damaged); empty when it is healthy. The one definition {@code /health}, {@code /status} and the heartbeat use.
     */
    public List<String> problems(String db, Instant now) {
        List<String> reasons = new ArrayList<>();
        Optional<StoredObject> good = runtime.catalog().latestGood(db);
        if (good.isEmpty()) {
            reasons.add(db + ": no good backup yet");
        } else {
            Duration age = Duration.between(good.get().createdAt(), now);
            if (!BackupFreshness.isFresh(good.get().createdAt(), now)) {
                reasons.add(db + ": last good backup " + good.get().key() + " is " + age.toHours()
                        + " h old (more than " + BackupFreshness.limitText() + ")");
            }
        }
        runtime.catalog().latestDaily(db).filter(StoredObject::damaged).ifPresent(o -> reasons.add(db
                + ": the newest backup " + o.key() + " is damaged: " + o.damage()));
        return reasons;
    }

    public boolean healthy(Instant now) {
        return problems(now).isEmpty();
    }
}
