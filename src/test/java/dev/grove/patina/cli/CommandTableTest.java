package dev.grove.patina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.grove.patina.app.Services;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * The command table of {@link PatinaCli} (a run builds only the command it names): every command class is in it,
 * under its own {@code @Command} name, the help lists every one, and each builds and answers {@code --help} alone.
 */
class CommandTableTest {
    private final Services services = new Services(Clock.systemUTC());

    record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatinaCli.run(args, services, new ByteArrayOutputStream(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** The names of the top-level commands: every {@code @Command} class of the package but nested ones. */
    private static Set<String> commandClassNames() {
        List<JavaClass> annotated = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.grove.patina.cli")) {
            if (c.isAnnotatedWith(Command.class) && !c.reflect().equals(PatinaCli.class)) {
                annotated.add(c);
            }
        }
        Set<Class<?>> nested = new java.util.HashSet<>();
        for (JavaClass c : annotated) {
            nested.addAll(List.of(c.reflect().getAnnotation(Command.class).subcommands()));
        }
        Set<String> names = new TreeSet<>();
        for (JavaClass c : annotated) {
            if (!nested.contains(c.reflect())) {
                names.add(c.reflect().getAnnotation(Command.class).name());
            }
        }
        return names;
    }

    @Test
    void theTableHoldsEveryCommandClassUnderItsOwnName() {
        Set<String> classes = commandClassNames();
        assertTrue(classes.size() >= 18, "found the command classes: " + classes);
        assertEquals(classes, new TreeSet<>(PatinaCli.COMMANDS), "every @Command class has its row in the table");
        assertEquals(PatinaCli.COMMANDS.size(), new TreeSet<>(PatinaCli.COMMANDS).size(), "no name twice");
        for (String name : PatinaCli.COMMANDS) {
            Object command = PatinaCli.create(name, services, new ByteArrayOutputStream());
            assertEquals(name, command.getClass().getAnnotation(Command.class).name(),
                    "the row '" + name + "' builds " + command.getClass().getSimpleName());
        }
    }

    @Test
    void theHelpListsEveryCommandInTheTablesOrder() {
        Result help = run("--help");
        assertEquals(0, help.code(), help.err());
        Matcher m = Pattern.compile("(?m)^  ([a-z0-9-]+)\\s{2,}").matcher(help.out().substring(
                help.out().indexOf("Commands:")));
        List<String> listed = new ArrayList<>();
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertEquals(PatinaCli.COMMANDS, listed, help.out());
    }

    @Test
    void eachCommandAnswersHelpBuiltAlone() {
        for (String name : PatinaCli.COMMANDS) {
            assertEquals(List.of(name), PatinaCli.selected(new String[] {name, "--help"}));
            Result r = run(name, "--help");
            assertEquals(0, r.code(), name + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: patina " + name), r.out());
        }
        Result nested = run("key", "generate", "--help");
        assertEquals(0, nested.code(), nested.err());
        assertTrue(nested.out().startsWith("Usage: patina key generate"), nested.out());
    }

    @Test
    void whatARunBuilds() {
        assertEquals(List.of("dump"), PatinaCli.selected(new String[] {"dump", "a.db", "-o", "list"}));
        assertEquals(List.of(), PatinaCli.selected(new String[] {"--version"}));
        assertEquals(List.of(), PatinaCli.selected(new String[] {"-V"}));
        assertEquals(PatinaCli.COMMANDS, PatinaCli.selected(new String[] {"--help"}));
        assertEquals(PatinaCli.COMMANDS, PatinaCli.selected(new String[] {}));
        assertEquals(PatinaCli.COMMANDS, PatinaCli.selected(new String[] {"dmup"}));
        assertEquals(PatinaCli.COMMANDS, PatinaCli.selected(new String[] {"--bogus"}));
    }

    @Test
    void aMistypedCommandStillGetsSuggestionsFromTheWholeTable() {
        Result r = run("restor", "x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Did you mean") && r.err().contains("restore"), r.err());
        Result none = run("--bogus");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("Unknown option") && none.err().contains("Commands:"), none.err());
        Result v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("patina "), v.out());
    }
}
