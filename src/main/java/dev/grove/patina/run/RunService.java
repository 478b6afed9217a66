package dev.grove.patina.run;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.util.JobIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 * The one road of every run, whoever starts it — the cron and the catch-up (through the scheduler), the console,
 * the tray, the CLI and the API: each sends a {@link RunOrder} to {@link #submit(RunOrder)}.
 *
 * <p>One lane per kind of run: at most one run of a kind executes at a time, and at most one more waits behind it.
 * An order while its kind runs is queued (it runs once right after); further orders are merged into the queued one
 * (nightly scopes by union) — never lost, never doubled; one that cannot merge (another week, another cleanup plan)
 * is refused as {@link TriggerResult.TriggerOutcome#BUSY}. Scheduled and catch-up orders pass the {@link RunGuard}
 * first. Runs execute on this service's own small pool, so a Quartz thread or the FX thread that submits never
 * blocks. Different kinds may run at once; two runs never back up one database at once because the backup service
 * takes a per-database lock.
 *
 * <p>Every run's events carry its ticket ({@link RunEvent#ticket()}), so whoever submitted can follow it. After
 * every run that has a report, of every kind, the alert goes out here — the one place that alerts.
 */
public final class RunService implements AutoCloseable {
    /** How long {@link #close()} waits for running runs before interrupting them. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    /** How long a shutdown waits for interrupted runs to record how they ended. */
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(35);

    private final Map<RunKind, RunWork> works;
    private final RunGuard guard;
    private final Clock clock;
    private final RunAlert alert;
    private final RunListeners listeners = new RunListeners();
    private final boolean cleanupAfterWeekly;
    private final ExecutorService pool;
    /** Guarded by {@code this}. */
    private final Map<RunKind, Lane> lanes = new EnumMap<>(RunKind.class);
    /** Guarded by {@code this}. */
    private boolean closed;

    private static final class Lane {
        TicketedOrder current;
        LiveRun live;
        TicketedOrder queued;
        /** The thread executing {@code current}, so a cancel can interrupt it; null until it starts. */
        Thread thread;
        /** A cancel of {@code current} that came before its thread started. */
        boolean cancelBeforeStart;
        /** {@code current} was cancelled: it does not count as having run (no cleanup is chained to it). */
        boolean cancelled;
    }

    /**
     * @param works              what each kind of run does; a missing or unavailable kind is refused when ordered
     * @param catalog            where the guard reads the last runs
     * @param zone               the schedule's zone (the date a nightly serves)
     * @param cleanupAfterWeekly whether a weekly that ran is followed by a cleanup ({@code after-weekly})
     * @param notifier           alerts after every run
     */
    public RunService(Map<RunKind, RunWork> works, Catalog catalog, ZoneId zone, boolean cleanupAfterWeekly,
                      Notifier notifier, Clock clock) {
        this.works = new EnumMap<>(works);
        this.guard = new RunGuard(catalog, zone);
        this.clock = clock;
        this.alert = new RunAlert(notifier);
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

    /** True when {@code kind} can run in this build and configuration. */
    public boolean available(RunKind kind) {
        RunWork w = works.get(kind);
        return w != null && w.available();
    }

    /**
     * Starts, queues, merges or refuses an order; never blocks on a run. Follow the run by the answer's ticket in
     * the events ({@link #addListener}, {@link RunFollower}).
     */
    public TriggerResult submit(RunOrder order) {
        RunKind kind = order.kind();
        String trigger = order.trigger();
        RunWork work = works.get(kind);
        if (work == null || !work.available()) {
            String why = work == null ? "no " + kind.id() + " run is configured" : work.unavailableReason();
            return refuse(order, new TriggerResult(TriggerResult.TriggerOutcome.UNAVAILABLE, kind, null, why));
        }
        TicketedOrder request = new TicketedOrder(JobIds.newId(), order);
        TriggerResult result;
        synchronized (this) {
            if (closed) {
                return new TriggerResult(TriggerResult.TriggerOutcome.CLOSED, kind, null,
                        "Patina is shutting down: no new " + kind.id() + " run starts");
            }
            Lane lane = lanes.get(kind);
            if (lane.current == null) {
                lane.current = request;
                pool.execute(() -> execute(request));
                result = new TriggerResult(TriggerResult.TriggerOutcome.STARTED, kind, request.ticket(), "started");
            } else if (lane.queued == null) {
                lane.queued = request;
                result = new TriggerResult(TriggerResult.TriggerOutcome.QUEUED, kind, request.ticket(),
                        "a " + kind.id() + " run is in progress: this one runs right after it");
            } else {
                RunOrder queued = lane.queued.order();
                var merged = order.scope().mergedInto(queued.scope());
                if (merged.isEmpty()) {
                    result = new TriggerResult(TriggerResult.TriggerOutcome.BUSY, kind, null, "a " + kind.id()
                            + " run is in progress and another (" + queued.scope() + ") is queued: this one ("
                            + order.scope() + ") cannot join it; try again when they are done");
                } else {
                    // a manual order must not be swallowed by a queued scheduled run that its guard may skip
                    RunOrder kept = !order.guarded() && queued.guarded() ? order : queued;
                    lane.queued = new TicketedOrder(lane.queued.ticket(), kept.withScope(merged.get()));
                    result = new TriggerResult(TriggerResult.TriggerOutcome.MERGED, kind, lane.queued.ticket(),
                            "a " + kind.id() + " run is in progress and another is queued: merged into the queued one");
                }
            }
        }
        if (result.outcome() == TriggerResult.TriggerOutcome.BUSY) {
            return refuse(order, result);
        }
        if (result.outcome() != TriggerResult.TriggerOutcome.STARTED) {
            LOG.info("{} order of the {} run: {}", trigger, kind.id(), result.message());
            listeners.publish(new RunEvent.RunQueued(result, trigger));
        }
        if (RunTrigger.CATCH_UP.equals(trigger) && order.fireTime() != null) {
            listeners.publish(new RunEvent.RunCaughtUp(kind, order.fireTime(), result));
        }
        return result;
    }

    private TriggerResult refuse(RunOrder order, TriggerResult result) {
        LOG.info("{} order of the {} run refused: {}", order.trigger(), order.kind().id(), result.message());
        listeners.publish(new RunEvent.RunSkipped(order.kind(), null, order.trigger(), result.message()));
        if (RunTrigger.CATCH_UP.equals(order.trigger()) && order.fireTime() != null) {
            listeners.publish(new RunEvent.RunCaughtUp(order.kind(), order.fireTime(), result));
        }
        return result;
    }

    /** True while a run of {@code kind} executes or waits. */
    public synchronized boolean busy(RunKind kind) {
        Lane lane = lanes.get(kind);
        return lane.current != null || lane.queued != null;
    }

    /** The runs executing now, with their per-database progress. */
    public List<RunningJob> running() {
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
    public Optional<String> cancel(String ticket) {
        TicketedOrder dropped = null;
        synchronized (this) {
            for (Lane lane : lanes.values()) {
                if (lane.queued != null && lane.queued.ticket().equals(ticket)) {
                    LOG.info("cancel: the queued {} run ({}) is dropped", lane.queued.kind().id(),
                            lane.queued.trigger());
                    dropped = lane.queued;
                    lane.queued = null;
                    break;
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
        if (dropped == null) {
            return Optional.empty();
        }
        listeners.publish(new RunEvent.RunSkipped(dropped.kind(), dropped.ticket(), dropped.trigger(),
                "cancelled while it waited"));
        return Optional.of("the queued " + dropped.kind().id() + " run was dropped");
    }

    private void execute(TicketedOrder request) {
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

    private void executeOnThisThread(TicketedOrder request, boolean cancelled) {
        Instant now = clock.instant();
        Ran ran = new Ran(false, null);
        try {
            Optional<String> skip = cancelled ? Optional.of("cancelled before it started")
                    : guard.skipReason(request.order(), now);
            if (skip.isEmpty() && request.order().guarded()) {
                skip = works.get(request.kind()).notNeeded(workRequest(request, now));
            }
            if (skip.isPresent()) {
                LOG.info("{} {} run not started: {}", request.trigger(), request.kind().id(), skip.get());
                ran = new Ran(false, new RunEvent.RunSkipped(request.kind(), request.ticket(), request.trigger(),
                        skip.get()));
            } else {
                ran = run(request, now);
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} run: the guard failed: {}", request.trigger(), request.kind().id(), e.toString());
            // whoever follows the ticket hears that it ended
            ran = new Ran(false, new RunEvent.RunSkipped(request.kind(), request.ticket(), request.trigger(),
                    "the run could not start: " + e.getMessage()));
        } finally {
            // the lane is free before anyone hears the run ended, so a trigger sent on that news starts at once
            next(request, ran.ran(), ran.event());
        }
    }

    /** How a run ended: whether it ran to a non-interrupted end, and the event that says so. */
    private record Ran(boolean ran, RunEvent event) {
    }

    private static WorkRequest workRequest(TicketedOrder request, Instant now) {
        RunOrder o = request.order();
        return new WorkRequest(o.kind(), now, o.trigger(), o.catchUpOf(), o.scope());
    }

    /** Runs the work; {@code ran} is true when it finished with a report that was not an interruption. */
    private Ran run(TicketedOrder request, Instant now) {
        LiveRun live = new LiveRun(request, now, listeners);
        synchronized (this) {
            lanes.get(request.kind()).live = live;
        }
        listeners.publish(new RunEvent.RunStarted(live.snapshot()));
        String catchUpOf = request.order().catchUpOf();
        LOG.info("{} run started ({}{})", request.kind().id(), request.trigger(),
                catchUpOf == null ? "" : ", catching up " + catchUpOf);
        try {
            WorkResult result = works.get(request.kind()).run(workRequest(request, now), live);
            alert.send(result.report());
            return new Ran(result.report().status() != RunStatus.INTERRUPTED,
                    new RunEvent.RunFinished(live.snapshot(), result));
        } catch (Exception e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.error("{} run ({}) failed: {}", request.kind().id(), request.trigger(), error);
            return new Ran(false, new RunEvent.RunFailed(live.snapshot(), error));
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
    private void next(TicketedOrder done, boolean ran, RunEvent ended) {
        TicketedOrder start = null;
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
            TicketedOrder queued = start;
            pool.execute(() -> execute(queued));
        }
        if (ran && done.kind() == RunKind.WEEKLY && cleanupAfterWeekly && !isClosed()) {
            submit(RunOrder.of(RunKind.CLEANUP, RunTrigger.AFTER_WEEKLY));
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Registers a listener; see {@link RunListener} for its threads. */
    public void addListener(RunListener listener) {
        listeners.add(listener);
    }

    public void removeListener(RunListener listener) {
        listeners.remove(listener);
    }

    /**
     * Stops taking triggers, drops queued ones, and waits up to {@code grace} for the running runs; then
     * interrupts them (a backup ends INTERRUPTED) and waits once more as long.
     *
     * @return true when no run is left running
     */
    public boolean shutdown(Duration grace) {
        List<TicketedOrder> dropped = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Lane lane : lanes.values()) {
                if (lane.queued != null) {
                    LOG.info("shutdown: the queued {} run ({}) is dropped", lane.queued.kind().id(),
                            lane.queued.trigger());
                    dropped.add(lane.queued);
                    lane.queued = null;
                }
            }
        }
        for (TicketedOrder d : dropped) {
            listeners.publish(new RunEvent.RunSkipped(d.kind(), d.ticket(), d.trigger(), "Patina shut down first"));
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

    /** {@link #shutdown(Duration)} with {@link #DEFAULT_GRACE}. */
    @Override
    public void close() {
        shutdown(DEFAULT_GRACE);
    }
}
