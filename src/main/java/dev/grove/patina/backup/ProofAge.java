package dev.grove.patina.backup;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.RestoreProofs;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * When each database was last proven restorable (its newest test restore in which every check passed) and whether
 * that is older than the policy ({@code [schedule] verify_max_age_days}). What {@code patina status}, the dashboard
 * and the API show.
 */
public final class ProofAge {
    private ProofAge() {
    }

    /**
     * A database's proof state.
     *
     * @param proof   the newest passing test restore, or null when it was never proven restorable
     * @param maxAge  the policy
     * @param overdue true when there is no proof, or it is older than the policy
     */
    public record ProofState(String database, RestoreProofs.Proof proof, Duration age, Duration maxAge, boolean overdue) {
        public ProofState {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(maxAge, "maxAge");
        }

        /** "last proven restorable 2026-12-05T04:00:00Z (1.5 days ago, 8 checks passed)", with the warning. */
        public String line() {
            if (proof == null) {
                return "never proven restorable — run `patina verify`";
            }
            String base = "last proven restorable " + proof.verifiedAt() + " (" + days(age) + " ago, "
                    + proof.passed() + " checks passed)";
            return overdue ? base + " — WARNING: older than the " + maxAge.toDays() + "-day policy "
                    + "(verify_max_age_days); run `patina verify`" : base;
        }

        private static String days(Duration d) {
            return d.toHours() < 48 ? String.format(Locale.ROOT, "%.1f h", d.toMinutes() / 60.0)
                    : String.format(Locale.ROOT, "%.1f days", d.toMinutes() / 1440.0);
        }
    }

    /** The proof state of {@code database} at {@code now}. */
    public static ProofState of(Catalog catalog, String database, Instant now, int maxAgeDays) {
        Duration maxAge = Duration.ofDays(maxAgeDays);
        RestoreProofs.Proof proof = catalog.proofs().lastProven(database).orElse(null);
        if (proof == null) {
            return new ProofState(database, null, null, maxAge, true);
        }
        Duration age = Duration.between(proof.verifiedAt(), now);
        return new ProofState(database, proof, age, maxAge, age.compareTo(maxAge) > 0);
    }
}
