package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grove.patina.compress.Compression;
import dev.grove.patina.compress.ParallelGzipOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Patina compresses on several threads reads back with the real programs (ADR 0018): the real {@code gzip}
 * tests ({@code gzip -t}) and decompresses ({@code gzip -dc}) {@link ParallelGzipOutputStream}'s output byte for
 * byte — text of many blocks, incompressible bytes, an empty stream, a size one byte past a block — and the real
 * {@code zstd} does the same for zstd written with workers.
 */
@Tag("compat")
class ParallelGzipCompatTest {
    @TempDir
    Path dir;

    @Test
    void gzipTestsAndDecompressesItByteForByte() throws Exception {
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(sqlText(6 * 1024 * 1024 + 17));
        byte[] random = new byte[3 * ParallelGzipOutputStream.DEFAULT_BLOCK + 5];
        new Random(18).nextBytes(random);
        inputs.add(random);
        inputs.add(new byte[0]);
        inputs.add(sqlText(ParallelGzipOutputStream.DEFAULT_BLOCK + 1));
        int i = 0;
        for (byte[] input : inputs) {
            for (int workers : new int[] {2, 4}) {
                Path gz = dir.resolve("in-" + i++ + ".sql.gz");
                try (OutputStream out = new ParallelGzipOutputStream(Files.newOutputStream(gz), workers)) {
                    out.write(input);
                }
                Result test = run(List.of("gzip", "-t", gz.toString()));
                assertEquals(0, test.exit, "gzip -t " + gz + ": " + test.stderr);
                Result back = run(List.of("gzip", "-dc", gz.toString()));
                assertEquals(0, back.exit, "gzip -dc " + gz + ": " + back.stderr);
                assertArrayEquals(input, back.stdout, "gzip -dc of " + input.length + " bytes, " + workers
                        + " workers");
            }
        }
    }

    @Test
    void zstdWithWorkersReadsBackWithTheZstdProgram() throws Exception {
        byte[] input = sqlText(24 * 1024 * 1024 + 3);
        Path zst = dir.resolve("in.sql.zst");
        try (OutputStream out = Compression.ZSTD.wrap(Files.newOutputStream(zst), 2)) {
            out.write(input);
        }
        Result test = run(List.of("zstd", "-t", "-q", zst.toString()));
        assertEquals(0, test.exit, "zstd -t: " + test.stderr);
        Result back = run(List.of("zstd", "-dc", "-q", zst.toString()));
        assertEquals(0, back.exit, "zstd -dc: " + back.stderr);
        assertArrayEquals(input, back.stdout);
    }

    private static byte[] sqlText(int size) {
        Random r = new Random(size);
        StringBuilder b = new StringBuilder(size + 128);
        int row = 0;
        while (b.length() < size) {
            b.append("INSERT INTO \"t\" VALUES(").append(row++).append(",'name-").append(r.nextInt(10_000))
                    .append("',X'").append(Integer.toHexString(r.nextInt())).append("');\n");
        }
        return java.util.Arrays.copyOf(b.toString().getBytes(StandardCharsets.UTF_8), size);
    }

    private record Result(int exit, byte[] stdout, String stderr) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        int exit = p.waitFor();
        return new Result(exit, out.toByteArray(), Files.readString(err, StandardCharsets.UTF_8));
    }
}
