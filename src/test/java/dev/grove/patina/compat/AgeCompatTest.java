package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.crypt.AgeDecryptor;
import dev.grove.patina.crypt.AgeEncryptor;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.AgePassphrase;
import dev.grove.patina.crypt.ScryptRecipient;
import dev.grove.patina.crypt.X25519Identity;
import dev.grove.patina.crypt.X25519Recipient;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patina's age format against the real {@code age} CLI (Debian's age 1.1.1), both ways and for both recipient
 * kinds: what Patina encrypts, {@code age -d} decrypts (with an identity file, or the passphrase typed into a
 * pseudo-terminal, the only place age reads one from); what {@code age -e} encrypts (also armored, {@code -a}),
 * Patina decrypts. A 200 MiB
 * stream goes each way through pipes, with Patina's side in a child JVM limited to a 32 MiB heap.
 */
@Tag("compat")
class AgeCompatTest {
    private static final int CHUNK = 64 * 1024;
    private static final int[] SIZES = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17};
    private static final long BIG = 200L << 20;
    private static final String PASSPHRASE = "compat pass ✓ phrase";
    /** Answers age's passphrase prompts on a pseudo-terminal; the passphrase comes in the environment. */
    static final String PTY_DRIVER = String.join("\n",
            "import os, pty, sys",
            "pw = os.environ['AGE_PASSPHRASE'].encode()",
            "pid, fd = pty.fork()",
            "if pid == 0:",
            "    os.execv(sys.argv[1], sys.argv[1:])",
            "seen, sent = b'', 0",
            "while True:",
            "    try:",
            "        data = os.read(fd, 1024)",
            "    except OSError:",
            "        break",
            "    if not data:",
            "        break",
            "    seen += data",
            "    while sent < seen.count(b'passphrase:') + seen.count(b'passphrase (leave empty'):",
            "        os.write(fd, pw + b'\\n')",
            "        sent += 1",
            "_, status = os.waitpid(pid, 0)",
            "sys.stderr.write(seen.replace(pw, b'***').decode('utf-8', 'replace'))",
            "sys.exit(os.waitstatus_to_exitcode(status))", "");

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    void patinaX25519FilesDecryptWithAge() throws Exception {
        CompatTools tools = CompatTools.load();
        X25519Identity a = X25519Identity.generate(random);
        X25519Identity b = X25519Identity.generate(random);
        Path keyA = Files.writeString(dir.resolve("a.txt"), AgeIdentityFile.format(a, OffsetDateTime.now()));
        Path keyB = Files.writeString(dir.resolve("b.txt"), AgeIdentityFile.format(b, OffsetDateTime.now()));
        for (int size : SIZES) {
            byte[] plain = bytes(size);
            Path file = dir.resolve("p" + size + ".age");
            try (OutputStream out = new AgeEncryptor(List.of(a.recipient(), b.recipient()))
                    .encrypt(Files.newOutputStream(file))) {
                out.write(plain);
            }
            for (Path key : List.of(keyA, keyB)) {
                Path back = fresh("back");
                run(List.of(tools.age().toString(), "-d", "-i", key.toString(), "-o", back.toString(),
                        file.toString()), Map.of());
                assertArrayEquals(plain, output(back), size + " bytes, age -d -i " + key.getFileName());
            }
        }
    }

    @Test
    void ageX25519FilesDecryptWithPatinaAndAgeKeygenKeysRead() throws Exception {
        CompatTools tools = CompatTools.load();
        Path keygen = tools.age().resolveSibling("age-keygen");
        assertTrue(Files.isExecutable(keygen), "age-keygen is not installed beside " + tools.age());
        Path keyFile = dir.resolve("keygen.txt");
        run(List.of(keygen.toString(), "-o", keyFile.toString()), Map.of());
        List<X25519Identity> ids = AgeIdentityFile.read(keyFile);
        String publicLine = Files.readAllLines(keyFile).stream().filter(l -> l.startsWith("# public key: "))
                .findFirst().orElseThrow().substring("# public key: ".length());
        assertEquals(publicLine, ids.get(0).recipient().encoded(), "Patina derives age-keygen's public key");
        X25519Identity other = X25519Identity.generate(random);
        for (int size : SIZES) {
            byte[] plain = bytes(size);
            Path in = Files.write(dir.resolve("in"), plain);
            Path file = dir.resolve("a" + size + ".age");
            run(List.of(tools.age().toString(), "-e", "-r", publicLine, "-r", other.recipient().encoded(), "-o",
                    file.toString(), in.toString()), Map.of());
            assertArrayEquals(plain, decrypt(new AgeDecryptor(ids), file), size + " bytes, age -e");
            assertArrayEquals(plain, decrypt(new AgeDecryptor(List.of(other)), file), size + " bytes, 2nd key");
            Path armored = dir.resolve("a" + size + ".age.pem");
            run(List.of(tools.age().toString(), "-e", "-a", "-r", publicLine, "-o", armored.toString(),
                    in.toString()), Map.of());
            assertArrayEquals(plain, decrypt(new AgeDecryptor(ids), armored), size + " bytes, age -e -a");
        }
    }

    @Test
    void passphraseFilesGoBothWaysThroughAPseudoTerminal() throws Exception {
        CompatTools tools = CompatTools.load();
        Path driver = Files.writeString(dir.resolve("pty_driver.py"), PTY_DRIVER);
        Map<String, String> env = Map.of("AGE_PASSPHRASE", PASSPHRASE);
        for (int size : new int[] {0, CHUNK + 1}) {
            byte[] plain = bytes(size);
            Path mine = dir.resolve("patina" + size + ".age");
            try (OutputStream out = new AgeEncryptor(List.of(new ScryptRecipient(AgePassphrase.of(PASSPHRASE))))
                    .encrypt(Files.newOutputStream(mine))) {
                out.write(plain);
            }
            Path back = fresh("back");
            run(List.of(python(), driver.toString(), tools.age().toString(), "-d", "-o", back.toString(),
                    mine.toString()), env);
            assertArrayEquals(plain, output(back), size + " bytes, Patina -p → age -d");

            Path in = Files.write(dir.resolve("in"), plain);
            Path theirs = dir.resolve("age" + size + ".age");
            run(List.of(python(), driver.toString(), tools.age().toString(), "-p", "-o", theirs.toString(),
                    in.toString()), env);
            assertTrue(Files.readString(theirs, StandardCharsets.ISO_8859_1).contains("\n-> scrypt "));
            assertArrayEquals(plain, decrypt(AgeDecryptor.withPassphrase(AgePassphrase.of(PASSPHRASE)), theirs),
                    size + " bytes, age -p → Patina");
        }
    }

    @Test
    void twoHundredMibStreamEachWayInBoundedMemory() throws Exception {
        CompatTools tools = CompatTools.load();
        X25519Identity id = X25519Identity.generate(random);
        Path key = Files.writeString(dir.resolve("key.txt"), AgeIdentityFile.format(id, OffsetDateTime.now()));
        String expected = expectedHash(BIG);

        long t0 = System.nanoTime();
        List<Process> toAge = ProcessBuilder.startPipeline(List.of(
                child("encrypt", id.recipient().encoded(), Long.toString(BIG)),
                new ProcessBuilder(tools.age().toString(), "-d", "-i", key.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)));
        String ageHash = hashOf(toAge.get(1).getInputStream());
        String[] patina = finish(toAge);
        assertEquals(expected, patina[0], "what Patina encrypted");
        assertEquals(expected, ageHash, "200 MiB: Patina encrypts → age -d decrypts");
        long t1 = System.nanoTime();

        Path recipients = Files.writeString(dir.resolve("recipients.txt"), id.recipient().encoded() + "\n");
        List<Process> fromAge = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder(tools.age().toString(), "-e", "-R", recipients.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT),
                child("decrypt", key.toString())));
        CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
            try (OutputStream out = toAge(fromAge.get(0))) {
                AgeCompatTest.plaintext(BIG, out::write);
            } catch (Exception e) {
                throw new IllegalStateException("feeding age -e: " + e.getMessage(), e);
            }
        });
        fromAge.get(1).getInputStream().transferTo(OutputStream.nullOutputStream());
        feed.get(5, TimeUnit.MINUTES);
        String[] patinaBack = finish(fromAge);
        assertEquals(expected + " " + BIG, patinaBack[0] + " " + patinaBack[1], "200 MiB: age -e → Patina decrypts");
        long t2 = System.nanoTime();
        System.out.printf("age compat 200 MiB: Patina→age %.1f s, age→Patina %.1f s; child peak heap %s / %s MiB%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, Long.parseLong(patina[2]) >> 20,
                Long.parseLong(patinaBack[2]) >> 20);
    }

    private Path fresh(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.deleteIfExists(p);
        return p;
    }

    /** What age wrote with -o: it opens the file lazily, so an empty plaintext leaves none. */
    private static byte[] output(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    private static OutputStream toAge(Process p) {
        return new BufferedOutputStream(p.getOutputStream(), 1 << 16);
    }

    /** Patina's side in a child JVM with a 32 MiB heap: it fails with OutOfMemoryError if it ever buffers. */
    private static ProcessBuilder child(String... args) {
        String cp = String.join(File.pathSeparator, codeOf(AgeEncryptor.class), codeOf(AgeCompatTest.class),
                codeOf(org.bouncycastle.crypto.modes.ChaCha20Poly1305.class));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", cp, PatinaStream.class.getName()));
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

    /** Waits for the pipeline; returns the child JVM's report (hash, length, peak heap) from its stderr. */
    private static String[] finish(List<Process> pipeline) throws Exception {
        String report = null;
        for (Process p : pipeline) {
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "pipeline stage timed out");
            assertEquals(0, p.exitValue(), p.info().command().orElse("?") + " failed: " + err);
            if (!err.isEmpty()) {
                report = err.substring(err.lastIndexOf('\n') + 1);
            }
        }
        String[] parts = report.split(" ");
        // -Xmx32m is the bound; the sum of the heap pools' peaks (reached at different times) may read a little above
        assertTrue(Long.parseLong(parts[2]) < 40L << 20, "child heap pools' peaks: " + report);
        return parts;
    }

    private static String expectedHash(long bytes) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        plaintext(bytes, sha::update);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String hashOf(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            sha.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] decrypt(AgeDecryptor dec, Path file) throws IOException {
        try (InputStream in = dec.decrypt(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static String python() {
        Path p = Path.of("/usr/bin/python3");
        assertTrue(Files.isExecutable(p), "python3 (for the pseudo-terminal that types age's passphrase) is missing");
        return p.toString();
    }

    private static void run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), String.join(" ", cmd) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed: " + out);
    }

    /** The reproducible plaintext of {@code bytes} bytes, in 1 MiB blocks. */
    static void plaintext(long bytes, BlockSink sink) throws Exception {
        Random r = new Random(20261204L);
        byte[] block = new byte[1 << 20];
        for (long left = bytes; left > 0; left -= block.length) {
            r.nextBytes(block);
            sink.accept(block, 0, (int) Math.min(left, block.length));
        }
    }

    /** Receives one block of plaintext. */
    interface BlockSink {
        void accept(byte[] block, int offset, int length) throws Exception;
    }

    /**
     * Patina's side of the 200 MiB streams, run as a child JVM: {@code encrypt RECIPIENT BYTES} encrypts the
     * reproducible plaintext to standard output, {@code decrypt IDENTITY_FILE} decrypts standard input; each prints
     * to standard error the plaintext's SHA-256, its length, and the peak heap used.
     */
    static final class PatinaStream {
        private PatinaStream() {
        }

        public static void main(String[] args) throws Exception {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            if (args[0].equals("encrypt")) {
                AgeEncryptor enc = new AgeEncryptor(List.of(X25519Recipient.parse(args[1])));
                try (OutputStream out = enc.encrypt(new BufferedOutputStream(System.out, 1 << 16))) {
                    plaintext(Long.parseLong(args[2]), (b, off, n) -> {
                        sha.update(b, off, n);
                        out.write(b, off, n);
                    });
                }
                total = Long.parseLong(args[2]);
            } else {
                try (InputStream in = new AgeDecryptor(AgeIdentityFile.read(Path.of(args[1]))).decrypt(System.in)) {
                    byte[] buf = new byte[1 << 16];
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
