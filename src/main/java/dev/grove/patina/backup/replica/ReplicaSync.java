package dev.grove.patina.backup.replica;

import dev.grove.patina.backup.BackupFreshness;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectCopy;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ReplicaOutcome;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings every replica level with the primary after a run, each in its own thread and each within its own timeout:
 * copies every object of the primary the replica lacks (the run's new objects, and earlier pending ones — the
 * catch-up), then removes the copies of objects retention removed from the primary (never of an object the primary
 * lost: that copy may be the only one left). What is not done stays pending in the catalog with its attempts and
 * last error, and the next run tries again.
 *
 * <p>A replica never fails or holds up the primary: this runs after the primary's work is stored and recorded, it
 * never throws, and a replica that is down or slow is waited for at most its timeout. A replica's first failure ends
 * its pass (a store that refuses one put usually refuses the next); the objects not tried are recorded pending with
 * that reason.
 */
public final class ReplicaSync {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSync.class);
    private static final int BATCH = 200;
    /** How long an abandoned pass gets, after its interrupt, to record how it ended. */
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(2);

    private final ObjectKeys primaryKeys;
    private final Catalog catalog;
    private final List<Replica> replicas;
    private final Redactor redactor;
    private final Clock clock;
    private final ReplicaCopier copier;
    /** One pass per replica at a time: runs of different kinds may end together (a nightly and a weekly). */
    private final java.util.Map<String, java.util.concurrent.locks.ReentrantLock> busy =
            new java.util.concurrent.ConcurrentHashMap<>();

    public ReplicaSync(BackupStore primary, ObjectKeys primaryKeys, Catalog catalog, List<Replica> replicas,
                       Redactor redactor, Clock clock) {
        this.primaryKeys = Objects.requireNonNull(primaryKeys, "primaryKeys");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.replicas = List.copyOf(replicas);
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.copier = new ReplicaCopier(Objects.requireNonNull(primary, "primary"), primaryKeys);
    }

    /** The configured replicas, in config order. */
    public List<Replica> replicas() {
        return replicas;
    }

    /** Each replica's state now, from the catalog (no store is contacted), in config order. */
    public List<ReplicaState> states() {
        return states(clock.instant());
    }

    /**
     * Each replica's state at {@code now}, in config order. A replica is stale when the last sync to it failed and
     * what it failed to copy is still missing, or when an object it lacks was stored more than
     * {@link BackupFreshness#STALE_AFTER} ago — never merely for the objects of a run in progress (stored moments
     * ago, not tried yet).
     */
    public List<ReplicaState> states(java.time.Instant now) {
        List<ReplicaState> states = new ArrayList<>();
        for (Replica r : replicas) {
            long behind = catalog.copies().behind(r.name());
            states.add(new ReplicaState(r.name(), r.store().describe(), behind,
                    catalog.copies().lastError(r.name()).orElse(null), behind == 0 ? null : staleness(r, behind, now)));
        }
        return List.copyOf(states);
    }

    private String staleness(Replica r, long behind, java.time.Instant now) {
        java.util.Optional<String> failed = catalog.copies().missingError(r.name());
        if (failed.isPresent()) {
            return "replica " + r.name() + ": the last sync failed, " + behind + " object(s) still to copy ("
                    + failed.get() + ")";
        }
        return catalog.copies().oldestMissing(r.name()).filter(at -> !BackupFreshness.isFresh(at, now))
                .map(at -> "replica " + r.name() + ": " + behind + " object(s) still to copy, the oldest stored "
                        + Duration.between(at, now).toHours() + " h ago (more than " + BackupFreshness.limitText()
                        + ")").orElse(null);
    }

    /** The dashboard's line: {@code replicas in sync}, or which replica is how many objects behind; empty without. */
    public java.util.Optional<String> summary() {
        if (replicas.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<ReplicaState> states = states();
        if (states.stream().allMatch(st -> st.behind() == 0)) {
            return java.util.Optional.of(replicas.size() == 1 ? "replica in sync" : "replicas in sync");
        }
        return java.util.Optional.of("replicas: " + String.join("; ", states.stream().map(st -> st.behind() == 0
                ? st.name() + " in sync" : st.name() + " " + st.behind() + " behind").toList()));
    }

    /**
     * Syncs every replica at once and waits for each at most its timeout. Never throws.
     *
     * @return one outcome per replica, in config order; empty without replicas
     */
    public List<ReplicaOutcome> sync() {
        List<ReplicaPass> passes = new ArrayList<>();
        for (Replica r : replicas) {
            ReplicaPass p = new ReplicaPass(r);
            p.thread.start();
            passes.add(p);
        }
        long start = System.nanoTime();
        List<ReplicaOutcome> outcomes = new ArrayList<>();
        for (ReplicaPass p : passes) {
            long left = p.replica.timeout().toNanos() - (System.nanoTime() - start);
            try {
                if (left > 0) {
                    p.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                if (p.thread.isAlive()) {
                    p.abandoned.set(true);
                    p.thread.interrupt();
                    p.thread.join(AFTER_INTERRUPT.toMillis());
                }
            } catch (InterruptedException e) {
                p.abandoned.set(true);
                p.thread.interrupt();
                Thread.currentThread().interrupt();
            }
            outcomes.add(p.outcome());
        }
        return List.copyOf(outcomes);
    }

    /** One replica's pass, in its own (daemon) thread. */
    private final class ReplicaPass implements Runnable {
        final Replica replica;
        final Thread thread;
        final AtomicBoolean abandoned = new AtomicBoolean();
        volatile int copied;
        volatile int deleted;
        volatile String error;
        /** Another run's pass had the replica: this one left it to that one. */
        volatile boolean elsewhere;
        /** Whether copies are tried server-side: until the replica's store refuses one, then streamed. */
        volatile boolean serverSide;

        ReplicaPass(Replica replica) {
            this.replica = replica;
            this.serverSide = replica.serverSide();
            this.thread = new Thread(this, "patina-replica-" + replica.name());
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            java.util.concurrent.locks.ReentrantLock lock = busy.computeIfAbsent(replica.name(),
                    n -> new java.util.concurrent.locks.ReentrantLock());
            if (!lock.tryLock()) { // another run's pass is at it: it copies what this one would
                LOG.info("replica {}: another run is syncing it", replica.name());
                elsewhere = true;
                return;
            }
            try {
                sweep();
                if (copyMissing()) {
                    deleteLeftBehind();
                }
            } catch (RuntimeException e) { // the catalog failed: the replica is not to blame, but it is behind
                fail("replica " + replica.name() + ": " + e.getMessage());
            } finally {
                lock.unlock();
            }
        }

        /**
         * Removes what copies interrupted more than a day ago left on the replica (unfinished multipart uploads, temp
         * files), as every nightly does on the primary. A failure here is only logged: the copies say what is wrong.
         */
        private void sweep() {
            try {
                int removed = replica.store().cleanUpInterruptedPuts(clock.instant().minus(Duration.ofDays(1)));
                if (removed > 0) {
                    LOG.info("replica {}: removed {} interrupted copy(ies)", replica.name(), removed);
                }
            } catch (Exception e) {
                LOG.debug("replica {}: cleaning up interrupted copies failed: {}", replica.name(),
                        redactor.redact(String.valueOf(e.getMessage())));
            }
        }

        /** Copies what the replica lacks; false when it stopped on a failure. */
        private boolean copyMissing() {
            Set<String> tried = new HashSet<>();
            while (!abandoned.get()) {
                List<StoredObject> batch = catalog.copies().missing(replica.name(), BATCH);
                batch = batch.stream().filter(o -> !tried.contains(o.key())).toList();
                if (batch.isEmpty()) {
                    return true;
                }
                for (int i = 0; i < batch.size(); i++) {
                    StoredObject o = batch.get(i);
                    tried.add(o.key());
                    if (abandoned.get()) {
                        return false;
                    }
                    try {
                        ReplicaCopier.Proven proven = copier.copy(o, replica, serverSide, this::streamInstead);
                        catalog.copies().recordPresent(o.key(), replica.name(), proven.size(), proven.sha256(),
                                clock.instant());
                        copied++;
                        LOG.info("replica {}: copied {} {}({} bytes, SHA-256 matches)", replica.name(), o.key(),
                                proven.serverSide() ? "server-side " : "", proven.size());
                    } catch (Exception e) {
                        String why = why(e, "copying " + o.key());
                        catalog.copies().recordFailure(o.key(), replica.name(), why);
                        fail(why);
                        notTried(batch.subList(i + 1, batch.size()), why);
                        return false;
                    }
                }
            }
            return false;
        }

        /** The replica's store refused a server-side copy: the rest of this pass streams, said once. */
        private void streamInstead(Exception refusal) {
            serverSide = false;
            LOG.warn("replica {}: streaming the copies through Patina this run, as the server-side copy was refused"
                    + " ({})", replica.name(), redactor.redact(String.valueOf(refusal.getMessage())));
        }

        /** The objects after a failure: pending, with the failure as the reason they were not tried. */
        private void notTried(List<StoredObject> rest, String why) {
            String reason = "not tried: " + why;
            for (StoredObject o : rest) {
                catalog.copies().recordFailure(o.key(), replica.name(), reason);
            }
        }

        private void deleteLeftBehind() {
            for (ObjectCopy c : catalog.copies().leftBehind(replica.name())) {
                if (abandoned.get()) {
                    return;
                }
                try {
                    replica.store().delete(replica.keyOf(c.key(), primaryKeys));
                    catalog.copies().markDeleted(c.key(), replica.name(), clock.instant());
                    deleted++;
                    LOG.info("replica {}: deleted {} (retention removed it from the primary)", replica.name(),
                            c.key());
                } catch (Exception e) {
                    String why = why(e, "deleting " + c.key());
                    catalog.copies().recordDeleteFailure(c.key(), replica.name(), why);
                    fail(why);
                    return;
                }
            }
        }

        private String why(Exception e, String doing) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String text = abandoned.get() || e instanceof InterruptedException
                    ? doing + ": the run stopped waiting for replica " + replica.name() + " after "
                    + replica.timeout().toSeconds() + " s (" + message + ")"
                    : doing + " on replica " + replica.name() + " failed: " + message;
            return redactor.redact(text);
        }

        private void fail(String why) {
            if (error == null) {
                error = why;
                LOG.warn("{}", why);
            }
        }

        ReplicaOutcome outcome() {
            String why = error;
            if (why == null && abandoned.get()) {
                why = "the run stopped waiting for replica " + replica.name() + " after "
                        + replica.timeout().toSeconds() + " s";
            }
            long behind;
            try {
                behind = catalog.copies().behind(replica.name());
            } catch (RuntimeException e) {
                behind = -1;
            }
            if (why == null && behind > 0 && !elsewhere) {
                why = behind + " object(s) still to copy";
            }
            return new ReplicaOutcome(replica.name(), copied, deleted, behind, why);
        }
    }
}
