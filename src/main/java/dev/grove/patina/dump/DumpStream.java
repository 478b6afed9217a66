package dev.grove.patina.dump;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * A dump's bytes on their way out: every line and statement above the footer is hashed with SHA-256 and written on a
 * background thread ({@link AsyncHashingOutput}) and counted; {@link #finish} then writes the footer, which holds
 * that hash, the statement count and the row counts.
 */
final class DumpStream {
    private final MessageDigest sha256;
    private final AsyncHashingOutput digestOut;
    private final OutputStream sink;
    private long bytes;
    private long statements;
    private final java.util.List<String> schema = new java.util.ArrayList<>();

    DumpStream(OutputStream sink, ExecutorService background) {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.sink = sink;
        this.digestOut = new AsyncHashingOutput(sink, sha256, background);
    }

    /** Writes one whole statement (ending in {@code ;\n}) held in {@code b}. */
    void emit(SqlBuffer b) throws IOException {
        b.writeTo(digestOut);
        bytes += b.size();
        statements++;
    }

    /** Writes a line that is no statement (a comment). */
    void line(String text) throws IOException {
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        digestOut.write(b);
        bytes += b.length;
    }

    /** Writes a statement on one line of its own. */
    void statementLine(String sql) throws IOException {
        line(sql);
        statements++;
    }

    /** Writes a schema object's SQL as a statement; a {@code --} comment on its last line is closed first. */
    void schemaStatement(String sql) throws IOException {
        String trimmed = sql.strip();
        int lastNewline = trimmed.lastIndexOf('\n');
        boolean commentAtEnd = trimmed.substring(lastNewline + 1).contains("--");
        String statement = trimmed + (commentAtEnd ? "\n;" : ";");
        statementLine(statement);
        schema.add(statement);
    }

    /** The schema statements written so far, in the dump's order, exactly as written. */
    java.util.List<String> schema() {
        return java.util.List.copyOf(schema);
    }

    long bytes() {
        return bytes;
    }

    long statements() {
        return statements;
    }

    /** Writes {@code statements} whole statements held in {@code in} (a differential's spilled INSERTs). */
    void copy(java.io.InputStream in, long statements) throws IOException {
        byte[] chunk = new byte[1 << 16];
        for (int n; (n = in.read(chunk)) > 0; ) {
            digestOut.write(chunk, 0, n);
            bytes += n;
        }
        this.statements += statements;
    }

    /**
     * Ends the hashed part, writes the footer line that {@code footer} makes of the SHA-256 and the statement count,
     * and flushes the sink (which stays open).
     *
     * @return the SHA-256 (hex) of every byte above the footer
     */
    String finish(java.util.function.BiFunction<String, Long, String> footer) throws IOException {
        digestOut.finish();
        String sha = HexFormat.of().formatHex(sha256.digest());
        byte[] footerLine = (DumpFooter.LINE_PREFIX + footer.apply(sha, statements) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        sink.write(footerLine);
        bytes += footerLine.length;
        sink.flush();
        return sha;
    }

    /**
     * Ends the hashed part, writes the footer line and flushes the sink (which stays open).
     *
     * @return the SHA-256 (hex) of every byte above the footer
     */
    String finish(Map<String, Long> counts) throws IOException {
        digestOut.finish();
        String sha = HexFormat.of().formatHex(sha256.digest());
        DumpFooter footer = new DumpFooter(sha, statements, counts);
        byte[] footerLine = (DumpFooter.LINE_PREFIX + footer.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        sink.write(footerLine);
        bytes += footerLine.length;
        sink.flush();
        return sha;
    }
}
