package dev.grove.patina;

import dev.grove.patina.cli.PatinaCli;

/** Entry point of {@code patina.jar}: runs the command line. */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(PatinaCli.run(args));
    }
}
