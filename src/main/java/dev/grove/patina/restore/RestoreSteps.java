package dev.grove.patina.restore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CancellationException;

/** One run's side of its {@link RestoreListener}: progress that stops the run once it is cancelled. */
final class RestoreSteps {
    private final RestoreListener listener;
    private volatile Instant sentToD1;

    RestoreSteps(RestoreListener listener) {
        this.listener = listener;
    }

    /** Reports progress, or stops the run when it was cancelled. */
    void step(double fraction, String message) {
        check();
        listener.progress(Math.min(1, fraction), message);
    }

    /** Stops the run when it was cancelled. */
    void check() {
        if (listener.cancelled()) {
            throw new CancellationException("cancelled");
        }
    }

    boolean cancelled() {
        return listener.cancelled();
    }

    void indeterminate(String message) {
        listener.progress(-1, message);
    }

    void message(String message) {
        listener.message(message);
    }

    void workingIn(Path temp) {
        listener.workingIn(temp);
    }

    /** Marks the moment the file went to D1. */
    void sentToD1(Instant at) {
        sentToD1 = at;
    }

    /** When the file went to D1, or null. */
    Instant sentToD1() {
        return sentToD1;
    }
}
