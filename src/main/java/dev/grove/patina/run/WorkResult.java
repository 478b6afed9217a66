package dev.grove.patina.run;

import dev.grove.patina.backup.CleanupResult;
import dev.grove.patina.backup.weekly.WeeklyResult;
import dev.grove.patina.model.RunReport;

/** How a {@link RunWork} ended: the run as the catalog recorded it, and what its kind says beyond that. */
public sealed interface WorkResult {
    /** The run as the catalog recorded it (what the alert says). */
    RunReport report();

    /** A run whose report says it all (the nightly). */
    record ReportedRun(RunReport report) implements WorkResult {
    }

    /** A weekly: its report and the archive it stored (members, missing dailies). */
    record WeeklyDone(RunReport report, WeeklyResult archive) implements WorkResult {
    }

    /** A test restore: its report and the verdict on each object (the checks each ran). */
    record VerifyDone(RunReport report, java.util.List<dev.grove.patina.backup.VerifyService.Verdict> verdicts)
            implements WorkResult {
        public VerifyDone {
            verdicts = java.util.List.copyOf(verdicts);
        }
    }

    /** A cleanup: its report and what it removed, kept, skipped or failed to delete. */
    record CleanupDone(RunReport report, CleanupResult cleanup) implements WorkResult {
    }
}
