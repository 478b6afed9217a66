package dev.grove.patina.schedule;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered listeners; one that throws is logged and skipped. */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private final List<SchedulerListener> listeners = new CopyOnWriteArrayList<>();

    void add(SchedulerListener l) {
        listeners.add(l);
    }

    void remove(SchedulerListener l) {
        listeners.remove(l);
    }

    void publish(SchedulerEvent event) {
        for (SchedulerListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("a scheduler listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
