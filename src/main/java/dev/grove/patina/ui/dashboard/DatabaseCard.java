package dev.grove.patina.ui.dashboard;

import dev.grove.patina.backup.BackupFreshness;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.ui.common.Durations;
import dev.grove.patina.util.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What one database's card on the dashboard shows.
 *
 * @param reason    why the card has its colour, in words ("last good backup 3 h ago")
 * @param lastGood  when the latest good backup was stored, or "—"
 * @param age       how old it is, or "—"
 * @param size      its stored size, or "—"
 * @param lastError what went wrong for this database in the last nightly, or null when it did not fail
 * @param damage    the database's backups a check found damaged or missing, by key and what failed, or null
 * @param proven    when it was last proven restorable by a test restore ("Last proven restorable …"), or null
 *                  when not loaded
 * @param provenOld true when that is older than {@code [schedule] verify_max_age_days}, or never happened
 */
public record DatabaseCard(String name, Health health, String reason, String lastGood, String age, String size,
                           String lastError, String damage, String proven, boolean provenOld) {
    /** A card without its test-restore state. */
    public DatabaseCard(String name, Health health, String reason, String lastGood, String age, String size,
                        String lastError, String damage) {
        this(name, health, reason, lastGood, age, size, lastError, damage, null, false);
    }

    /** This card with the database's test-restore state. */
    DatabaseCard withProof(dev.grove.patina.backup.ProofAge.ProofState state, ZoneId zone) {
        String line;
        if (state.proof() == null) {
            line = "Never proven restorable — Verify now runs a test restore";
        } else {
            line = "Last proven restorable " + Durations.stamp(state.proof().verifiedAt(), zone) + " ("
                    + Durations.human(state.age()) + " ago, " + state.proof().passed() + " checks passed)"
                    + (state.overdue() ? " — older than " + state.maxAge().toDays() + " days" : "");
        }
        return new DatabaseCard(name, health, reason, lastGood, age, size, lastError, damage, line, state.overdue());
    }
    /** A card without known damage. */
    public DatabaseCard(String name, Health health, String reason, String lastGood, String age, String size,
                        String lastError) {
        this(name, health, reason, lastGood, age, size, lastError, null);
    }

    /** The card of {@code name}, from its latest good backup and its outcome in the last nightly. */
    static DatabaseCard of(String name, Optional<StoredObject> latestGood, Optional<DatabaseOutcome> lastOutcome,
                           Instant now, ZoneId zone) {
        return of(name, latestGood, lastOutcome, java.util.List.of(), false, now, zone);
    }

    /**
     * The card of {@code name}, also saying which of its backups a check found damaged ({@code damaged}, newest first).
     *
     * @param newestDamaged true when the newest daily of the database is one of them: the card is then DAMAGED
     */
    static DatabaseCard of(String name, Optional<StoredObject> latestGood, Optional<DatabaseOutcome> lastOutcome,
                           java.util.List<StoredObject> damaged, boolean newestDamaged, Instant now, ZoneId zone) {
        DatabaseCard plain = plain(name, latestGood, lastOutcome, now, zone);
        if (damaged.isEmpty()) {
            return plain;
        }
        String damage = damaged.stream().map(o -> o.key() + " is damaged: " + o.damage() + " (found "
                + Durations.stamp(o.damagedAt(), zone) + ")").collect(java.util.stream.Collectors.joining("; "));
        if (!newestDamaged) {
            return new DatabaseCard(name, plain.health(), plain.reason(), plain.lastGood(), plain.age(), plain.size(),
                    plain.lastError(), damage);
        }
        String reason = "the newest backup is DAMAGED; " + (latestGood.isPresent()
                ? "the last good one is older (" + plain.reason() + ")" : "no good backup is left")
                + " — run a backup now";
        return new DatabaseCard(name, Health.DAMAGED, reason, plain.lastGood(), plain.age(), plain.size(),
                plain.lastError(), damage);
    }

    private static DatabaseCard plain(String name, Optional<StoredObject> latestGood,
                                      Optional<DatabaseOutcome> lastOutcome, Instant now, ZoneId zone) {
        String error = lastOutcome.filter(o -> o.status() == RunStatus.FAILED)
                .map(o -> o.error() == null ? "failed" : o.error()).orElse(null);
        if (latestGood.isEmpty()) {
            return new DatabaseCard(name, Health.NEVER, "no good backup yet", "—", "—", "—", error);
        }
        StoredObject o = latestGood.get();
        Duration age = Duration.between(o.createdAt(), now);
        boolean fresh = BackupFreshness.isFresh(o.createdAt(), now);
        String ageText = Durations.human(age);
        String reason = fresh ? "last good backup " + ageText + " ago"
                : "last good backup " + ageText + " ago, over " + BackupFreshness.limitText()
                + ": a nightly was missed";
        return new DatabaseCard(name, fresh ? Health.OK : Health.STALE, reason, Durations.stamp(o.createdAt(), zone),
                ageText, Bytes.formatBytes(o.size()), error);
    }
}
