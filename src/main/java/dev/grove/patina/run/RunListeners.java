package dev.grove.patina.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered listeners; one that throws is logged and skipped. */
final class RunListeners {
    private static final Logger LOG = LoggerFactory.getLogger(RunListeners.class);
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();

    void add(RunListener l) {
        listeners.add(l);
    }

    void remove(RunListener l) {
        listeners.remove(l);
    }

    void publish(RunEvent event) {
        for (RunListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("a run listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
