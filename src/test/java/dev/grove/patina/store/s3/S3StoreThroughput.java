package dev.grove.patina.store.s3;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Measures, by hand, how fast the S3 store uploads and downloads a 100 MB object to an in-process S3Proxy
 * ({@code filesystem-nio2} in a temporary folder) with the default settings. Not a test; run it with the test
 * classpath: {@code java -cp target/classes:target/test-classes:<deps> dev.grove.patina.store.s3.S3StoreThroughput [MB]
 * [no-metadata]}; with metadata the time includes the copy of the object onto itself.
 */
public final class S3StoreThroughput {
    private S3StoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        boolean metadata = args.length < 2 || !args[1].equals("no-metadata");
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        Path folder = Files.createTempDirectory("patina-throughput");
        try (S3ProxyServer server = new S3ProxyServer(folder)) {
            String bucket = server.newBucket();
            try (S3Store store = new S3Store(server.settings(bucket, ""))) {
                for (int r = 1; r <= 3; r++) {
                    int run = r;
                    long start = System.nanoTime();
                    store.put("big-" + run, out -> {
                        for (int i = 0; i < megabytes; i++) {
                            out.write(chunk);
                        }
                        return metadata ? Map.of("run", Integer.toString(run)) : Map.of();
                    });
                    double up = (System.nanoTime() - start) / 1e9;
                    start = System.nanoTime();
                    long read = 0;
                    byte[] buffer = new byte[1 << 16];
                    try (InputStream in = store.get("big-" + run)) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            read += n;
                        }
                    }
                    double down = (System.nanoTime() - start) / 1e9;
                    System.out.printf("run %d: %d MB up in %.2f s (%.0f MB/s), down in %.2f s (%.0f MB/s)%n", run,
                            megabytes, up, megabytes / up, down, read / 1048576.0 / down);
                }
            }
        } finally {
            try (var walk = Files.walk(folder)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
