package dev.grove.patina.run;

import dev.grove.patina.backup.retention.RetentionPlan;
import dev.grove.patina.backup.weekly.IsoWeek;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** What a run covers; each kind has its own. */
public sealed interface RunScope {
    /**
     * The scope a run gets when this order is merged into a queued one holding {@code queued}, or empty when the
     * two cannot be one run (the later order is then refused, never silently dropped).
     */
    Optional<RunScope> mergedInto(RunScope queued);

    /** The nightly backup of {@code databases}; empty means every configured database. */
    record NightlyScope(Set<String> databases) implements RunScope {
        public NightlyScope {
            databases = Set.copyOf(databases);
        }

        /** Nightly scopes merge by union (all stays all). */
        @Override
        public Optional<RunScope> mergedInto(RunScope queued) {
            if (!(queued instanceof NightlyScope q)) {
                return Optional.empty();
            }
            if (databases.isEmpty() || q.databases.isEmpty()) {
                return Optional.of(new NightlyScope(Set.of()));
            }
            Set<String> union = new LinkedHashSet<>(q.databases);
            union.addAll(databases);
            return Optional.of(new NightlyScope(union));
        }
    }

    /**
     * The weekly archive of {@code week}, or (null) of the week that ended on the run's date when that is a Sunday,
     * else the last week that ended.
     */
    record WeeklyScope(IsoWeek week) implements RunScope {
        /** Two weeklies merge only when they archive the same week. */
        @Override
        public Optional<RunScope> mergedInto(RunScope queued) {
            return queued.equals(this) ? Optional.of(queued) : Optional.empty();
        }
    }

    /**
     * The test restore (issue 15 §2) of the latest backup of {@code databases} (empty: every configured database),
     * or with a {@code date}, of every daily of that date (of {@code databases}; empty: of any database, configured
     * or not); on the store named {@code store} (null: the primary — a replica's copies are verified there and their
     * verdicts recorded on those copies). {@code decrypt} also decrypts encrypted objects and restores them.
     */
    record VerifyScope(Set<String> databases, boolean decrypt, java.time.LocalDate date, String store)
            implements RunScope {
        public VerifyScope {
            databases = Set.copyOf(databases);
            store = store == null || store.equals(dev.grove.patina.config.ReplicaConfig.PRIMARY) ? null : store;
        }

        /** The latest backup of {@code databases} on the primary. */
        public VerifyScope(Set<String> databases, boolean decrypt) {
            this(databases, decrypt, null, null);
        }

        /**
         * Verify scopes merge by union of their databases (all stays all) when they agree on decrypting, the date
         * and the store.
         */
        @Override
        public Optional<RunScope> mergedInto(RunScope queued) {
            if (!(queued instanceof VerifyScope q) || q.decrypt != decrypt || !java.util.Objects.equals(q.date, date)
                    || !java.util.Objects.equals(q.store, store)) {
                return Optional.empty();
            }
            if (databases.isEmpty() || q.databases.isEmpty()) {
                return Optional.of(new VerifyScope(Set.of(), decrypt, date, store));
            }
            Set<String> union = new LinkedHashSet<>(q.databases);
            union.addAll(databases);
            return Optional.of(new VerifyScope(union, decrypt, date, store));
        }

        /** "the latest backup of each database", "the dailies of 2026-11-28 of shop on usb", … for messages. */
        public String describe() {
            String dbs = databases.isEmpty() ? (date == null ? "each database" : "every database")
                    : String.join(", ", databases.stream().sorted().toList());
            return (date == null ? "the latest backup of " + dbs : "the dailies of " + date + " of " + dbs)
                    + (store == null ? "" : " on " + store);
        }
    }

    /**
     * The retention cleanup applying exactly {@code plan} (the one a dialog showed), or (null) a plan computed from
     * the configured policy when the run starts.
     */
    record CleanupScope(RetentionPlan plan, java.util.Set<String> seen) implements RunScope {
        /** The most keys a cleanup ordered into a cluster's queue carries ({@link #seen}; ADR 0035). */
        public static final int MAX_SEEN = 5_000;

        /**
         * @param seen null, or (a cleanup a console ordered into a cluster's queue) the keys the operator saw to be
         *             removed: the plan computed at start removes only those of them it removes too
         */
        public CleanupScope {
            seen = seen == null ? null : java.util.Set.copyOf(seen);
        }

        public CleanupScope(RetentionPlan plan) {
            this(plan, null);
        }

        /** Two cleanups merge only when both compute the plan at start, or apply the same plan. */
        @Override
        public Optional<RunScope> mergedInto(RunScope queued) {
            return queued.equals(this) ? Optional.of(queued) : Optional.empty();
        }
    }
}
