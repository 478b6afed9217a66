package dev.grove.patina.dump;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A throwaway probe, not a test: prints the throughput of {@link SqlStatementReader} and {@link RestoreGuard}
 * on about 100 MB of generated INSERT statements of about 100 KB each. Run it by hand:
 * {@code java -cp target/classes:target/test-classes dev.grove.patina.dump.DumpThroughputMain [MB] [numeric]};
 * "numeric" generates rows of small numbers, NULLs and short strings, the slowest shape for both classes.
 */
public final class DumpThroughputMain {

    private DumpThroughputMain() {
    }

    /**
     * Generates the input, then times reading, guarding, and both together.
     *
     * @param args optionally the size in MB (default 100)
     * @throws IOException never, the input is in memory
     */
    public static void main(String[] args) throws IOException {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        boolean numeric = args.length > 1 && args[1].equals("numeric");
        byte[] dump = numeric ? generateNumeric(megabytes * 1_000_000L) : generate(megabytes * 1_000_000L);
        double mb = dump.length / 1e6;
        System.out.printf("input: %.1f MB%n", mb);

        RestoreGuard guard = new RestoreGuard();
        List<SqlStatement> sample = new ArrayList<>();
        try (SqlStatementReader r = new SqlStatementReader(new ByteArrayInputStream(dump))) {
            for (SqlStatement s; (s = r.next()) != null && sample.size() < 200; ) {
                sample.add(s);
            }
        }
        long sampleBytes = 0;
        for (SqlStatement s : sample) {
            sampleBytes += s.sql().getBytes(StandardCharsets.UTF_8).length;
        }
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            java.security.MessageDigest md;
            try {
                md = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            for (int off = 0; off < dump.length; off += 262_144) {
                md.update(dump, off, Math.min(262_144, dump.length - off));
            }
            md.digest();
            long t1 = System.nanoTime();
            long count = 0;
            try (SqlStatementReader r = new SqlStatementReader(new ByteArrayInputStream(dump))) {
                for (SqlStatement s; (s = r.next()) != null; ) {
                    count += s.sql().length();
                }
                r.sha256BeforeFooter();
            }
            long t2 = System.nanoTime();
            long kinds = 0;
            for (int rep = 0; rep < 5; rep++) {
                for (SqlStatement s : sample) {
                    kinds += guard.check(s).kind().ordinal();
                }
            }
            long t3 = System.nanoTime();
            long both = 0;
            try (SqlStatementReader r = new SqlStatementReader(new ByteArrayInputStream(dump))) {
                for (SqlStatement s; (s = r.next()) != null; ) {
                    both += guard.check(s).kind().ordinal();
                }
            }
            long t4 = System.nanoTime();
            System.out.printf("round %d: SHA-256 alone %.0f MB/s; reader incl. SHA-256 and decoding %.0f MB/s;"
                            + " guard on INSERTs %.0f MB/s; reader+guard %.0f MB/s (%d %d %d)%n",
                    round, mb / ((t1 - t0) / 1e9), mb / ((t2 - t1) / 1e9),
                    5 * sampleBytes / 1e6 / ((t3 - t2) / 1e9), mb / ((t4 - t3) / 1e9), count, kinds, both);
        }
    }

    /** Generates INSERT statements of about 100 KB in the shapes the sqlite3 shell and wrangler write. */
    static byte[] generate(long size) throws IOException {
        Random random = new Random(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size + 200_000);
        out.write("-- patina:header {\"format\":1}\nPRAGMA foreign_keys=OFF;\n".getBytes(StandardCharsets.UTF_8));
        out.write(("CREATE TABLE \"events\"(\"id\" INTEGER PRIMARY KEY, \"name\" TEXT, \"body\" TEXT, \"data\" BLOB,"
                + " \"score\" REAL, \"n\" INTEGER);\n").getBytes(StandardCharsets.UTF_8));
        String words = "lorem ipsum dolor sit amet; it''s -- not a comment /* nor this */ ünïcödé 😀 café ";
        char[] hex = "0123456789abcdef".toCharArray();
        long id = 0;
        StringBuilder sb = new StringBuilder(120_000);
        while (out.size() < size) {
            sb.setLength(0);
            sb.append("INSERT INTO \"events\" (\"id\",\"name\",\"body\",\"data\",\"score\",\"n\") VALUES");
            boolean first = true;
            while (sb.length() < 100_000) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append('(').append(++id).append(",'name ").append(id).append("',");
                int kind = random.nextInt(4);
                int length = 20 + random.nextInt(800);
                if (kind == 0) {
                    sb.append("replace('");
                    for (int i = 0; i < length; i += 40) {
                        sb.append(words, 0, 38).append("\\n");
                    }
                    sb.append("','\\n',char(10))");
                } else if (kind == 1) {
                    sb.append("NULL");
                } else {
                    sb.append('\'');
                    for (int i = 0; i < length; i += words.length()) {
                        sb.append(words);
                    }
                    sb.append('\'');
                }
                sb.append(",X'");
                for (int i = 0, n = random.nextInt(600); i < n; i++) {
                    sb.append(hex[random.nextInt(16)]).append(hex[random.nextInt(16)]);
                }
                sb.append("',").append(random.nextInt(2) == 0 ? "-" : "").append(random.nextDouble() * 1e6)
                        .append(',').append(random.nextLong()).append(')');
            }
            sb.append(";\n");
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.write("-- patina:footer {\"done\":true}\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Generates ~100 KB INSERTs made of many tiny values: the worst case for per-token work. */
    static byte[] generateNumeric(long size) throws IOException {
        Random random = new Random(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size + 200_000);
        out.write("CREATE TABLE t(a, b, c, d, e, f);\n".getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder(120_000);
        long id = 0;
        while (out.size() < size) {
            sb.setLength(0);
            sb.append("INSERT INTO t VALUES");
            while (sb.length() < 100_000) {
                sb.append('(').append(++id).append(',').append(random.nextInt(1000)).append(",NULL,'x")
                        .append(random.nextInt(100)).append("',").append(random.nextInt(100) / 8.0).append(",-")
                        .append(random.nextInt(50)).append("),");
            }
            sb.setLength(sb.length() - 1);
            sb.append(";\n");
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
