package dev.grove.patina.ui.app;

import dev.grove.patina.run.DatabaseProgress;
import dev.grove.patina.run.RunningJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What closing the window and quitting do, as values (tested without a toolkit). Closing never silently stops
 * the schedules: with a tray the window hides into it; without one the operator is asked.
 */
final class ClosePolicy {
    private ClosePolicy() {
    }

    /** What a click on the window's close button does. */
    enum OnClose {
        /** The schedule runs elsewhere (or nowhere): closing the window quits. */
        QUIT,
        /** The window hides; the tray icon stays and the schedules go on. */
        HIDE_TO_TRAY,
        /** No tray on this platform: ask whether to keep running in the background or quit. */
        ASK
    }

    static OnClose onClose(boolean runsSchedule, boolean hasTray) {
        if (!runsSchedule) {
            return OnClose.QUIT;
        }
        return hasTray ? OnClose.HIDE_TO_TRAY : OnClose.ASK;
    }

    /**
     * What is running that a quit would stop, one line each ("nightly backup (scheduled): shop 12,000 rows;
     * orders waiting"), from the scheduler's runs and whether the console runs a job of its own.
     */
    static List<String> runningWork(List<RunningJob> scheduler, boolean consoleBusy) {
        List<String> out = new ArrayList<>();
        for (RunningJob job : scheduler) {
            StringBuilder line = new StringBuilder(job.kind().id()).append(" run (").append(job.trigger()).append(')');
            List<String> parts = new ArrayList<>();
            for (DatabaseProgress d : job.databases()) {
                parts.add(String.format(Locale.ROOT, "%s %s%s", d.database(),
                        d.status().id(), d.rows() > 0 ? String.format(Locale.ROOT, " (%,d rows)", d.rows()) : ""));
            }
            if (!parts.isEmpty()) {
                line.append(": ").append(String.join(", ", parts));
            }
            out.add(line.toString());
        }
        if (consoleBusy) {
            out.add("a backup, archive or clean-up started from this window");
        }
        return out;
    }

    /** The question before a quit while {@code work} is running. */
    static String quitQuestion(List<String> work) {
        return "Still running:\n  • " + String.join("\n  • ", work) + "\n\n"
                + "Wait lets it finish, then quits. Stop ends it now: databases already backed up are kept, "
                + "nothing half-written is stored, and the run is recorded as interrupted.";
    }

    /** What the "keep running?" question says when there is no tray. */
    static final String NO_TRAY_QUESTION = "This desktop has no system tray, so Patina cannot stay there. "
            + "Keep it running in the background so the scheduled backups go on? Start Patina again to bring this "
            + "window back. Quit stops the schedules until Patina is started again (a missed nightly is caught up "
            + "then).";
}
