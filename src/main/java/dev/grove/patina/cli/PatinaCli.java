package dev.grove.patina.cli;

import dev.grove.patina.app.Services;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** Builds the {@code patina} command line over {@link Services}; exit 0 ok, 1 failure, 2 usage error. */
@Command(name = "patina", mixinStandardHelpOptions = true, versionProvider = PatinaCli.Version.class,
        description = {"Backs up SQLite files and Cloudflare D1 databases as lossless SQL dumps, and restores them.",
                "With no arguments: the desktop console (see `patina console --help`).",
                "Commands that use a config take --config FILE (default: the per-user patina.toml, created with the "
                        + "demo workspace on first start) and --now ISO-INSTANT.",
                "", "Add --verbose to any command to see the full error behind a failure."},
        subcommands = {BackupCommand.class, ListCommand.class, StatusCommand.class, VerifyCommand.class,
                DownloadCommand.class, ExtractCommand.class, DumpCommand.class, RestoreCommand.class, InspectCommand.class, DemoCommand.class,
                WeeklyCommand.class, CleanupCommand.class, DaemonCommand.class, ImportD1Command.class,
                ConsoleCommand.class, DiffCommand.class, KeyCommand.class, RekeyCommand.class, CatalogCommand.class},
        footer = {"", "Exit status: 0 success, 1 failure, 2 usage or config error."})
public final class PatinaCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }

    /** Runs the CLI with the system clock and the process's standard streams; returns the exit code. */
    public static int run(String[] args) {
        return run(args, new Services(Clock.systemUTC()), new FileOutputStream(FileDescriptor.out),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /**
     * Runs the CLI over {@code services}; returns the exit code.
     *
     * @param stdout where commands write binary output (a dump without {@code -o}); flushed, never closed
     * @param out    text output
     * @param err    errors, warnings and progress lines
     */
    public static int run(String[] args, Services services, OutputStream stdout, PrintWriter out, PrintWriter err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cli = new CommandLine(new PatinaCli(), new Factory(services, stdout));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("patina: error: " + message(e));
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            // a bad config or argument is the operator's to fix (2); anything else is a failure (1)
            return e instanceof dev.grove.patina.config.ConfigException || e instanceof IllegalArgumentException
                    ? 2 : 1;
        });
        return cli.execute(args);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName() + (e.getCause() != null ? ": " + message(e.getCause()) : "");
        }
        return m.replaceAll("\\s*\\R\\s*", " ");
    }

    /** Prints the version Maven stamped into the build. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"patina " + dev.grove.patina.PatinaVersion.get()};
        }
    }

    /** Creates commands, handing each the services it needs through its constructor. */
    private static final class Factory implements CommandLine.IFactory {
        private final Services services;
        private final OutputStream stdout;

        Factory(Services services, OutputStream stdout) {
            this.services = services;
            this.stdout = stdout;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                Class<?>[] types = c.getParameterTypes();
                if (types.length == 1 && types[0] == Services.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(services));
                }
                if (types.length == 2 && types[0] == Services.class && types[1] == OutputStream.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(services, stdout));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
