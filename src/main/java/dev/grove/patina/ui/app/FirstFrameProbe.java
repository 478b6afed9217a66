package dev.grove.patina.ui.app;

import java.lang.management.ManagementFactory;
import javafx.application.Platform;
import javafx.scene.Scene;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's first painted frame. The first pulse that has laid out the shown scene ends by handing its frame to
 * the render thread ({@code PaintCollector.renderAll} right after the pulse listeners); Quantum does not sync a scene
 * again before its previous frame is rendered, so when the FOLLOWING pulse reaches its post-layout listeners the first
 * frame has been painted. There it logs {@code console: first frame painted <ms> ms after JVM start} (INFO), then runs
 * what waits for the first frame (the deferred tabs, the scheduler's start).
 *
 * <p>Benchmark hook ({@code ConsoleBenchmark}, {@code -Dpatina.benchmark.exitAfterFirstFrame=true}; not an operator
 * option): also prints {@code first frame <ms>} to stdout and exits the app (0) instead of running the rest.
 */
final class FirstFrameProbe {
    static final String PROPERTY = "patina.benchmark.exitAfterFirstFrame";
    private static final Logger LOG = LoggerFactory.getLogger(FirstFrameProbe.class);

    private FirstFrameProbe() {
    }

    /** Milliseconds since the JVM started. */
    static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** The line the console logs at its first painted frame. */
    static String line(long ms) {
        return "console: first frame painted " + ms + " ms after JVM start";
    }

    /**
     * Once {@code scene}'s window is showing and its first frame has been painted, logs it and runs {@code then}
     * (later, on the FX thread); with the benchmark property, prints the figure and exits the app instead.
     */
    static void install(Scene scene, Runnable then) {
        int[] pulses = {0};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (scene.getWindow() == null || !scene.getWindow().isShowing() || ++pulses[0] < 2) {
                Platform.requestNextPulse(); // the frame of pulse 1 is rendered before pulse 2 gets here
                return;
            }
            scene.removePostLayoutPulseListener(listener[0]);
            long ms = sinceJvmStart();
            LOG.info(line(ms));
            if (Boolean.getBoolean(PROPERTY)) {
                System.out.println("first frame " + ms);
                System.out.flush();
                Platform.exit();
                return;
            }
            Platform.runLater(then);
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }
}
