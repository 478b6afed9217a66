package dev.grove.patina.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One D1 database on D1's own engine, run locally by {@code wrangler} (inside workerd, with D1's SQL authorizer):
 * a project folder holding a {@code wrangler.toml} with one {@code [[d1_databases]]} entry, and wrangler's state
 * below it. One instance, one database, so its SQLite file is the only one under the state folder.
 */
public final class LocalD1 {
    /** What a wrangler command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Both streams, for an assertion message. */
        public String output() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** The {@code database_id} of every LocalD1 project (one database each, so one id is enough). */
    public static final String DATABASE_ID = "00000000-0000-4000-8000-000000000001";

    private static final long TIMEOUT_SECONDS = 300;

    private final CompatTools tools;
    private final Path dir;
    private final String name;

    /** A project for database {@code name} in {@code dir} (created; its state starts empty). */
    public LocalD1(CompatTools tools, Path dir, String name) throws IOException {
        this.tools = tools;
        this.dir = dir;
        this.name = name;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("wrangler.toml"), """
                name = "patina-compat"
                compatibility_date = "2025-01-01"

                [[d1_databases]]
                binding = "DB"
                database_name = "%s"
                database_id = "%s"
                """.formatted(name, DATABASE_ID), StandardCharsets.UTF_8);
    }

    /** The project folder (where {@code wrangler.toml} and {@code .wrangler/} live). */
    public Path dir() {
        return dir;
    }

    /** The database's name in {@code wrangler.toml}. */
    public String name() {
        return name;
    }

    /** {@code wrangler d1 execute NAME --local --file F --yes}. */
    public Result executeFile(Path sqlFile) throws IOException, InterruptedException {
        return wrangler("d1", "execute", name, "--local", "--yes", "--file", sqlFile.toAbsolutePath().toString());
    }

    /** {@code wrangler d1 execute NAME --local --command SQL --json}: the JSON answer is {@link Result#stdout()}. */
    public Result command(String sql) throws IOException, InterruptedException {
        return wrangler("d1", "execute", name, "--local", "--yes", "--json", "--command", sql);
    }

    /** {@code wrangler d1 export NAME --local --output F}. */
    public Result export(Path out) throws IOException, InterruptedException {
        return wrangler("d1", "export", name, "--local", "--output", out.toAbsolutePath().toString());
    }

    /**
     * The SQLite file wrangler keeps this database in (exists after the first command), for comparisons with
     * sqlite-jdbc — read it only while no wrangler command runs.
     */
    public Path sqliteFile() throws IOException {
        Path state = dir.resolve(".wrangler/state/v3/d1/miniflare-D1DatabaseObject");
        if (!Files.isDirectory(state)) {
            throw new IllegalStateException("no local D1 state yet in " + state + " (run a command first)");
        }
        try (Stream<Path> files = Files.list(state)) {
            List<Path> dbs = files.filter(p -> p.getFileName().toString().endsWith(".sqlite"))
                    .filter(p -> !p.getFileName().toString().equals("metadata.sqlite")).toList();
            if (dbs.size() != 1) {
                throw new IllegalStateException("expected one local D1 file in " + state + ", found " + dbs);
            }
            return dbs.get(0);
        }
    }

    /** Runs wrangler with {@code args} in the project folder, Node 22 first on PATH, metrics off. */
    public Result wrangler(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(tools.wrangler().toString());
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    Result run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", tools.path());
        env.put("WRANGLER_SEND_METRICS", "false");
        env.put("CI", "1");
        env.put("NO_COLOR", "1");
        env.put("FORCE_COLOR", "0");
        env.put("WRANGLER_LOG_PATH", dir.resolve("logs").toString());
        Path out = Files.createTempFile(dir, "wrangler", ".out");
        Path err = Files.createTempFile(dir, "wrangler", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("wrangler " + String.join(" ", cmd.subList(1, cmd.size()))
                    + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
