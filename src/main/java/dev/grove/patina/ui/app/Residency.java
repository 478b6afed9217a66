package dev.grove.patina.ui.app;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.host.InstanceLock;
import dev.grove.patina.host.ResidentServices;
import dev.grove.patina.run.RunningJob;
import dev.grove.patina.schedule.SchedulerService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this console runs the schedule. It does when it takes the catalog's instance lock: then it starts the
 * {@link ResidentServices} (scheduler, API, heartbeat) and listens for a second start asking it to show its window.
 * When another console holds the lock, that one is asked to show itself and this start ends
 * ({@link AlreadyOpenException}); when {@code patina daemon} holds it, this console only shows and triggers.
 */
final class Residency implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Residency.class);
    /** Daily log files kept, as {@code patina daemon} keeps them. */
    static final int KEEP_LOG_DAYS = 14;

    private final InstanceLock lock;
    private final String runBy;
    /** Set once by {@link #start}; read from the GUI thread and the shutdown hook. */
    private volatile ResidentServices services;
    private volatile String apiProblem;
    /** Guarded by {@code this}: set by the first {@link #stop}; a start or an activation after it does nothing. */
    private boolean stopping;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    private Residency(InstanceLock lock, String runBy) {
        this.lock = lock;
        this.runBy = runBy;
    }

    /** A console that runs no schedule (tests of the window alone). */
    static Residency none() {
        return new Residency(null, null);
    }

    /**
     * Takes the schedule over {@code runtime}'s catalog (the lock only: quick, before the first frame; the services
     * start in {@link #start}), or finds who has it.
     *
     * @throws AlreadyOpenException when another console has it and was asked to show its window
     */
    static Residency take(PatinaRuntime runtime) {
        if (runtime.config().cluster().isPresent()) {
            // the cluster's daemons run its schedule (issue 17, ADR 0029): a console pointed at the cluster's catalog
            // is never one more scheduler (it would fire every night a second time, outside the cluster's queue)
            String who = clusterLine(runtime);
            LOG.info("the schedule runs in {}: this console only shows and triggers", who);
            return new Residency(null, who);
        }
        Path folder = runtime.config().catalog().path().toAbsolutePath().getParent();
        Optional<InstanceLock> taken = InstanceLock.tryAcquire(folder, InstanceLock.Role.CONSOLE);
        if (taken.isEmpty()) {
            Optional<InstanceLock.Holder> holder = InstanceLock.holder(folder);
            if (holder.isPresent() && holder.get().role() == InstanceLock.Role.CONSOLE
                    && InstanceLock.askToShow(holder.get())) {
                throw new AlreadyOpenException(holder.get());
            }
            String who = holder.map(InstanceLock.Holder::describe).orElse("another Patina process");
            LOG.info("the schedule runs in {}: this console only shows and triggers", who);
            return new Residency(null, who);
        }
        return new Residency(taken.get(), null);
    }

    /** "the cluster at db:5432 (nodes: a alive, b late)": who runs the schedule of a {@code [cluster]} config. */
    static String clusterLine(PatinaRuntime runtime) {
        String server = runtime.config().cluster().orElseThrow().hostPort();
        return runtime.clusterNodes().map(nodes -> {
            var look = nodes.look(Duration.ofSeconds(2));
            if (!look.reachable()) {
                return "the cluster at " + server + " (its nodes cannot be read now: " + look.problem() + ")";
            }
            if (look.nodes().isEmpty()) {
                return "the cluster at " + server + " (no node has checked in yet)";
            }
            return "the cluster at " + server + " (nodes: " + look.nodes().stream()
                    .map(n -> n.name() + " " + n.state()).collect(java.util.stream.Collectors.joining(", ")) + ")";
        }).orElse("the cluster at " + server);
    }

    /** True when this console holds the lock and has not stopped: it runs (or is starting) the schedule. */
    synchronized boolean runsSchedule() {
        return lock != null && !stopping;
    }

    /**
     * Starts the scheduler (cleaning up after a previous process, catching up a missed run), the API when enabled
     * and the heartbeat; slow with a remote store (it lists unfinished uploads), so the console calls it off the FX
     * thread after its first frame. An API that cannot listen is reported by {@link #apiProblem()}; the schedule
     * runs without it.
     *
     * @return the running scheduler
     * @throws IllegalStateException when this console does not hold the lock, or the scheduler cannot start
     */
    synchronized SchedulerService start(PatinaRuntime runtime) {
        if (lock == null || stopping) {
            throw new IllegalStateException("this console does not run the schedule");
        }
        if (services != null) {
            return services.scheduler();
        }
        Path folder = runtime.config().catalog().path().toAbsolutePath().getParent();
        // the process that runs the schedule keeps its log where the daemon keeps it
        dev.grove.patina.app.LogSetup.addDailyFile(folder.resolve("logs"), KEEP_LOG_DAYS);
        services = ResidentServices.startTolerant(runtime);
        apiProblem = services.apiProblem();
        return services.scheduler();
    }

    /**
     * Lets a second start of Patina bring this window up ({@code onShow} runs on a background thread) and the CLI
     * hand its runs to {@code runs} (the console's one run service) while this console holds the catalog.
     */
    synchronized void listenForActivation(Runnable onShow, dev.grove.patina.run.RunService runs) {
        if (lock == null || stopping) {
            return;
        }
        try {
            lock.listen(new dev.grove.patina.host.RunTaker(runs).withWindow(onShow));
        } catch (java.io.IOException e) {
            LOG.warn("a second start (and the CLI) cannot reach this console: {}", e.getMessage());
        }
    }

    /** The scheduler this console runs, or empty. */
    Optional<SchedulerService> scheduler() {
        return services == null ? Optional.empty() : Optional.of(services.scheduler());
    }

    /** Who runs the schedule when this console does not ("patina daemon (pid 12)"), or null. */
    String runBy() {
        return runBy;
    }

    /** Why the API is not served although enabled, or null. */
    String apiProblem() {
        return apiProblem;
    }

    Optional<Integer> apiPort() {
        return services == null ? Optional.empty() : services.apiPort();
    }

    /** The scheduler's runs going now (empty when this console runs no schedule). */
    List<RunningJob> running() {
        return services == null ? List.of() : services.scheduler().runs().running();
    }

    /**
     * Stops the resident services (waiting up to {@code grace} for runs, then interrupting them) and releases the
     * lock. Idempotent: a second call (the shutdown hook during a quit that waits) does not block on the first; it
     * waits at most {@code grace} for it to end.
     *
     * @return true when every run ended by itself
     */
    boolean stop(Duration grace) {
        ResidentServices toStop;
        boolean first;
        synchronized (this) {
            first = !stopping;
            stopping = true;
            toStop = services;
        }
        if (!first) {
            // a stop is under way (a quit that waits for a run): hurry it, and wait for it a bounded time
            if (toStop != null) {
                SchedulerService s = toStop.scheduler();
                s.runs().running().forEach(job -> s.runs().cancel(job.ticket()));
            }
            try {
                return stopped.await(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        try {
            return toStop == null || toStop.stop(grace);
        } finally {
            if (lock != null) {
                lock.close();
                dev.grove.patina.app.LogSetup.removeDailyFile();
            }
            stopped.countDown();
        }
    }

    @Override
    public void close() {
        stop(SchedulerService.DEFAULT_GRACE);
    }

    /** Another console runs over this catalog and was asked to show its window. */
    static final class AlreadyOpenException extends RuntimeException {
        AlreadyOpenException(InstanceLock.Holder holder) {
            super("Patina is already open (pid " + holder.pid() + "): its window was brought to the front");
        }
    }
}
