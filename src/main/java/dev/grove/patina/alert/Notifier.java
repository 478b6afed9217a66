package dev.grove.patina.alert;

import dev.grove.patina.model.RunReport;

/**
 * Tells someone how a run ended. Called once per finished run, after the catalog has recorded it.
 *
 * <p>Implementations must never throw and must return within a bounded time: a failing or slow alert channel never
 * fails, or holds up, a backup. They log their own failures (without secrets).
 */
@FunctionalInterface
public interface Notifier {

    /** Reports the finished run, or decides not to (for example a success when only failures are wanted). */
    void notify(RunReport report);

    /**
     * Sends a notice that is not about one run — for example that the cluster's PostgreSQL has been unreachable for
     * a while ({@code kind} {@code postgres-lost}) and that it is back ({@code postgres-back}). Same rules as
     * {@link #notify(RunReport)}: never throws, bounded. A notifier without a channel does nothing.
     *
     * @param kind a short fixed id of what happened, for machines ({@code postgres-lost})
     * @param text one or two sentences for people; no secrets
     */
    default void notice(String kind, String text) {
    }

    /** A notifier that does nothing, for when no alert channel is configured. */
    static Notifier none() {
        return report -> {
        };
    }
}
