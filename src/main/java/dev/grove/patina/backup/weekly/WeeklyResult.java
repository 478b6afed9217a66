package dev.grove.patina.backup.weekly;

import dev.grove.patina.model.RunStatus;
import java.util.List;

/**
 * What applying a {@link WeeklyPlan} did.
 *
 * @param runId   the catalog's run (kind weekly)
 * @param key     the archive's key
 * @param status  OK: archived with nothing missing; PARTIAL: archived, some dailies missing; FAILED: nothing stored
 * @param members what the archive holds, in archive order
 * @param missing what it does not hold, with reasons: the plan's missing dailies plus those that failed to read or
 *                did not match their recorded SHA-256
 * @param size    bytes of the stored archive (0 when nothing was stored)
 * @param sha256  SHA-256 of the stored archive, null when nothing was stored
 * @param error   why nothing was stored, null when the archive was stored
 */
public record WeeklyResult(String runId, String key, RunStatus status, List<ArchivedMember> members,
                           List<MissingDaily> missing, long size, String sha256, String error) {
    public WeeklyResult {
        members = List.copyOf(members);
        missing = List.copyOf(missing);
    }

    /** Tells whether the archive was stored. */
    public boolean stored() {
        return error == null;
    }
}
