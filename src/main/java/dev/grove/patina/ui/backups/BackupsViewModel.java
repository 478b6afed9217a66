package dev.grove.patina.ui.backups;

import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectCopy;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.RestoreProofs;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.ui.common.Durations;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.ui.common.UiExecutor;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Backups tab: every object in the catalog, newest first, filtered by database, kind, status (present, verified,
 * not verified, or deleted — the history of what retention removed), date range and key text. Every change of a
 * filter queries the catalog again in the background; only the answer to the latest query is shown, however the
 * answers arrive. An inverted date range is explained and not queried. {@link #verify} proves one daily restores
 * (in the background, one at a time) and shows its row verified.
 */
public final class BackupsViewModel {
    /** The database choice that filters nothing. */
    public static final String ALL_DATABASES = "All databases";
    /** The most rows the table holds; the summary says when more match. */
    static final int PAGE = 1_000;

    /** How long the console follows a verify it ordered (longer than any test restore of one backup). */
    private static final java.time.Duration FOLLOW_AT_MOST = java.time.Duration.ofHours(6);

    private final Catalog catalog;
    /** The run queue every verify goes through (null only with the deprecated direct constructors). */
    private final dev.grove.patina.run.RunService runs;
    /** With {@code [cluster]}: the cluster's queue a verify is ordered into (ADR 0035); null: {@link #runs}. */
    private final dev.grove.patina.run.RunQueue queue;
    private final ZoneId zone;
    private final UiExecutor executor;
    private final List<String> replicas;
    /** The replica copies of the rows shown, by key (GUI thread only). */
    private Map<String, List<ObjectCopy>> copies = Map.of();
    /** The newest test restore of the rows shown, by key (GUI thread only). */
    private Map<String, RestoreProofs.Proof> proofs = Map.of();
    private final ObservableList<String> databaseChoices = FXCollections.observableArrayList();
    private final ObjectProperty<String> database = new SimpleObjectProperty<>(ALL_DATABASES);
    private final ObjectProperty<KindFilter> kind = new SimpleObjectProperty<>(KindFilter.ALL);
    private final ObjectProperty<StatusFilter> status = new SimpleObjectProperty<>(StatusFilter.PRESENT);
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty dateMessage = new SimpleStringProperty("");
    private final ObservableList<BackupRow> rows = FXCollections.observableArrayList();
    private final ObservableList<BackupRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final StringProperty summary = new SimpleStringProperty("");
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final BooleanProperty verifying = new SimpleBooleanProperty();
    private final StringProperty verifyMessage = new SimpleStringProperty("");
    private final BooleanProperty verifyFailed = new SimpleBooleanProperty();
    private long generation;

    /**
     * @param runs      the run queue: Verify orders a test restore of the row's daily from it (trigger
     *                  {@code manual}), like every other run — one lane, the catalog's record, the alert, and the
     *                  dashboard's run bar
     * @param databases the configured databases' names, for the database filter
     * @param zone      the schedule's time zone, in which times are shown
     * @param replicas  the replicas' names: each row shows the object's copy on each ({@link BackupRow#replicas})
     */
    public BackupsViewModel(Catalog catalog, dev.grove.patina.run.RunService runs, List<String> databases,
                            ZoneId zone, UiExecutor executor, List<String> replicas) {
        this(catalog, runs, null, databases, zone, executor, replicas);
    }

    /**
     * @param queue with {@code [cluster]}: the cluster's queue (ADR 0035) — Verify then orders the row's test restore
     *              into it, a free node runs it, and the verdict is read from the shared catalog when it ended;
     *              null: the console's own run service runs it
     */
    public BackupsViewModel(Catalog catalog, dev.grove.patina.run.RunService runs, dev.grove.patina.run.RunQueue queue,
                            List<String> databases, ZoneId zone, UiExecutor executor, List<String> replicas) {
        this.replicas = List.copyOf(replicas);
        this.catalog = catalog;
        this.queue = queue;
        this.runs = java.util.Objects.requireNonNull(runs, "runs");
        this.zone = zone;
        this.executor = executor;
        List<String> choices = new ArrayList<>();
        choices.add(ALL_DATABASES);
        choices.addAll(databases);
        databaseChoices.setAll(choices);
        database.addListener((o, was, is) -> search());
        kind.addListener((o, was, is) -> search());
        status.addListener((o, was, is) -> search());
        from.addListener((o, was, is) -> search());
        to.addListener((o, was, is) -> search());
        text.addListener((o, was, is) -> search());
    }

    /**
     * Queries the catalog with the current filters, in the background. An inverted date range is not queried: the
     * table empties and {@link #dateMessageProperty()} says why.
     */
    public void search() {
        long mine = ++generation;
        LocalDate first = from.get();
        LocalDate last = to.get();
        if (first != null && last != null && first.isAfter(last)) {
            loading.set(false);
            rows.clear();
            summary.set("");
            dateMessage.set("“To” " + last + " is before “From” " + first + ": no backups searched");
            return;
        }
        dateMessage.set("");
        ObjectQuery query = query();
        loading.set(true);
        executor.executeInBackground(() -> {
            Page<StoredObject> page = catalog.findObjects(query);
            List<String> keys = page.items().stream().map(StoredObject::key).toList();
            return new PageWithCopies(page, replicas.isEmpty() ? Map.of() : catalog.copies().of(keys),
                    catalog.proofs().latestFor(keys));
        }, loaded -> {
            if (mine == generation) {
                copies = loaded.copies();
                proofs = loaded.proofs();
                show(loaded.page(), zone);
            }
        }, e -> {
            if (mine == generation) {
                loading.set(false);
                rows.clear();
                summary.set("Cannot read the catalog: " + Messages.of(e));
            }
        });
    }

    /** A page of objects, their replica copies and their newest test restores, read together in the background. */
    private record PageWithCopies(Page<StoredObject> page, Map<String, List<ObjectCopy>> copies,
                                  Map<String, RestoreProofs.Proof> proofs) {
    }

    private BackupRow row(StoredObject o) {
        BackupRow row = replicas.isEmpty() ? BackupRow.of(o, zone)
                : BackupRow.of(o, zone, replicas, copies.getOrDefault(o.key(), List.of()));
        return row.withProof(proofs.get(o.key()), zone);
    }

    /** True when replicas are configured: the table then has a Replicas column. */
    public boolean hasReplicas() {
        return !replicas.isEmpty();
    }

    ObjectQuery query() {
        ObjectQuery q = ObjectQuery.firstPage(PAGE)
                .withStatus((status.get() == null ? StatusFilter.PRESENT : status.get()).status())
                .withKind(kind.get() == null ? null : kind.get().kind()).withDates(from.get(), to.get())
                .withText(text.get());
        String db = database.get();
        return db == null || ALL_DATABASES.equals(db) ? q : q.withDatabase(db);
    }

    private void show(Page<StoredObject> page, ZoneId zone) {
        loading.set(false);
        rows.setAll(page.items().stream().map(this::row).toList());
        String noun = page.total() == 1 ? "backup" : "backups";
        summary.set(page.hasNext()
                ? String.format(Locale.ROOT, "Showing the newest %,d of %,d %s", rows.size(), page.total(), noun)
                : String.format(Locale.ROOT, "%,d %s", page.total(), noun));
    }

    /**
     * Verifies {@code row}'s daily in the background — download, SHA-256 against the catalog, restore into a temp
     * database (integrity check, row counts) — and, when it passes, shows the row with its new verified time (the
     * service records it in the catalog). One verify at a time; {@link #verifyMessageProperty()} says how it went,
     * naming the key.
     */
    public void verify(BackupRow row) {
        String why = RowAction.VERIFY.unavailable(row);
        if (why != null) {
            verifyFailed.set(true);
            verifyMessage.set(why);
            return;
        }
        if (verifying.get()) {
            return;
        }
        String key = row.key();
        verifying.set(true);
        verifyFailed.set(false);
        verifyMessage.set("Verifying " + key + ": downloading, checking the checksum, restoring into a temp "
                + "database…");
        executor.executeInBackground(() -> {
            StoredObject object = catalog.object(key)
                    .orElseThrow(() -> new IOException(key + " is not in the catalog"));
            if (!object.present()) {
                throw new IOException(key + " was deleted from the store on "
                        + Durations.stamp(object.deletedAt(), zone));
            }
            if (queue != null) {
                return queued(object);
            }
            VerifyService.Verdict result = ordered(object);
            return new Verified(result.ok(), words(result.outcome()) + ": " + result.detail(), "",
                    catalog.object(key).orElse(object), catalog.proofs().latestOf(key));
        }, done -> {
            verifying.set(false);
            if (done.proof().isPresent()) {
                Map<String, RestoreProofs.Proof> shown = new java.util.HashMap<>(proofs);
                shown.put(key, done.proof().get());
                proofs = shown;
            }
            BackupRow now = row(done.object());
            if (done.ok()) {
                verifyFailed.set(false);
                verifyMessage.set("Verified " + key + done.where() + ": checksum ok, "
                        + (now.rows() < 0 ? "restored" : String.format(Locale.ROOT, "%,d rows restored", now.rows()))
                        + ", integrity ok");
            } else {
                verifyFailed.set(true);
                verifyMessage.set("Not verified: " + key + done.where() + " — " + done.failure());
            }
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).key().equals(key)) {
                    rows.set(i, now);
                }
            }
            if (loading.get()) {
                search();   // a query that started before the catalog changed would show the old verified time
            }
        }, e -> {
            verifying.set(false);
            verifyFailed.set(true);
            verifyMessage.set("Cannot verify " + key + ": " + Messages.of(e));
        });
    }

    /**
     * Orders the test restore of {@code object}'s day from the run queue (its database, its date; trigger
     * {@code manual}) and follows the run: its progress shows in {@link #verifyMessageProperty()} (and on the
     * dashboard's run bar, which follows every run). Runs on a background thread.
     *
     * @throws IllegalStateException when the run did not start or did not run, saying why
     */
    private VerifyService.Verdict ordered(StoredObject object) {
        String key = object.key();
        dev.grove.patina.run.RunOrder order = dev.grove.patina.run.RunOrder.verify(
                dev.grove.patina.model.RunTrigger.MANUAL, new dev.grove.patina.run.RunScope.VerifyScope(
                        java.util.Set.of(object.database()), false, object.date(), null));
        dev.grove.patina.run.RunFollower.Followed f = new dev.grove.patina.run.RunFollower(runs).submitAndFollow(
                order, e -> {
                    if (e instanceof dev.grove.patina.run.RunEvent.RunProgressed p) {
                        String line = progressLine(key, p.job());
                        executor.executeOnGuiThread(() -> {
                            if (line != null && verifying.get()) {
                                verifyMessage.set(line);
                            }
                        });
                    }
                }, FOLLOW_AT_MOST, answer -> {
                    if (answer.outcome() == dev.grove.patina.run.TriggerResult.TriggerOutcome.QUEUED
                            || answer.outcome() == dev.grove.patina.run.TriggerResult.TriggerOutcome.MERGED) {
                        String line = "Verify of " + key + " waits in the queue: " + answer.message();
                        executor.executeOnGuiThread(() -> verifyMessage.set(line));
                    }
                });
        if (!f.trigger().accepted()) {
            throw new IllegalStateException("the verify run did not start: " + f.trigger().message());
        }
        dev.grove.patina.run.WorkResult result = f.result().orElseThrow(() -> new IllegalStateException(
                f.end().map(e -> "the verify run did not run: " + dev.grove.patina.run.RunFollower.why(e))
                        .orElse("the verify run is still going after " + FOLLOW_AT_MOST.toHours() + " h")));
        if (!(result instanceof dev.grove.patina.run.WorkResult.VerifyDone done)) {
            throw new IllegalStateException("the verify run ended without verdicts: " + result.report().status());
        }
        return done.verdicts().stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow(() ->
                new IllegalStateException("the verify run did not test " + key + " (it verified "
                        + String.join(", ", done.verdicts().stream().map(VerifyService.Verdict::key).toList()) + ")"));
    }

    /**
     * "Verifying KEY: restoring — 12,345 statements, 3.4 MB of the dump read…" from the run's progress; null when no
     * database of it is running.
     */
    static String progressLine(String key, dev.grove.patina.run.RunningJob job) {
        for (dev.grove.patina.run.DatabaseProgress d : job.databases()) {
            if (d.status() == dev.grove.patina.model.RunStatus.RUNNING) {
                return d.rows() > 0 || d.bytes() > 0
                        ? String.format(Locale.ROOT, "Verifying %s: restoring — %,d statements, %s of the dump "
                        + "read…", key, d.rows(), dev.grove.patina.util.Bytes.formatBytes(d.bytes()))
                        : "Verifying " + key + ": downloading and checking the checksum…";
            }
        }
        return null; // between databases, or ended: the run's end says how it went
    }

    /**
     * How a verify ended: passed or not ({@code failure} says why, without the key), {@code where} it ran ("" here,
     * " on node a" in the cluster), and the object and its newest proof as the catalog has them now.
     */
    private record Verified(boolean ok, String failure, String where, StoredObject object,
                            java.util.Optional<RestoreProofs.Proof> proof) {
    }

    /**
     * With {@code [cluster]} (ADR 0035): orders the test restore of {@code object}'s day (its database, its date, the
     * primary) into the cluster's queue — this console runs nothing — follows it (queued, running on node X, ended:
     * each state in {@link #verifyMessageProperty()}), then reads the verdict from the shared catalog: the object's
     * verified or damaged time moved past what it was before the order. Runs on a background thread.
     *
     * @throws IllegalStateException when it was not queued, or left the queue without ending, saying why
     */
    private Verified queued(StoredObject object) {
        String key = object.key();
        dev.grove.patina.run.RunOrder order = dev.grove.patina.run.RunOrder.verify(
                dev.grove.patina.model.RunTrigger.MANUAL, new dev.grove.patina.run.RunScope.VerifyScope(
                        java.util.Set.of(object.database()), false, object.date(), null));
        dev.grove.patina.run.RunQueue.Queued q = queue.enqueue(order);
        if (!q.accepted()) {
            throw new IllegalStateException(q.message());
        }
        executor.executeOnGuiThread(() -> verifyMessage.set("Verify of " + key + ": " + q.message()));
        java.time.Instant until = java.time.Instant.now().plus(FOLLOW_AT_MOST);
        dev.grove.patina.run.RunQueue.QueueState last;
        do {
            last = queue.follow(q, st -> executor.executeOnGuiThread(() -> {
                if (verifying.get()) {
                    verifyMessage.set("Verify of " + key + ": " + st.message());
                }
            }), java.time.Duration.ofSeconds(2));
        } while (!last.over() && java.time.Instant.now().isBefore(until));
        if (!last.over()) {
            throw new IllegalStateException("the verify of " + key + " is still in " + queue.where() + " after "
                    + FOLLOW_AT_MOST.toHours() + " h: " + last.message());
        }
        if (last.phase() != dev.grove.patina.run.RunQueue.QueueState.QueuePhase.ENDED) {
            throw new IllegalStateException(last.message());
        }
        String where = last.node() == null ? "" : " on node " + last.node();
        StoredObject now = catalog.object(key).orElse(object);
        java.util.Optional<RestoreProofs.Proof> proof = catalog.proofs().latestOf(key);
        if (newer(now.damagedAt(), object.damagedAt())) {
            return new Verified(false, now.damage() == null ? "damaged" : now.damage(), where, now, proof);
        }
        if (newer(now.verifiedAt(), object.verifiedAt())) {
            return new Verified(true, "", where, now, proof);
        }
        return new Verified(false, "the verify run ended (" + last.outcome() + ") without a verdict on it in the "
                + "catalog: see the Runs tab", where, now, proof);
    }

    private static boolean newer(java.time.Instant now, java.time.Instant before) {
        return now != null && (before == null || now.isAfter(before));
    }

    private static String words(VerifyService.Finding outcome) {
        return switch (outcome) {
            case OK -> "ok";
            case MISSING -> "missing from the store";
            case CHECKSUM_MISMATCH -> "the stored bytes do not match their checksum";
            case RESTORE_FAILED -> "the restore failed";
            case ROW_COUNT_MISMATCH -> "the row counts differ from the catalog's";
            case CHECKS_FAILED -> "it restores, but a check on the restore failed";
            case CHECK_FAILED -> "the check could not be made";
        };
    }

    public ObservableList<String> databaseChoices() {
        return databaseChoices;
    }

    public ObjectProperty<String> databaseProperty() {
        return database;
    }

    public ObjectProperty<KindFilter> kindProperty() {
        return kind;
    }

    public ObjectProperty<StatusFilter> statusProperty() {
        return status;
    }

    /** The first date shown, inclusive; null = open. */
    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    /** The last date shown, inclusive; null = open. */
    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** Why the dates were not searched (an inverted range), or "". */
    public ReadOnlyStringProperty dateMessageProperty() {
        return dateMessage;
    }

    /** While a verify runs. */
    public ReadOnlyBooleanProperty verifyingProperty() {
        return verifying;
    }

    /** What the verify is doing, or how the last one went (naming the key); "" before the first. */
    public ReadOnlyStringProperty verifyMessageProperty() {
        return verifyMessage;
    }

    /** Whether the last verify failed (or could not start). */
    public ReadOnlyBooleanProperty verifyFailedProperty() {
        return verifyFailed;
    }

    public ObservableList<BackupRow> rows() {
        return rowsView;
    }

    /** "6 backups", or how many of how many are shown, or why none could be read. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }
}
