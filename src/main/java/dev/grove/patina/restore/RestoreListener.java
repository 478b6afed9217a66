package dev.grove.patina.restore;

import java.nio.file.Path;

/** What a running restore tells its caller, and how the caller stops it. Called on the restore's thread. */
public interface RestoreListener {
    /** Hears nothing and never cancels. */
    RestoreListener NONE = new RestoreListener() {
        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /**
     * How far the run is.
     *
     * @param fraction 0 to 1, or -1 when the run cannot tell (D1 importing)
     * @param message  what it does now, or null when that did not change
     */
    void progress(double fraction, String message);

    /** What it does now, the fraction unchanged (D1's own messages while it imports). */
    default void message(String message) {
    }

    /** True once the caller wants the run stopped; the run checks between steps and while it streams. */
    boolean cancelled();

    /** The temp folder the run fetches into, when made; null when it is deleted again. */
    default void workingIn(Path tempFolder) {
    }
}
