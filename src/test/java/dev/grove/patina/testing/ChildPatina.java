package dev.grove.patina.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The {@code patina} command line in a real child JVM (the test's class path, {@code dev.grove.patina.Launcher}),
 * for crash tests (RELIABILITY 8): wait until the child has reached a named point — a file it writes exists — then
 * {@code kill -9} it ({@link Process#destroyForcibly()} is SIGKILL on Linux and macOS). Its output goes to a file, so
 * a full pipe never stalls it.
 */
public final class ChildPatina implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ChildPatina(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code patina args…} with {@code env} added to this JVM's environment; stdout and stderr go to
     * {@code <logDir>/child-<pid>.log}.
     */
    public static ChildPatina start(Path logDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.grove.patina.Launcher"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(logDir, "child-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().putAll(env);
        return new ChildPatina(pb.start(), log);
    }

    public Process process() {
        return process;
    }

    /** What the child printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /**
     * Polls {@code dir} every millisecond or two until a file {@code named} accepts exists and holds at least
     * {@code minBytes}, while the child runs. Fails the test when the child ends first (it finished or failed before
     * reaching the point) or the time is up.
     *
     * @return the file found
     */
    public Path awaitFile(Path dir, Predicate<String> named, long minBytes, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Path> found = find(dir, named, minBytes);
            if (found.isPresent()) {
                return found.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError("the child ended (exit " + process.exitValue() + ") before it reached the "
                        + "point to kill it at:\n" + output());
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the child did not reach the point to kill it at within " + timeout + ":\n"
                + output());
    }

    private static Optional<Path> find(Path dir, Predicate<String> named, long minBytes) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> named.test(p.getFileName().toString())).filter(p -> {
                try {
                    return Files.size(p) >= minBytes;
                } catch (IOException e) {
                    return false; // renamed or deleted meanwhile
                }
            }).findFirst();
        }
    }

    /**
     * {@code kill -9}: asserts the child is still running (so a child that finished first fails the test), kills it
     * and waits for it; asserts it died of the signal, not of its own accord.
     */
    public void kill9() throws InterruptedException {
        assertTrue(process.isAlive(), "the child must still run when it is killed:\n" + output());
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the child did not die");
        if (System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win")) {
            assertNotEquals(0, process.exitValue(), "killed, not finished:\n" + output());
        } else {
            assertEquals(128 + 9, process.exitValue(), "died of SIGKILL, not of its own accord:\n" + output());
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
