package dev.grove.patina.schedule;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.schedule.cluster.PostgresWatch;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patina without a window: the scheduler over a {@link PatinaRuntime}. {@link #start} cleans up after a previous
 * process that died (opening the runtime already marked the runs of dead processes INTERRUPTED and removed their
 * leftovers; runs this process left RUNNING are marked too, day-old unfinished uploads aborted), then starts the
 * scheduler, which catches up a missed nightly or weekly. {@link #stop} stops firing, waits (bounded) for the
 * running runs, and marks whatever did not finish INTERRUPTED. The caller owns and closes the runtime.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** The environment variable that sets how long PostgreSQL may be lost before the alert, in seconds. */
    public static final String OUTAGE_ALERT_AFTER_ENV = "PATINA_PG_OUTAGE_ALERT_AFTER";

    private final PatinaRuntime runtime;
    private final SchedulerService scheduler;
    /** In a cluster: the watch on its PostgreSQL (one line and one alert per outage); null alone. */
    private final PostgresWatch watch;

    private Daemon(PatinaRuntime runtime, SchedulerService scheduler, PostgresWatch watch) {
        this.runtime = runtime;
        this.scheduler = scheduler;
        this.watch = watch;
    }

    /** {@value #OUTAGE_ALERT_AFTER_ENV} in seconds, or {@link PostgresWatch#ALERT_AFTER}. */
    static Duration outageAlertAfter(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return PostgresWatch.ALERT_AFTER;
        }
        try {
            long s = Long.parseLong(seconds.strip());
            if (s >= 1) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(OUTAGE_ALERT_AFTER_ENV + " must be a whole number of seconds >= 1 "
                + "(found '" + seconds + "')");
    }

    /** Cleans up after a previous process and starts the scheduler. */
    public static Daemon start(PatinaRuntime runtime) {
        int interrupted = runtime.catalog().markInterruptedRuns();
        if (interrupted > 0) {
            LOG.warn("{} run(s) left running marked interrupted", interrupted);
        }
        try {
            // a day old, as the nightly does: safe even while a CLI backup beside us is uploading
            int aborted = runtime.store().cleanUpInterruptedPuts(runtime.clock().instant().minus(Duration.ofDays(1)));
            if (aborted > 0) {
                LOG.warn("aborted {} unfinished upload(s) left by an interrupted run", aborted);
            }
        } catch (Exception e) {
            LOG.warn("could not clean up unfinished uploads: {}", runtime.redactor().redact(String.valueOf(
                    e.getMessage())));
        }
        var cluster = runtime.config().cluster();
        Duration alertAfter = cluster.isPresent() ? outageAlertAfter(System.getenv(OUTAGE_ALERT_AFTER_ENV)) : null;
        SchedulerService scheduler = cluster.isPresent()
                ? SchedulerService.clustered(runtime.config().schedule(), runtime.runs(), runtime.catalog(),
                        runtime.clock(), cluster.get(), runtime.backups(), runtime.clusterParts().orElse(null))
                : new SchedulerService(runtime.config().schedule(), runtime.runs(), runtime.catalog(),
                        runtime.clock());
        try {
            scheduler.start();
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
        PostgresWatch watch = cluster.map(c -> PostgresWatch.start(c, runtime.notifier(), runtime.clock(),
                alertAfter, runtime::retakeClusterLocks)).orElse(null);
        LOG.info("daemon started over {}{}", runtime.store().describe(), scheduler.clusterNode().map(n -> ", node " + n
                + " of the cluster at " + cluster.get().hostPort()).orElse(""));
        return new Daemon(runtime, scheduler, watch);
    }

    public SchedulerService scheduler() {
        return scheduler;
    }

    /**
     * Stops the scheduler, waiting up to {@code grace} for running runs before interrupting them, then marks runs
     * still RUNNING in the catalog INTERRUPTED. Idempotent.
     *
     * @return true when every run ended by itself within the grace period
     */
    public boolean stop(Duration grace) {
        boolean clean = scheduler.shutdown(grace);
        if (watch != null) {
            watch.close();
        }
        try {
            int marked = runtime.catalog().markInterruptedRuns();
            if (marked > 0) {
                LOG.warn("{} unfinished run(s) marked interrupted", marked);
            }
        } catch (IllegalStateException closedAlready) {
            // the runtime was closed first: its runs are marked at the next start
        }
        LOG.info("daemon stopped");
        return clean;
    }
}
