package dev.grove.patina.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real Patina CLI in a child JVM ({@code java -cp <test classpath> dev.grove.patina.Launcher ARGS}), for crash
 * tests: its output goes to files (no pipe can fill up and block it), {@link #kill()} is a real {@code kill -9}
 * (SIGKILL: no shutdown hook, no finally block runs), and {@link #awaitWhileAlive} waits for a state the test names,
 * failing — with the child's output — when the child ended first.
 */
public final class ChildPatina {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final List<String> args;

    private ChildPatina(Process process, Path stdout, Path stderr, List<String> args) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.args = args;
    }

    /** Starts {@code patina ARGS} with {@code env} added to this process's environment. */
    public static ChildPatina start(Path dir, Map<String, String> env, String... args) throws IOException {
        return startMain(dir, env, "dev.grove.patina.Launcher", args);
    }

    /**
     * Starts {@code java -cp <test classpath> MAIN ARGS}: another main class of the test classpath (a writer driven
     * slowly enough to be killed in the middle), with {@code env} added to this process's environment.
     */
    public static ChildPatina startMain(Path dir, Map<String, String> env, String mainClass, String... args)
            throws IOException {
        Files.createDirectories(dir);
        String name = "child-" + System.nanoTime();
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new ChildPatina(pb.start(), out, err, List.of(args));
    }

    /** Runs {@code patina ARGS} to its end (at most {@code seconds}) and returns it. */
    public static ChildPatina run(Path dir, Map<String, String> env, int seconds, String... args) throws Exception {
        ChildPatina child = start(dir, env, args);
        if (!child.process.waitFor(seconds, TimeUnit.SECONDS)) {
            child.process.destroyForcibly();
            fail("patina " + String.join(" ", args) + " did not end within " + seconds + " s:\n" + child.output());
        }
        return child;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    /**
     * Waits until {@code state} holds, polling every 10 ms for at most {@code seconds}; fails when the child ended
     * first (it finished before the named point, so the crash would not be the one the test means) or time ran out.
     */
    public void awaitWhileAlive(String what, int seconds, BooleanSupplier state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!state.getAsBoolean()) {
            if (!process.isAlive()) {
                fail("patina " + String.join(" ", args) + " ended (exit " + process.exitValue() + ") before " + what
                        + ":\n" + output());
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + seconds + " s:\n" + output());
            }
            Thread.sleep(10); // polling another process's files and catalog: the only way to watch it
        }
        assertTrue(process.isAlive(), "the child is still running at the named point: " + what);
    }

    /** {@code kill -9}: SIGKILL, nothing in the child runs after it. Returns once the child is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the killed child did not go away");
    }

    public String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Both outputs, for failure messages. */
    public String output() {
        try {
            return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
