package dev.grove.patina.store.s3;

import dev.grove.patina.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An S3 object's content that survives a broken connection: when reading fails (reset, timeout) or ends early,
 * it asks again for the rest ({@code Range: bytes=<position>-}) of the same version ({@code If-Match: <etag>})
 * and goes on, up to the retry policy's number of tries in a row without progress. If the object was replaced
 * meanwhile the read fails (412) rather than splicing two objects together.
 */
final class ResumingObjectStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingObjectStream.class);

    private final S3Client client;
    private final Retrier retrier;
    private final S3Errors errors;
    private final String bucket;
    private final String key;
    private final String etag;
    private final long length;
    private ResponseInputStream<GetObjectResponse> current;
    private long position;
    private int failuresInRow;
    private boolean closed;

    private ResumingObjectStream(S3Client client, Retrier retrier, S3Errors errors, String bucket, String key,
            ResponseInputStream<GetObjectResponse> first) {
        this.client = client;
        this.retrier = retrier;
        this.errors = errors;
        this.bucket = bucket;
        this.key = key;
        this.current = first;
        this.etag = first.response().eTag();
        Long contentLength = first.response().contentLength();
        this.length = contentLength == null ? -1 : contentLength;
    }

    /** Opens the object; a missing one throws {@link dev.grove.patina.store.NoSuchObjectException}. */
    static ResumingObjectStream open(S3Client client, Retrier retrier, S3Errors errors, String bucket, String key)
            throws StoreException {
        ResponseInputStream<GetObjectResponse> first = retrier.call("download", key,
                () -> client.getObject(b -> b.bucket(bucket).key(key)));
        return new ResumingObjectStream(client, retrier, errors, bucket, key, first);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            IOException failure;
            try {
                int n = current.read(b, off, len);
                if (n > 0) {
                    position += n;
                    failuresInRow = 0;
                    return n;
                }
                if (n < 0 && (length < 0 || position >= length)) {
                    return -1;
                }
                failure = new IOException("the response ended at byte " + position + " of " + length);
            } catch (IOException e) {
                failure = e;
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                failure = new IOException(e.getMessage(), e);
            }
            resume(failure);
        }
    }

    private void resume(IOException failure) throws StoreException {
        failuresInRow++;
        current.abort();
        if (failuresInRow >= retrier.policy().maxAttempts() || length < 0) {
            throw new StoreException("download " + errors.where(key) + " broke off at byte " + position + " of "
                    + length + " after " + failuresInRow + " tries: " + errors.scrub(failure.toString()), failure);
        }
        LOG.warn("download {} broke off at byte {} of {} ({}); resuming", errors.where(key), position, length,
                errors.scrub(failure.toString()));
        retrier.pause(retrier.delayAfter(failuresInRow), "download", key);
        String range = "bytes=" + position + "-";
        current = retrier.call("resume the download of", key,
                () -> client.getObject(r -> r.bucket(bucket).key(key).range(range).ifMatch(etag)));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (position < length) {
            current.abort(); // do not drain the rest of a large object just to reuse the connection
        }
        try {
            current.close();
        } catch (IOException e) {
            LOG.debug("closing the download of {}: {}", key, e.toString());
        }
    }
}
