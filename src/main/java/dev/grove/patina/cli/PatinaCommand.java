package dev.grove.patina.cli;

import dev.grove.patina.app.Services;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every command shares: the services it calls, its streams, and {@code --verbose}. */
abstract class PatinaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Read by {@link PatinaCli}'s error handler from the arguments; declared here so every command accepts it. */
    @Option(names = "--verbose", description = "Show the full error behind a failure.")
    boolean verbose;

    protected final Services services;

    protected PatinaCommand(Services services) {
        this.services = services;
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
