package dev.grove.patina.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.testing.ChildPatina;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a child JVM rewriting {@code patina.toml} with {@link ConfigWriter} (through
 * {@code AtomicFiles}) in a tight loop, at moments the test does not choose: the file is then one of the two
 * configs, whole, and loads; what a killed write leaves is a hidden temp file, never {@code patina.toml}.
 */
class ConfigWriterCrashTest {
    @TempDir
    Path dir;

    @Test
    void aConfigRewriteKilledAtAnyMomentLeavesOneWholeConfig() throws Exception {
        Path a = Files.writeString(dir.resolve("a.toml"), ConfigFixture.minimal(""));
        StringBuilder many = new StringBuilder(ConfigFixture.minimal(""));
        for (int i = 0; i < 2000; i++) { // a config of some size: a write takes more than one moment
            many.append("\n[[databases]]\nname = \"db").append(i).append("\"\ntype = \"sqlite\"\npath = \"/data/db")
                    .append(i).append(".sqlite\"\n");
        }
        Path b = Files.writeString(dir.resolve("b.toml"), many.toString());
        Path work = Files.createDirectories(dir.resolve("work"));
        Path target = work.resolve("patina.toml");
        Path dataDir = dir.resolve("data");
        ConfigLoader loader = ConfigRewriter.loader(dataDir);
        ConfigWriter writer = new ConfigWriter(ConfigWriter.PlainSecrets.WRITE);
        Set<String> whole = Set.of(writer.write(loader.load(a)), writer.write(loader.load(b)));

        Random random = new Random(13);
        for (int round = 0; round < 5; round++) {
            ChildPatina child = ChildPatina.startMain(dir.resolve("child"), Map.of(), ConfigRewriter.class.getName(),
                    a.toString(), b.toString(), target.toString(), dataDir.toString());
            try {
                child.awaitWhileAlive("a first whole write", 60, () -> {
                    try {
                        return child.stdout().contains("wrote 1");
                    } catch (IOException e) {
                        return false;
                    }
                });
                Thread.sleep(random.nextInt(100)); // a moment the test does not choose
                assertTrue(child.isAlive(), "still writing when killed:\n" + child.output());
                child.kill();
            } finally {
                child.kill();
            }
            String text = Files.readString(target);
            assertTrue(whole.contains(text), "patina.toml is one of the two configs, whole (" + text.length()
                    + " chars)");
            assertEquals("jobs", loader.load(target).databases().get(0).name(), "and it loads");
            try (Stream<Path> files = Files.list(work)) {
                files.map(p -> p.getFileName().toString()).forEach(n -> assertTrue(n.equals("patina.toml")
                        || n.matches("\\.patina\\.toml\\.patina-[0-9a-f]{8}\\.tmp"), "unexpected " + n));
            }
        }
    }
}
