package dev.grove.patina.ui.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes a scene as a PNG: to target/screenshots in every build, and to docs/screenshots (the README's) with
 * {@code -Dpatina.screenshots.update=true}, so an ordinary build does not rewrite tracked files.
 */
final class Screenshots {
    static final Path DIR = Boolean.getBoolean("patina.screenshots.update") ? Path.of("docs", "screenshots")
            : Path.of("target", "screenshots");

    private Screenshots() {
    }

    static void write(Scene scene, String name) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Files.createDirectories(DIR);
        Path file = DIR.resolve(name);
        assertTrue(ImageIO.write(png, "png", file.toFile()), "no PNG writer");
        assertTrue(Files.size(file) > 10_000, file + " is suspiciously small");
    }
}
