package dev.grove.patina.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The child JVM of {@link ConfigWriterCrashTest}: loads the configs {@code A} and {@code B} and writes them onto
 * {@code TARGET} with {@link ConfigWriter#writeTo}, A, B, A, B, … until killed, printing {@code wrote N} after each.
 */
public final class ConfigRewriter {
    private ConfigRewriter() {
    }

    static ConfigLoader loader(Path dataDir) {
        return new ConfigLoader(name -> null, dataDir, name -> Optional.empty());
    }

    public static void main(String[] args) throws Exception {
        ConfigLoader loader = loader(Path.of(args[3]));
        PatinaConfig a = loader.load(Path.of(args[0]));
        PatinaConfig b = loader.load(Path.of(args[1]));
        Path target = Path.of(args[2]);
        ConfigWriter writer = new ConfigWriter(ConfigWriter.PlainSecrets.WRITE);
        for (int n = 1; ; n++) {
            writer.writeTo(n % 2 == 1 ? a : b, target);
            System.out.println("wrote " + n);
            System.out.flush();
        }
    }
}
