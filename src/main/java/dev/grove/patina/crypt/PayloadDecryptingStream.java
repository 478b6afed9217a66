package dev.grove.patina.crypt;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Decrypts STREAM chunks as they are read, releasing a chunk's plaintext only after it authenticated. The stream
 * fails (never just ends) when the payload is cut before a final chunk, a chunk was altered, the final chunk is
 * empty after others, or data follows the final chunk.
 */
final class PayloadDecryptingStream extends InputStream {
    private final InputStream source;
    private final PayloadCipher cipher;
    private final byte[] sealed = new byte[PayloadCipher.SEALED_CHUNK];
    private final byte[] plain = new byte[PayloadCipher.SEALED_CHUNK];
    private int pos;
    private int limit;
    private long counter;
    private boolean finished;
    private AgeFormatException failure;

    PayloadDecryptingStream(InputStream source, PayloadCipher cipher) {
        this.source = source;
        this.cipher = cipher;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (pos == limit) {
            if (failure != null) {
                throw failure;
            }
            if (finished) {
                return -1;
            }
            nextChunk();
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return limit - pos;
    }

    private void nextChunk() throws IOException {
        int n = source.readNBytes(sealed, 0, sealed.length);
        if (n == 0) {
            throw fail(counter == 0 ? "the payload has no chunks: the file is truncated after its header"
                    : "the payload ends after chunk " + (counter - 1) + " without a final chunk: the file is"
                    + " truncated");
        }
        boolean last = n < sealed.length;
        if (last && counter > 0 && n == AgePrimitives.TAG_SIZE) {
            throw fail("the final chunk " + counter + " is empty, which age never writes: the file is damaged");
        }
        int opened = cipher.open(counter, last, sealed, n, plain);
        if (opened < 0 && !last) {
            last = true;
            opened = cipher.open(counter, true, sealed, n, plain);
        }
        if (opened < 0) {
            throw fail("chunk " + counter + " (payload bytes from " + counter * PayloadCipher.SEALED_CHUNK
                    + ") does not authenticate: the file is truncated, damaged or altered");
        }
        pos = 0;
        limit = opened;
        counter++;
        if (last) {
            finished = true;
            if (source.read() >= 0) {
                failure = new AgeFormatException(AgeFailure.PAYLOAD,
                        "data follows the final chunk " + (counter - 1) + ": the file was altered");
            }
        }
    }

    private AgeFormatException fail(String message) {
        failure = new AgeFormatException(AgeFailure.PAYLOAD, "age payload failure: " + message);
        return failure;
    }

    @Override
    public void close() throws IOException {
        Arrays.fill(plain, (byte) 0);
        pos = limit;
        source.close();
    }
}
