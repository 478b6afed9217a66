package dev.grove.patina.schedule;

/**
 * Receives the scheduler's events. Called from the scheduler's and the runs' threads, several at once: implement
 * it thread-safe and quick. The console moves events onto the FX thread in one place (its UI executor); a
 * listener that throws is logged and does not disturb the run.
 */
@FunctionalInterface
public interface SchedulerListener {
    void onEvent(SchedulerEvent event);
}
