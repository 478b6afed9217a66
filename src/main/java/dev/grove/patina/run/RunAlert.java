package dev.grove.patina.run;

import dev.grove.patina.alert.Notifier;
import dev.grove.patina.model.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place a run alerts: after every run of every kind, whatever road started it. */
final class RunAlert {
    private static final Logger LOG = LoggerFactory.getLogger(RunAlert.class);
    private final Notifier notifier;

    RunAlert(Notifier notifier) {
        this.notifier = notifier;
    }

    /**
     * Sends the run's alert with the thread's interrupt (a cancel or a shutdown) cleared for the send, so a stopped
     * run still alerts; the interrupt is restored after. An alert that cannot go out never breaks the run.
     */
    void send(RunReport report) {
        boolean interrupted = Thread.interrupted();
        try {
            notifier.notify(report);
        } catch (RuntimeException e) {
            LOG.warn("the alert for the {} run {} failed: {}", report.kind().id(), report.runId(), e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
