package dev.grove.patina.cli;

import dev.grove.patina.app.Services;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * Builds the {@code patina} command line over {@link Services}; exit 0 ok, 1 failure, 2 usage error.
 *
 * <p>The commands live in one table, {@link #COMMANDS} and its factory {@link #create}. A run builds only the command it names
 * (picocli's model of a command is built by reflection over its annotations: building all eighteen with their
 * dependencies cost an empty {@code patina dump} ~0.2 s of start-up); {@code --help}, no command or an unknown
 * name build them all, so the help and picocli's "did you mean" still see every command. A new command: its name in
 * {@link #COMMANDS} and its constructor call in {@link #create} (its {@code @Command(name)} must equal that name;
 * CommandTableTest checks both).
 */
@Command(name = "patina", mixinStandardHelpOptions = true, versionProvider = PatinaCli.Version.class,
        description = {"Backs up SQLite files and Cloudflare D1 databases as lossless SQL dumps, and restores them.",
                "With no arguments: the desktop console (see `patina console --help`).",
                "Commands that use a config take --config FILE (default: the per-user patina.toml, created with the "
                        + "demo workspace on first start) and --now ISO-INSTANT.",
                "", "Add --verbose to any command to see the full error behind a failure."},
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
        Factory factory = new Factory(services, stdout);
        CommandLine cli = new CommandLine(new PatinaCli(), factory);
        for (String name : selected(args)) {
            cli.addSubcommand(name, new CommandLine(create(name, services, stdout), factory));
        }
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

    /**
     * The command table: every command of {@code patina}, in the order the help lists them. Each name has its row
     * in {@link #create}, the factory. A new command: its name here, its constructor call in {@link #create}.
     */
    static final List<String> COMMANDS = List.of("backup", "list", "status", "verify", "download", "extract", "dump", "restore", "inspect", "demo", "weekly", "cleanup", "daemon", "import-d1", "console", "diff", "key", "rekey", "catalog");

    /**
     * Builds the command named {@code name}, handing it the services it needs through its constructor; nested
     * subcommands (e.g. {@code key generate}) come from the command's own {@code @Command(subcommands)} through
     * {@link Factory}. A switch, not a map of lambdas: each lambda would cost a bootstrap at start-up.
     */
    static Object create(String name, Services services, OutputStream stdout) {
        return switch (name) {
            case "backup" -> new BackupCommand(services);
            case "list" -> new ListCommand(services);
            case "status" -> new StatusCommand(services);
            case "verify" -> new VerifyCommand(services);
            case "download" -> new DownloadCommand(services);
            case "extract" -> new ExtractCommand(services);
            case "dump" -> new DumpCommand(services, stdout);
            case "restore" -> new RestoreCommand(services);
            case "inspect" -> new InspectCommand(services);
            case "demo" -> new DemoCommand(services);
            case "weekly" -> new WeeklyCommand(services);
            case "cleanup" -> new CleanupCommand(services);
            case "daemon" -> new DaemonCommand(services);
            case "import-d1" -> new ImportD1Command(services);
            case "console" -> new ConsoleCommand(services);
            case "diff" -> new DiffCommand(services);
            case "key" -> new KeyCommand();
            case "rekey" -> new RekeyCommand(services);
            case "catalog" -> new CatalogCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /**
     * The commands a run needs: the one it names (the first argument that is not an option: the root takes no
     * option with a value); none for a bare {@code --version}; all of them otherwise ({@code --help}, no command,
     * a name that is no command: the usage and picocli's suggestions list every command).
     */
    static List<String> selected(String[] args) {
        boolean onlyVersion = args.length > 0;
        for (String a : args) {
            if (!a.startsWith("-")) {
                return COMMANDS.contains(a) ? List.of(a) : COMMANDS;
            }
            onlyVersion &= a.equals("--version") || a.equals("-V");
        }
        return onlyVersion ? List.of() : COMMANDS;
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
            if (cls.isInterface()) {
                return CommandLine.defaultFactory().create(cls); // picocli's collections and maps
            }
            // not picocli's default factory: its Class.forName("groovy.lang.Closure") misses, so it opens every jar
            // on the class path (~30 ms of start-up)
            Constructor<K> c = cls.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        }
    }
}
