package dev.grove.patina.schedule;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.model.RunReport;

/**
 * The port the scheduler drives: one kind of run (nightly, weekly, cleanup). The scheduler knows nothing of the
 * services behind it; {@link ScheduledWorks} adapts them.
 */
public interface ScheduledWork {
    /**
     * Runs once and blocks until the run is over; records the run in the catalog itself.
     *
     * @param progress live per-database progress, called from the run's threads
     * @return the finished run
     * @throws Exception when the run could not run at all (a database's failure is a report, not an exception)
     */
    RunReport run(WorkRequest request, BackupProgress progress) throws Exception;

    /**
     * Why a scheduled or catch-up run of this work would do nothing useful now (a first start's weekly: no daily
     * existed yet in the week it would archive), or empty. The scheduler then skips it with this reason instead of
     * recording a failure; manual runs are never asked.
     */
    default java.util.Optional<String> notNeeded(WorkRequest request) {
        return java.util.Optional.empty();
    }

    /** False when this kind of run does not exist in this build yet: the scheduler reports instead of running. */
    default boolean available() {
        return true;
    }

    /** Why {@link #available()} is false (for the operator), or empty. */
    default String unavailableReason() {
        return "";
    }

    /** A placeholder for a kind of run another part of Patina will provide. */
    static ScheduledWork unavailable(String why) {
        return new ScheduledWork() {
            @Override
            public RunReport run(WorkRequest request, BackupProgress progress) {
                throw new UnsupportedOperationException(why);
            }

            @Override
            public boolean available() {
                return false;
            }

            @Override
            public String unavailableReason() {
                return why;
            }
        };
    }
}
