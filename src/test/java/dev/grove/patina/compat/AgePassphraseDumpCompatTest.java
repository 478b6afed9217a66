package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.crypt.AgeDecryptor;
import dev.grove.patina.crypt.AgeEncryptor;
import dev.grove.patina.crypt.AgePassphrase;
import dev.grove.patina.crypt.ScryptRecipient;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The passphrase (scrypt) recipient both ways with the real {@code age} CLI on a real 200 MiB SQL dump: the
 * benchmark database ({@code src/test/bench/make_bench_db.py … 200}) dumped by the {@code sqlite3} shell. Patina
 * encrypts it in a child JVM → {@code age -d} (the passphrase typed into a pseudo-terminal) gives back the same
 * bytes; {@code age -p} encrypts it → Patina's child decrypts the same bytes.
 *
 * <p>Bounded memory: scrypt at age's work factor 18 needs one fixed 256 MiB block, whatever the file's size, so
 * the child runs with {@value #HEAP_MIB} MiB of heap — the 64 MiB beside scrypt's block is under a third of the
 * dump, so a Patina that held the dump (or any large part of it) would fail with OutOfMemoryError. The child's
 * heap pools' peaks are printed (their sum overstates: each pool peaks at a different time).
 */
@Tag("compat")
class AgePassphraseDumpCompatTest {
    private static final int HEAP_MIB = 320;
    private static final long SCRYPT_BLOCK = 256L << 20;
    private static final String PASSPHRASE = "dump pass ✓ phrase 200";
    private static final String PASSPHRASE_ENV = "PATINA_TEST_AGE_PASSPHRASE";

    @TempDir
    Path dir;

    @Test
    void twoHundredMibDumpGoesBothWaysWithAPassphraseInBoundedMemory() throws Exception {
        CompatTools tools = CompatTools.load();
        Path db = dir.resolve("bench.sqlite");
        run(new ProcessBuilder(python(), Path.of("src/test/bench/make_bench_db.py").toString(), db.toString(), "200"));
        Path dump = dir.resolve("dump.sql");
        run(new ProcessBuilder(tools.sqlite3().toString(), db.toString(), ".dump").redirectOutput(dump.toFile()));
        Files.delete(db);
        long size = Files.size(dump);
        assertTrue(size > 200L << 20, "the sqlite3 dump of the 200 MiB database is " + size + " bytes");
        long besideScrypt = ((long) HEAP_MIB << 20) - SCRYPT_BLOCK;
        assertTrue(size > 3 * besideScrypt, "the child's heap beside scrypt's block must be far below the dump");
        String expected = sha256(dump);
        Path driver = Files.writeString(dir.resolve("pty_driver.py"), AgeCompatTest.PTY_DRIVER);

        // Patina encrypts → age -d decrypts
        long t0 = System.nanoTime();
        Path mine = dir.resolve("patina.sql.age");
        String[] encReport = childReport(child("encrypt", dump.toString()), mine, null);
        assertEquals(expected + " " + size, encReport[0] + " " + encReport[1], "what Patina's child encrypted");
        try (InputStream head = Files.newInputStream(mine)) {
            assertTrue(new String(head.readNBytes(64), StandardCharsets.ISO_8859_1)
                    .startsWith("age-encryption.org/v1\n-> scrypt "), "Patina wrote a scrypt stanza");
        }
        Path back = dir.resolve("back.sql");
        run(new ProcessBuilder(python(), driver.toString(), tools.age().toString(), "-d", "-o", back.toString(),
                mine.toString()));
        assertEquals(expected, sha256(back), "200 MiB dump: Patina -p → age -d, byte for byte");
        Files.delete(back);
        Files.delete(mine);
        long t1 = System.nanoTime();

        // age -p encrypts → Patina decrypts
        Path theirs = dir.resolve("age.sql.age");
        run(new ProcessBuilder(python(), driver.toString(), tools.age().toString(), "-p", "-o", theirs.toString(),
                dump.toString()));
        String[] decReport = childReport(child("decrypt"), null, theirs);
        assertEquals(expected + " " + size, decReport[0] + " " + decReport[1], "200 MiB dump: age -p → Patina");
        long t2 = System.nanoTime();
        System.out.printf("age passphrase compat, %d MiB dump: Patina→age %.1f s, age→Patina %.1f s; child heap "
                        + "peaks %d / %d MiB (-Xmx%dm, scrypt's block 256 MiB)%n", size >> 20, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, Long.parseLong(encReport[2]) >> 20, Long.parseLong(decReport[2]) >> 20, HEAP_MIB);
    }

    /** Runs a Patina child, stdout to {@code out} (or discarded), stdin from {@code in}; returns its report. */
    private static String[] childReport(ProcessBuilder pb, Path out, Path in) throws Exception {
        pb.redirectOutput(out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
        if (in != null) {
            pb.redirectInput(in.toFile());
        }
        pb.environment().put(PASSPHRASE_ENV, PASSPHRASE);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "Patina child timed out");
        assertEquals(0, p.exitValue(), "Patina child failed: " + err);
        String[] parts = err.substring(err.lastIndexOf('\n') + 1).split(" ");
        return parts;
    }

    private static ProcessBuilder child(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MIB + "m", "-cp", String.join(File.pathSeparator, codeOf(AgeEncryptor.class),
                        codeOf(AgePassphraseDumpCompatTest.class),
                        codeOf(org.bouncycastle.crypto.modes.ChaCha20Poly1305.class)),
                PassphraseStream.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private static String codeOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(ProcessBuilder pb) throws Exception {
        pb.environment().put("AGE_PASSPHRASE", PASSPHRASE);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path errors = Files.createTempFile("compat-err", ".txt");
        try {
            Process p = pb.redirectError(errors.toFile()).start();
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            String err = Files.readString(errors);
            assertTrue(done, String.join(" ", pb.command()) + " timed out: " + err);
            assertEquals(0, p.exitValue(), String.join(" ", pb.command()) + " failed: " + err);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String python() {
        Path p = Path.of("/usr/bin/python3");
        assertTrue(Files.isExecutable(p), "python3 (the database generator and age's pseudo-terminal) is missing");
        return p.toString();
    }

    /**
     * Patina's side, run as a child JVM: {@code encrypt FILE} encrypts FILE to standard output with the passphrase
     * in {@value #PASSPHRASE_ENV}; {@code decrypt} decrypts standard input. Each prints to standard error the
     * plaintext's SHA-256, its length and the peak heap used.
     */
    static final class PassphraseStream {
        private PassphraseStream() {
        }

        public static void main(String[] args) throws Exception {
            AgePassphrase passphrase = AgePassphrase.of(System.getenv(PASSPHRASE_ENV));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            byte[] buf = new byte[1 << 16];
            if (args[0].equals("encrypt")) {
                AgeEncryptor enc = new AgeEncryptor(List.of(new ScryptRecipient(passphrase)));
                try (InputStream in = Files.newInputStream(Path.of(args[1]));
                     OutputStream out = enc.encrypt(new BufferedOutputStream(System.out, 1 << 16))) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                        out.write(buf, 0, n);
                        total += n;
                    }
                }
            } else {
                try (InputStream in = AgeDecryptor.withPassphrase(passphrase).decrypt(System.in)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                        total += n;
                    }
                }
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.err.println(HexFormat.of().formatHex(sha.digest()) + " " + total + " " + peak);
        }
    }
}
