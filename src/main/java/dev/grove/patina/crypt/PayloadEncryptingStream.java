package dev.grove.patina.crypt;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Encrypts what is written into STREAM chunks as it goes, holding one chunk: a full chunk is sealed only when more
 * data follows, so the final chunk (full or short, or empty for an empty payload) carries the last-chunk flag.
 * {@link #close()} seals the final chunk and closes the sink.
 */
final class PayloadEncryptingStream extends OutputStream {
    private final OutputStream sink;
    private final PayloadCipher cipher;
    private final byte[] plain = new byte[PayloadCipher.CHUNK];
    private final byte[] sealed = new byte[PayloadCipher.SEALED_CHUNK];
    private int filled;
    private long counter;
    private boolean closed;

    PayloadEncryptingStream(OutputStream sink, PayloadCipher cipher) {
        this.sink = sink;
        this.cipher = cipher;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the age stream is closed");
        }
        while (len > 0) {
            if (filled == plain.length) {
                sealChunk(false);
            }
            int n = Math.min(len, plain.length - filled);
            System.arraycopy(b, off, plain, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    private void sealChunk(boolean last) throws IOException {
        int n = cipher.seal(counter, last, plain, filled, sealed);
        sink.write(sealed, 0, n);
        counter++;
        filled = 0;
    }

    /** Passes on a flush; the chunk being filled stays held until it is full or the stream closes. */
    @Override
    public void flush() throws IOException {
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (sink) {
            sealChunk(true);
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }
}
