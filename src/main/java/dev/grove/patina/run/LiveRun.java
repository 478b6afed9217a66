package dev.grove.patina.run;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** One executing run: collects its progress and publishes it, throttled, as {@link RunEvent.RunProgressed}. */
final class LiveRun implements BackupProgress {
    private static final long PUBLISH_EVERY_NANOS = 200_000_000L;

    private final TicketedOrder request;
    private final Instant startedAt;
    private final RunListeners listeners;
    /** Guarded by itself. */
    private final Map<String, DatabaseProgress> databases = new LinkedHashMap<>();
    private final AtomicLong lastPublished = new AtomicLong(System.nanoTime() - PUBLISH_EVERY_NANOS);
    private volatile boolean stopRequested;

    LiveRun(TicketedOrder request, Instant startedAt, RunListeners listeners) {
        this.request = request;
        this.startedAt = startedAt;
        this.listeners = listeners;
    }

    RunKind kind() {
        return request.kind();
    }

    RunningJob snapshot() {
        synchronized (databases) {
            return new RunningJob(request.ticket(), request.kind(), request.trigger(), request.order().catchUpOf(),
                    startedAt, new ArrayList<>(databases.values()));
        }
    }

    @Override
    public void started(String database) {
        put(new DatabaseProgress(database, 0, 0, RunStatus.RUNNING));
        listeners.publish(new RunEvent.RunProgressed(snapshot()));
    }

    @Override
    public void queued(String database) {
        put(new DatabaseProgress(database, 0, 0, RunStatus.RUNNING, null, true));
        publishThrottled(); // a cluster nightly queues all its parts at once
    }

    @Override
    public void runningOn(String database, String node) {
        put(new DatabaseProgress(database, 0, 0, RunStatus.RUNNING, node, false));
        listeners.publish(new RunEvent.RunProgressed(snapshot()));
    }

    @Override
    public void progress(String database, long rows, long bytes) {
        put(new DatabaseProgress(database, rows, bytes, RunStatus.RUNNING));
        publishThrottled();
    }

    private void publishThrottled() {
        long now = System.nanoTime();
        long last = lastPublished.get();
        if (now - last >= PUBLISH_EVERY_NANOS && lastPublished.compareAndSet(last, now)) {
            listeners.publish(new RunEvent.RunProgressed(snapshot()));
        }
    }

    @Override
    public void finished(DatabaseOutcome outcome) {
        put(new DatabaseProgress(outcome.database(), outcome.rows(), outcome.bytes(), outcome.status()));
        listeners.publish(new RunEvent.RunProgressed(snapshot()));
    }

    /** Marks the run as cancelled: the work sees it between its steps even if an interrupt got lost. */
    void requestStop() {
        stopRequested = true;
    }

    @Override
    public boolean stopRequested() {
        return stopRequested;
    }

    /** A late progress event of a database that has finished never turns it back to running. */
    private void put(DatabaseProgress p) {
        synchronized (databases) {
            DatabaseProgress old = databases.get(p.database());
            if (old != null && old.status() != RunStatus.RUNNING && p.status() == RunStatus.RUNNING) {
                return;
            }
            databases.put(p.database(), p);
        }
    }
}
