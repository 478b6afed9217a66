package dev.grove.patina.schedule;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.RunStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops this node's running parts of a cancelled cluster nightly (issue 17, ADR 0036). The node that fired the run
 * may be another one: the part learns it from the shared catalog. Every {@link #EVERY} it reads the runs of the parts
 * running here; a part whose run has <em>ended</em> and holds an outcome for the part's database that the part did
 * not record (the firing node recorded "cancelled" for it when the run was cancelled or its node shut down) has its
 * thread interrupted: it stops at its next interruptible step, as a cancelled local backup does, and records nothing
 * in the ended run. A run that ended with no outcome for the database (it was marked interrupted because its node
 * died) lets the part finish: what it stores is recorded as an object, which the recovered run's part adopts.
 */
final class PartWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartWatch.class);
    /** How often the running parts' runs are read: a cancelled part stops about this long after the cancel. */
    static final Duration EVERY = Duration.ofSeconds(1);

    private record Running(String runId, String database, Thread thread) {
    }

    private final Catalog catalog;
    private final Map<Thread, Running> running = new ConcurrentHashMap<>();
    private final Set<Thread> stopped = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    PartWatch(Catalog catalog) {
        this.catalog = catalog;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "patina-part-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::look, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The calling thread runs {@code database}'s part of run {@code runId} until {@link #ended()}. */
    void running(String runId, String database) {
        running.put(Thread.currentThread(), new Running(runId, database, Thread.currentThread()));
    }

    /**
     * The calling thread's part ended; clears the interrupt this watch gave it (the thread goes back to Quartz's pool).
     *
     * @return true when this watch stopped it (its run was cancelled)
     */
    boolean ended() {
        Thread me = Thread.currentThread();
        synchronized (this) { // never interrupt a thread that has left its part
            running.remove(me);
        }
        boolean wasStopped = stopped.remove(me);
        if (wasStopped) {
            Thread.interrupted();
        }
        return wasStopped;
    }

    /** One look: the parts whose run was cancelled are stopped. */
    void look() {
        Map<String, java.util.List<Running>> byRun = running.values().stream()
                .collect(Collectors.groupingBy(Running::runId));
        byRun.forEach((runId, parts) -> {
            Optional<RunSummary> run;
            try {
                run = catalog.run(runId);
            } catch (RuntimeException e) {
                return; // PostgreSQL lost: the node's watch says so; the parts go on
            }
            if (run.isEmpty() || run.get().status() == RunStatus.RUNNING) {
                return;
            }
            Set<String> decided = run.get().databases().stream().map(o -> o.database()).collect(Collectors.toSet());
            for (Running p : parts) {
                if (!decided.contains(p.database())) {
                    continue;
                }
                synchronized (this) {
                    if (running.get(p.thread()) == p && stopped.add(p.thread())) {
                        LOG.info("part {} of run {}: the run was cancelled ({}): stopping it", p.database(), runId,
                                run.get().status().id());
                        p.thread().interrupt();
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
