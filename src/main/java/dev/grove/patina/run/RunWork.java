package dev.grove.patina.run;

import dev.grove.patina.backup.BackupProgress;

/**
 * The port the run service drives: one kind of run (nightly, weekly, cleanup). The service knows nothing of the
 * services behind it; {@link RunWorks} adapts them. A work never alerts: the run service does, after every run.
 */
public interface RunWork {
    /**
     * Runs once and blocks until the run is over; records the run in the catalog itself.
     *
     * @param progress live per-database progress, called from the run's threads
     * @return the finished run (its report is what the catalog recorded)
     * @throws Exception when the run could not run at all (a database's failure is a report, not an exception)
     */
    WorkResult run(WorkRequest request, BackupProgress progress) throws Exception;

    /**
     * Why a scheduled or catch-up run of this work would do nothing useful now (a first start's weekly: no daily
     * existed yet in the week it would archive), or empty. The run service then skips it with this reason instead of
     * recording a failure; manual runs are never asked.
     */
    default java.util.Optional<String> notNeeded(WorkRequest request) {
        return java.util.Optional.empty();
    }

    /** False when this kind of run does not exist in this build yet: the run service reports instead of running. */
    default boolean available() {
        return true;
    }

    /** Why {@link #available()} is false (for the operator), or empty. */
    default String unavailableReason() {
        return "";
    }

    /** A placeholder for a kind of run another part of Patina will provide. */
    static RunWork unavailable(String why) {
        return new RunWork() {
            @Override
            public WorkResult run(WorkRequest request, BackupProgress progress) {
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
