package dev.grove.patina.backup;

import dev.grove.patina.backup.retention.Decision;
import dev.grove.patina.backup.retention.RetentionPlan;
import dev.grove.patina.backup.retention.RetentionPlanner;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention cleanup: {@link #plan} reads the catalog's present objects and asks the pure
 * {@link RetentionPlanner} what to remove; {@link #apply} deletes the planned removals from the store.
 *
 * <p>Safety while applying: the store is listed first, and when the listing fails, or comes back without dailies
 * (or weeklies) while the catalog has some, nothing is deleted — a wrong bucket, prefix or folder must not look
 * like "everything is gone, delete the rest". A delete the store refuses is recorded in the catalog, the object
 * stays present, and the others go on. Each removal is checked against a fresh plan of the catalog as it is now:
 * one that plan keeps, or whose object is gone or was stored again since, is skipped.
 */
public final class CleanupService {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupService.class);
    private static final int PAGE = 1_000;

    private final BackupStore store;
    private final ObjectKeys keys;
    private final Catalog catalog;
    private final Clock clock;
    private final java.util.function.UnaryOperator<RetentionPlan> planNotes;

    public CleanupService(BackupStore store, ObjectKeys keys, Catalog catalog, Clock clock) {
        this(store, keys, catalog, clock, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param planNotes adds to the plan's reasons what it means beyond the primary (the replicas, issue 14); it never
     *                  changes a decision
     */
    public CleanupService(BackupStore store, ObjectKeys keys, Catalog catalog, Clock clock,
                          java.util.function.UnaryOperator<RetentionPlan> planNotes) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.planNotes = Objects.requireNonNull(planNotes, "planNotes");
    }

    /** Plans the cleanup of every object the catalog has as present, for {@code today}. Changes nothing. */
    public RetentionPlan plan(RetentionPolicy policy, LocalDate today) {
        List<StoredObject> present = new ArrayList<>();
        ObjectQuery q = ObjectQuery.firstPage(PAGE).withStatus(ObjectStatus.PRESENT);
        while (true) {
            Page<StoredObject> page = catalog.findObjects(q);
            present.addAll(page.items());
            if (!page.hasNext() || page.items().isEmpty()) {
                break;
            }
            q = q.next();
        }
        return planNotes.apply(RetentionPlanner.plan(present, catalog.chains().bases(), policy, today));
    }

    /**
     * Deletes the plan's removals from the store and marks them deleted in the catalog.
     *
     * @return the counts, the refused deletes, and — when the store could not be trusted — why nothing was deleted
     */
    public CleanupResult apply(RetentionPlan plan) {
        List<Decision> removals = plan.removals();
        int kept = plan.keeps().size();
        long safety = plan.keptBySafety();
        if (removals.isEmpty()) {
            return new CleanupResult(0, 0, kept, safety, List.of(), List.of(), null);
        }
        Optional<String> refusal = checkListing(plan);
        if (refusal.isPresent()) {
            LOG.warn("cleanup: {}", refusal.get());
            return new CleanupResult(0, 0, plan.decisions().size(), safety, List.of(), List.of(), refusal.get());
        }
        int removed = 0;
        long bytes = 0;
        List<CleanupResult.FailedDelete> failures = new ArrayList<>();
        List<CleanupResult.Skipped> skipped = new ArrayList<>();
        Map<String, Decision> fresh = new HashMap<>();
        for (Decision d : plan(plan.policy(), plan.today()).decisions()) {
            fresh.put(d.key(), d);
        }
        for (Decision d : removals) {
            StoredObject planned = d.object();
            Optional<String> change = changedSincePlan(planned, fresh);
            if (change.isPresent()) {
                skipped.add(new CleanupResult.Skipped(planned.key(), change.get()));
                continue;
            }
            try {
                store.delete(planned.key());
            } catch (IOException | RuntimeException e) {
                String error = "deleting " + planned.key() + " from " + store.describe() + " failed: "
                        + e.getMessage();
                LOG.warn("cleanup: {}", error);
                catalog.recordDeleteFailure(planned.key(), error);
                failures.add(new CleanupResult.FailedDelete(planned.key(), error));
                continue;
            }
            catalog.markDeleted(planned.key(), clock.instant());
            LOG.info("cleanup: deleted {} ({})", planned.key(), d.reason());
            deleteManifestOf(planned.key());
            removed++;
            bytes += planned.size();
        }
        sweepManifests();
        return new CleanupResult(removed, bytes, kept + failures.size() + skipped.size(), safety, failures, skipped,
                null);
    }

    /**
     * A full's row manifest (ADR 0030) goes with the full: it is no backup (the catalog does not list it) and is of
     * no use without its full. A failure is logged; {@link #sweepManifests} tries again at the next cleanup.
     */
    private void deleteManifestOf(String key) {
        Optional<ObjectKeys.Parsed> parsed = keys.parse(key);
        if (parsed.isEmpty() || parsed.get().kind() != ObjectKind.DAILY || parsed.get().differential()) {
            return;
        }
        String manifest = keys.manifestOf(key);
        try {
            store.delete(manifest);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cleanup: deleting the row manifest {} of {} failed (tried again at the next cleanup): {}",
                    manifest, key, e.getMessage());
        }
    }

    /** Deletes the row manifests whose full the catalog records as deleted (a delete that failed before). */
    private void sweepManifests() {
        try {
            for (ObjectInfo info : store.list(keys.dailyRoot())) {
                Optional<String> full = keys.fullOfManifest(info.key());
                if (full.isPresent() && catalog.object(full.get()).map(o -> !o.present()).orElse(false)) {
                    store.delete(info.key());
                    LOG.info("cleanup: deleted {}, the row manifest of the deleted {}", info.key(), full.get());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cleanup: sweeping the row manifests of deleted fulls failed: {}", e.getMessage());
        }
    }

    /**
     * Applies {@code plan} as a recorded run: the catalog gets a CLEANUP run with one log line per failure, skip or
     * refusal and a summary, ending OK, PARTIAL (some deletes refused) or FAILED (nothing deleted: the store's
     * listing could not be trusted).
     *
     * @param trigger who asked: {@code schedule}, {@code cli}, {@code manual}, {@code api}
     */
    public CleanupResult applyAndRecord(RetentionPlan plan, String trigger) {
        String runId = catalog.startRun(dev.grove.patina.model.RunKind.CLEANUP, trigger, plan.today());
        CleanupResult r;
        try {
            r = apply(plan);
        } catch (RuntimeException e) {
            catalog.log(runId, "ERROR", "cleanup failed: " + e.getMessage());
            catalog.finishRun(runId, dev.grove.patina.model.RunStatus.FAILED);
            throw e;
        }
        if (r.refused()) {
            catalog.log(runId, "ERROR", r.refusal());
        }
        for (Decision d : plan.decisions()) {
            if (d.object().damaged()) { // loud: a damaged copy is never what retention keeps as the good one
                catalog.log(runId, "WARN", d.key() + " is damaged: " + d.object().damage() + " — "
                        + (d.action() == Decision.Action.KEEP ? "kept" : "planned for removal") + " ("
                        + d.reason() + ")");
            }
        }
        for (CleanupResult.FailedDelete f : r.failures()) {
            catalog.log(runId, "ERROR", f.error());
        }
        for (CleanupResult.Skipped sk : r.skipped()) {
            catalog.log(runId, "WARN", "skipped " + sk.key() + ": " + sk.reason());
        }
        catalog.log(runId, "INFO", "removed " + r.removed() + " object(s), " + r.removedBytes() + " bytes; kept "
                + r.kept() + " (" + r.keptBySafety() + " by safety)");
        catalog.finishRun(runId, r.refused() ? dev.grove.patina.model.RunStatus.FAILED : r.failures().isEmpty()
                ? dev.grove.patina.model.RunStatus.OK : dev.grove.patina.model.RunStatus.PARTIAL);
        return r;
    }

    /** Why the store's listing cannot be trusted to delete by, or empty when it can. */
    private Optional<String> checkListing(RetentionPlan plan) {
        long dailies = plan.decisions().stream().filter(d -> d.object().kind() == ObjectKind.DAILY).count();
        long weeklies = plan.decisions().size() - dailies;
        int listedDailies;
        int listedWeeklies;
        try {
            // row manifests (ADR 0030) are under daily/ too, but are no dailies
            listedDailies = (int) store.list(keys.dailyRoot()).stream()
                    .filter(i -> keys.parse(i.key()).isPresent()).count();
            listedWeeklies = store.list(keys.weeklyRoot()).size();
        } catch (IOException | RuntimeException e) {
            return Optional.of("listing " + store.describe() + " failed, so nothing was deleted: " + e.getMessage());
        }
        if (dailies > 0 && listedDailies == 0 || weeklies > 0 && listedWeeklies == 0) {
            return Optional.of(store.describe() + " lists " + listedDailies + " dailies and " + listedWeeklies
                    + " weeklies while the catalog has " + dailies + " and " + weeklies
                    + ", so nothing was deleted — check that the store's bucket, prefix or folder is the right one");
        }
        return Optional.empty();
    }

    /**
     * Defensive: the removal is re-checked against a fresh plan of the catalog as it is now, so a key that plan
     * keeps (a backup landed or was deleted in between, or the plan was built by hand) is never deleted.
     */
    private static Optional<String> changedSincePlan(StoredObject planned, Map<String, Decision> fresh) {
        Optional<Decision> now = Optional.ofNullable(fresh.get(planned.key()));
        if (now.isEmpty()) {
            return Optional.of("no longer present in the catalog");
        }
        if (!now.get().object().createdAt().equals(planned.createdAt())) {
            return Optional.of("stored again since the plan was made");
        }
        if (now.get().action() == Decision.Action.KEEP) {
            return Optional.of("the catalog now says keep: " + now.get().reason());
        }
        return Optional.empty();
    }
}
