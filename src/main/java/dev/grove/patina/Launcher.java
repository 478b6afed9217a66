package dev.grove.patina;

import dev.grove.patina.app.AppDirs;
import dev.grove.patina.app.SqliteNativeCache;
import dev.grove.patina.cli.PatinaCli;
import dev.grove.patina.ui.app.ConsoleLauncher;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Entry point of {@code patina.jar}: with no arguments, the desktop console (on the default config, created as the
 * demo workspace on first start); with arguments, the command line. It does not extend {@code Application}, so the
 * JavaFX jars can sit on the class path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        // sqlite-jdbc's native library from Patina's cache, not extracted afresh at every start (ADR 0021)
        new SqliteNativeCache(AppDirs.current().cacheDir()).install();
        if (args.length == 0) {
            System.exit(ConsoleLauncher.run(new PrintWriter(new java.io.OutputStreamWriter(System.err,
                    Charset.defaultCharset()), true)));
        }
        System.exit(PatinaCli.run(args));
    }
}
