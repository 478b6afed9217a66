package dev.grove.patina.backup;

import java.util.List;
import java.util.Objects;

/**
 * What {@link CleanupService#apply} did.
 *
 * @param removed      objects deleted from the store (and marked deleted in the catalog)
 * @param removedBytes their size in bytes
 * @param kept         objects still present afterwards: kept by the plan, refused deletes and skipped ones
 * @param keptBySafety objects the plan kept only because each is the newest good daily of its database
 * @param failures     deletes the store refused; each object stays present with the error in the catalog
 * @param skipped      removals not attempted because the catalog changed since the plan was made
 * @param refusal      why nothing at all was deleted (the store's listing failed or came back empty), or null
 */
public record CleanupResult(int removed, long removedBytes, int kept, long keptBySafety,
                            List<FailedDelete> failures, List<Skipped> skipped, String refusal) {
    /** A delete the store refused. */
    public record FailedDelete(String key, String error) {
        public FailedDelete {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(error, "error");
        }
    }

    /** A planned removal that was not attempted, and why. */
    public record Skipped(String key, String reason) {
        public Skipped {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public CleanupResult {
        failures = List.copyOf(failures);
        skipped = List.copyOf(skipped);
    }

    /** Tells whether the cleanup refused to delete anything. */
    public boolean refused() {
        return refusal != null;
    }

    /** Tells whether every planned removal happened (nothing refused, failed or skipped). */
    public boolean complete() {
        return refusal == null && failures.isEmpty() && skipped.isEmpty();
    }
}
