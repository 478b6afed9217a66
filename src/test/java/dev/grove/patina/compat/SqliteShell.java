package dev.grove.patina.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code sqlite3} shell, fed a dump exactly as the dump's header says: {@code sqlite3 DB < FILE}. */
public final class SqliteShell {
    private static final long TIMEOUT_SECONDS = 120;

    private final CompatTools tools;

    public SqliteShell(CompatTools tools) {
        this.tools = tools;
    }

    /**
     * Runs {@code sqlite3 db < dump} (a new database file) and fails with the shell's own words unless it
     * exits 0 and prints nothing on stderr.
     */
    public Path load(Path dump, Path db) throws IOException, InterruptedException {
        LocalD1.Result r = run(List.of(tools.sqlite3().toString(), db.toAbsolutePath().toString()), dump);
        if (!r.ok() || !r.stderr().isBlank()) {
            throw new AssertionError("sqlite3 " + db.getFileName() + " < " + dump.getFileName() + " failed: "
                    + r.output());
        }
        return db;
    }

    /**
     * Runs {@code sqlite3 -readonly db .dump > out} — the shell's own dump, as an operator makes one by hand — and
     * fails with the shell's own words unless it exits 0 and prints nothing on stderr.
     */
    public Path dump(Path db, Path out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(tools.sqlite3().toString(), "-readonly", db.toAbsolutePath().toString(),
                ".dump");
        Path err = Files.createTempFile("sqlite3", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sqlite3 " + db.getFileName() + " .dump did not finish in " + TIMEOUT_SECONDS
                        + " s");
            }
            String stderr = Files.readString(err, StandardCharsets.ISO_8859_1);
            if (p.exitValue() != 0 || !stderr.isBlank()) {
                throw new AssertionError("sqlite3 " + db.getFileName() + " .dump failed (exit " + p.exitValue() + "): "
                        + stderr);
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** {@code sqlite3 -version}'s first word. */
    public String version() throws IOException, InterruptedException {
        LocalD1.Result r = run(List.of(tools.sqlite3().toString(), "-version"), null);
        return r.stdout().strip().split(" ")[0];
    }

    private static LocalD1.Result run(List<String> cmd, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path out = Files.createTempFile("sqlite3", ".out");
        Path err = Files.createTempFile("sqlite3", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                    : ProcessBuilder.Redirect.from(stdin.toFile()));
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new LocalD1.Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
