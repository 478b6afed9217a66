package dev.grove.patina.bench;

import dev.grove.patina.crypt.AgeDecryptor;
import dev.grove.patina.crypt.AgeEncryptor;
import dev.grove.patina.crypt.AgeIdentityFile;
import dev.grove.patina.crypt.X25519Identity;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Throughput of Patina's age encryption against the {@code age} CLI on one stream, file to file, medians of 3 runs
 * (a measurement for the record, not a test). Run with the test classpath:
 * {@code java -cp target/classes:target/test-classes:BCPROV_JAR dev.grove.patina.bench.AgeBenchmark [MiB] [age]}.
 * Patina runs in this JVM (after one warm-up pass); age runs as a process, its start-up included.
 */
public final class AgeBenchmark {
    private AgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String age = args.length > 1 ? args[1] : "/usr/bin/age";
        Path dir = Files.createTempDirectory("age-bench");
        Path plain = dir.resolve("plain");
        byte[] block = new byte[1 << 20];
        Random r = new Random(1);
        try (OutputStream out = Files.newOutputStream(plain)) {
            for (int i = 0; i < mib; i++) {
                r.nextBytes(block);
                out.write(block);
            }
        }
        X25519Identity id = X25519Identity.generate(new SecureRandom());
        Path key = Files.writeString(dir.resolve("key.txt"), AgeIdentityFile.format(id, OffsetDateTime.now()));
        Path enc = dir.resolve("patina.age");
        Path ageEnc = dir.resolve("age.age");
        AgeEncryptor encryptor = new AgeEncryptor(List.of(id.recipient()));
        AgeDecryptor decryptor = new AgeDecryptor(List.of(id));
        patinaEncrypt(encryptor, plain, enc);
        patinaDecrypt(decryptor, enc);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            patinaEncrypt(encryptor, plain, enc);
            long t1 = System.nanoTime();
            patinaDecrypt(decryptor, enc);
            long t2 = System.nanoTime();
            exec(age, "-e", "-r", id.recipient().encoded(), "-o", ageEnc.toString(), plain.toString());
            long t3 = System.nanoTime();
            exec(age, "-d", "-i", key.toString(), "-o", "/dev/null", ageEnc.toString());
            long t4 = System.nanoTime();
            rows.add(new double[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3});
        }
        String[] names = {"Patina encrypt", "Patina decrypt", "age -e", "age -d"};
        System.out.printf("%d MiB stream, medians of 3 (%s cores, Java %s)%n", mib,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (int c = 0; c < 4; c++) {
            double[] s = new double[3];
            for (int i = 0; i < 3; i++) {
                s[i] = rows.get(i)[c] / 1e9;
            }
            Arrays.sort(s);
            System.out.printf("| %-15s | %6.2f s | %7.1f MiB/s |%n", names[c], s[1], mib / s[1]);
        }
        for (Path p : List.of(plain, enc, ageEnc, key)) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    private static void patinaEncrypt(AgeEncryptor encryptor, Path in, Path out) throws Exception {
        try (InputStream src = Files.newInputStream(in); OutputStream dst = encryptor.encrypt(Files.newOutputStream(out))) {
            src.transferTo(dst);
        }
    }

    private static void patinaDecrypt(AgeDecryptor decryptor, Path in) throws Exception {
        try (InputStream src = decryptor.decrypt(Files.newInputStream(in))) {
            src.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: exit " + p.exitValue());
        }
    }
}
