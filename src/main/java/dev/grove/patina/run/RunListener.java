package dev.grove.patina.run;

/**
 * Receives the run service's events. Called from the triggering threads and the runs' threads, several at once:
 * implement it thread-safe and quick. The console moves events onto the FX thread in one place (its UI executor);
 * a listener that throws is logged and does not disturb the run.
 */
@FunctionalInterface
public interface RunListener {
    void onEvent(RunEvent event);
}
