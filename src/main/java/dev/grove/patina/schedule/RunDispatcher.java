package dev.grove.patina.schedule;

import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.util.JobIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane per kind of run: at most one run of a kind executes at a time, and at most one more waits behind it.
 * A trigger while its kind runs is queued (it runs once right after); further triggers are merged into the queued
 * one — never lost, never doubled. Runs execute on this dispatcher's own small pool, so a Quartz thread or the FX
 * thread that triggers never blocks. Different kinds may run at once; two runs never back up one database at once
 * because the backup service takes a per-database lock.
 */
final class RunDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RunDispatcher.class);
    /** How long a shutdown waits for interrupted runs to record how they ended. */
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(35);

    private final Map<RunKind, ScheduledWork> works;
    private final RunGuard guard;
    private final Clock clock;
    private final Listeners listeners;
    private final boolean cleanupAfterWeekly;
    private final ExecutorService pool;
    /** Guarded by {@code this}. */
    private final Map<RunKind, Lane> lanes = new EnumMap<>(RunKind.class);
    /** Guarded by {@code this}. */
    private boolean closed;

    private static final class Lane {
        RunRequest current;
        LiveRun live;
        RunRequest queued;
        /** The thread executing {@code current}, so a cancel can interrupt it; null until it starts. */
        Thread thread;
        /** A cancel of {@code current} that came before its thread started. */
        boolean cancelBeforeStart;
        /** {@code current} was cancelled: it does not count as having run (no cleanup is chained to it). */
        boolean cancelled;
    }

    RunDispatcher(Map<RunKind, ScheduledWork> works, RunGuard guard, Clock clock, Listeners listeners,
                  boolean cleanupAfterWeekly) {
        this.works = new EnumMap<>(works);
        this.guard = guard;
        this.clock = clock;
        this.listeners = listeners;
        this.cleanupAfterWeekly = cleanupAfterWeekly;
        this.pool = Executors.newFixedThreadPool(RunKind.values().length, r -> {
            Thread t = new Thread(r, "patina-run");
            t.setDaemon(true);
            return t;
        });
        for (RunKind k : RunKind.values()) {
            lanes.put(k, new Lane());
        }
    }

    boolean available(RunKind kind) {
        ScheduledWork w = works.get(kind);
        return w != null && w.available();
    }

    /** Starts, queues or merges a trigger; never blocks on a run. */
    TriggerResult submit(RunKind kind, String trigger, Instant fireTime, String catchUpOf) {
        ScheduledWork work = works.get(kind);
        if (work == null || !work.available()) {
            String why = work == null ? "no " + kind.id() + " run is configured" : work.unavailableReason();
            TriggerResult r = new TriggerResult(TriggerResult.Outcome.UNAVAILABLE, kind, null, why);
            LOG.info("{} trigger of the {} run: {}", trigger, kind.id(), why);
            listeners.publish(new SchedulerEvent.Skipped(kind, trigger, why));
            return r;
        }
        RunRequest request = new RunRequest(JobIds.newId(), kind, trigger, fireTime, catchUpOf);
        TriggerResult result;
        synchronized (this) {
            if (closed) {
                return new TriggerResult(TriggerResult.Outcome.CLOSED, kind, null, "the scheduler is shutting down");
            }
            Lane lane = lanes.get(kind);
            if (lane.current == null) {
                lane.current = request;
                pool.execute(() -> execute(request));
                result = new TriggerResult(TriggerResult.Outcome.STARTED, kind, request.ticket(), "started");
            } else if (lane.queued == null) {
                lane.queued = request;
                result = new TriggerResult(TriggerResult.Outcome.QUEUED, kind, request.ticket(),
                        "a " + kind.id() + " run is in progress: this one runs right after it");
            } else {
                if (!request.guarded() && lane.queued.guarded()) {
                    // a manual trigger must not be swallowed by a queued scheduled run that its guard may skip
                    lane.queued = new RunRequest(lane.queued.ticket(), kind, trigger, fireTime, catchUpOf);
                }
                result = new TriggerResult(TriggerResult.Outcome.MERGED, kind, lane.queued.ticket(),
                        "a " + kind.id() + " run is in progress and another is queued: merged into the queued one");
            }
        }
        if (result.outcome() != TriggerResult.Outcome.STARTED) {
            LOG.info("{} trigger of the {} run: {}", trigger, kind.id(), result.message());
            listeners.publish(new SchedulerEvent.Queued(result, trigger));
        }
        return result;
    }

    /** True while a run of {@code kind} executes or waits. */
    synchronized boolean busy(RunKind kind) {
        Lane lane = lanes.get(kind);
        return lane.current != null || lane.queued != null;
    }

    /** The runs executing now. */
    List<RunningJob> running() {
        List<LiveRun> live = new ArrayList<>();
        synchronized (this) {
            for (Lane lane : lanes.values()) {
                if (lane.live != null) {
                    live.add(lane.live);
                }
            }
        }
        return live.stream().map(LiveRun::snapshot).toList();
    }

    /**
     * Cancels the run or queued trigger with {@code ticket}: a queued one is dropped; a running one is interrupted
     * (a backup stops its unfinished databases, keeps the finished ones, and ends INTERRUPTED in the catalog).
     *
     * @return what was cancelled, or empty when no run or queued trigger has that ticket (it ended already)
     */
    Optional<String> cancel(String ticket) {
        synchronized (this) {
            for (Lane lane : lanes.values()) {
                if (lane.queued != null && lane.queued.ticket().equals(ticket)) {
                    LOG.info("cancel: the queued {} run ({}) is dropped", lane.queued.kind().id(),
                            lane.queued.trigger());
                    String what = lane.queued.kind().id();
                    lane.queued = null;
                    return Optional.of("the queued " + what + " run was dropped");
                }
                if (lane.current != null && lane.current.ticket().equals(ticket)) {
                    String what = lane.current.kind().id();
                    LOG.warn("cancel: stopping the running {} run ({})", what, lane.current.trigger());
                    lane.cancelled = true;
                    if (lane.live != null) {
                        lane.live.requestStop();
                    }
                    if (lane.thread != null) {
                        lane.thread.interrupt();
                    } else {
                        lane.cancelBeforeStart = true;
                    }
                    return Optional.of("the " + what + " run is being stopped");
                }
            }
        }
        return Optional.empty();
    }

    private void execute(RunRequest request) {
        boolean cancelled;
        synchronized (this) {
            Lane lane = lanes.get(request.kind());
            lane.thread = Thread.currentThread();
            cancelled = lane.cancelBeforeStart;
            lane.cancelBeforeStart = false;
        }
        try {
            executeOnThisThread(request, cancelled);
        } finally {
            // a cancel that arrived as the run ended must not leak into the pool thread's next run
            Thread.interrupted();
        }
    }

    private void executeOnThisThread(RunRequest request, boolean cancelled) {
        Instant now = clock.instant();
        Ran ran = new Ran(false, null);
        try {
            Optional<String> skip = cancelled ? Optional.of("cancelled before it started")
                    : guard.skipReason(request, now);
            if (skip.isEmpty() && request.guarded()) {
                skip = works.get(request.kind()).notNeeded(new WorkRequest(request.kind(), now, request.trigger(),
                        request.catchUpOf()));
            }
            if (skip.isPresent()) {
                LOG.info("{} {} run not started: {}", request.trigger(), request.kind().id(), skip.get());
                ran = new Ran(false, new SchedulerEvent.Skipped(request.kind(), request.trigger(), skip.get()));
            } else {
                ran = run(request, now);
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} run: the guard failed: {}", request.trigger(), request.kind().id(), e.toString());
        } finally {
            // the lane is free before anyone hears the run ended, so a trigger sent on that news starts at once
            next(request, ran.ran(), ran.event());
        }
    }

    /** How a run ended: whether it ran to a non-interrupted end, and the event that says so. */
    private record Ran(boolean ran, SchedulerEvent event) {
    }

    /** Runs the work; {@code ran} is true when it finished with a report that was not an interruption. */
    private Ran run(RunRequest request, Instant now) {
        LiveRun live = new LiveRun(request, now, listeners);
        synchronized (this) {
            lanes.get(request.kind()).live = live;
        }
        listeners.publish(new SchedulerEvent.Started(live.snapshot()));
        LOG.info("{} run started ({}{})", request.kind().id(), request.trigger(),
                request.catchUpOf() == null ? "" : ", catching up " + request.catchUpOf());
        try {
            RunReport report = works.get(request.kind()).run(new WorkRequest(request.kind(), now, request.trigger(),
                    request.catchUpOf()), live);
            return new Ran(report.status() != RunStatus.INTERRUPTED,
                    new SchedulerEvent.Finished(live.snapshot(), report));
        } catch (Exception e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.error("{} run ({}) failed: {}", request.kind().id(), request.trigger(), error);
            return new Ran(false, new SchedulerEvent.Failed(live.snapshot(), error));
        } finally {
            synchronized (this) {
                lanes.get(request.kind()).live = null;
            }
        }
    }

    /**
     * Frees the lane, tells the listeners how the run ended, starts the lane's queued run if any, and chains the
     * cleanup after a weekly that ran.
     */
    private void next(RunRequest done, boolean ran, SchedulerEvent ended) {
        RunRequest start = null;
        synchronized (this) {
            Lane lane = lanes.get(done.kind());
            ran = ran && !lane.cancelled;
            lane.current = null;
            lane.thread = null;
            lane.cancelBeforeStart = false;
            lane.cancelled = false;
            if (!closed && lane.queued != null) {
                start = lane.queued;
                lane.queued = null;
                lane.current = start;
            }
        }
        if (ended != null) {
            listeners.publish(ended);
        }
        if (start != null) {
            RunRequest queued = start;
            pool.execute(() -> execute(queued));
        }
        if (ran && done.kind() == RunKind.WEEKLY && cleanupAfterWeekly && !isClosed()) {
            submit(RunKind.CLEANUP, RunTrigger.AFTER_WEEKLY, null, null);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Stops taking triggers, drops queued ones, and waits up to {@code grace} for the running runs; then
     * interrupts them (a backup ends INTERRUPTED) and waits once more as long.
     *
     * @return true when no run is left running
     */
    boolean shutdown(Duration grace) {
        synchronized (this) {
            closed = true;
            for (Lane lane : lanes.values()) {
                if (lane.queued != null) {
                    LOG.info("shutdown: the queued {} run ({}) is dropped", lane.queued.kind().id(),
                            lane.queued.trigger());
                    lane.queued = null;
                }
            }
        }
        pool.shutdown();
        try {
            if (pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            LOG.warn("shutdown: runs still going after {} s: interrupting them", grace.toSeconds());
            pool.shutdownNow();
            // an interrupted backup gives its database threads up to 30 s to stop, then records the run
            return pool.awaitTermination(Math.max(grace.toMillis(), AFTER_INTERRUPT.toMillis()),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
