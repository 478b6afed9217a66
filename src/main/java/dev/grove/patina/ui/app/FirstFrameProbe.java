package dev.grove.patina.ui.app;

import java.lang.management.ManagementFactory;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Benchmark hook only (ConsoleBenchmark, {@code -Dpatina.benchmark.exitAfterFirstFrame=true}); does nothing without
 * the property. The "first frame" signal: the first pulse that has laid out the shown scene ends by handing its frame
 * to the render thread ({@code PaintCollector.renderAll} right after the pulse listeners); Quantum does not sync a
 * scene again before its previous frame is rendered, so when the FOLLOWING pulse reaches its post-layout listeners
 * the first frame has been painted. There it prints {@code first frame <ms since JVM start>} and exits the app (0).
 */
final class FirstFrameProbe {
    static final String PROPERTY = "patina.benchmark.exitAfterFirstFrame";

    private FirstFrameProbe() {
    }

    static void installIfAsked(Scene scene) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        int[] pulses = {0};
        scene.addPostLayoutPulseListener(() -> {
            if (scene.getWindow() == null || !scene.getWindow().isShowing() || ++pulses[0] != 2) {
                Platform.requestNextPulse(); // the frame of pulse 1 is rendered before pulse 2 gets here
                return;
            }
            long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println("first frame " + ms);
            System.out.flush();
            Platform.exit();
        });
    }
}
