package dev.grove.patina.store.s3;

import dev.grove.patina.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The stream a writer fills during an S3 put: it cuts the bytes into parts of {@code partSize} and uploads each
 * full part on the store's executor while the writer goes on, with bounded memory.
 *
 * <p>Each part is a {@code byte[]} (so a retried part re-reads the same bytes). At most {@code concurrency + 1}
 * buffers exist per upload: up to {@code concurrency} being uploaded and one being filled; when all are taken the
 * writer waits for a part to finish. So one upload holds at most {@code partSize × (concurrency + 1)} bytes. The
 * first buffer starts small and grows, so that a small object costs about its own size. The multipart upload is
 * created only when the first part is full: an object smaller than one part goes as one PutObject.
 *
 * <p>When a part fails for good, the failure is remembered, the other parts stop retrying, and the writer's next
 * write throws it. Closing the stream does nothing: the store finishes or aborts the upload after the writer.
 */
final class PartUploadStream extends OutputStream {
    private static final Logger LOG = LoggerFactory.getLogger(PartUploadStream.class);
    /** S3 and R2 allow at most 10,000 parts. */
    static final int MAX_PARTS = 10_000;
    private static final int FIRST_BUFFER = 64 * 1024;

    private final S3Client client;
    private final Retrier retrier;
    private final S3Errors errors;
    private final ExecutorService executor;
    private final String bucket;
    private final String key;
    private final int partSize;
    private final int maxBuffers;

    private final BlockingQueue<byte[]> free = new LinkedBlockingQueue<>();
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private final AtomicReference<StoreException> failure = new AtomicReference<>();
    private volatile boolean cancelled;
    private int allocated;
    private byte[] current;
    private int filled;
    private long total;
    private String uploadId;

    PartUploadStream(S3Client client, Retrier retrier, S3Errors errors, ExecutorService executor, String bucket,
            String key, int partSize, int concurrency) {
        this.client = client;
        this.retrier = retrier;
        this.errors = errors;
        this.executor = executor;
        this.bucket = bucket;
        this.key = key;
        this.partSize = partSize;
        this.maxBuffers = concurrency + 1;
    }

    @Override
    public void write(int b) throws StoreException {
        if (current != null && filled < current.length && failure.get() == null) {
            current[filled++] = (byte) b;
            total++;
            if (filled == partSize) {
                ship();
            }
            return;
        }
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws StoreException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        throwIfFailed();
        while (len > 0) {
            if (current == null) {
                current = uploadId == null && parts.isEmpty() ? new byte[Math.min(FIRST_BUFFER, partSize)]
                        : takeBuffer();
            }
            if (filled == current.length && current.length < partSize) {
                current = Arrays.copyOf(current, (int) Math.min(partSize, 2L * current.length));
            }
            int n = Math.min(len, current.length - filled);
            System.arraycopy(b, off, current, filled, n);
            filled += n;
            off += n;
            len -= n;
            total += n;
            if (filled == partSize) {
                ship();
            }
        }
    }

    @Override
    public void flush() throws StoreException {
        throwIfFailed();
    }

    @Override
    public void close() {
        // The store finishes or aborts the upload once the writer has returned.
    }

    /** The failure of a part or of the upload's start, if there was one. */
    StoreException failure() {
        return failure.get();
    }

    /** How many part buffers this upload has made (the memory bound: at most concurrency + 1). */
    int buffersMade() {
        return allocated + (uploadId != null || current != null ? 1 : 0);
    }

    long total() {
        return total;
    }

    /** Null while everything still fits one part (then the store uses {@link #singleBody()}). */
    String uploadId() {
        return uploadId;
    }

    /** The whole object as one request body, when it is smaller than one part. */
    RequestBody singleBody() {
        byte[] body = current == null ? new byte[0] : current;
        int length = filled;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body, 0, length), length,
                "application/octet-stream");
    }

    /** Uploads the last part, waits for every part and returns them in order. */
    List<CompletedPart> finishParts() throws StoreException {
        throwIfFailed();
        if (filled > 0) {
            ship();
        }
        List<CompletedPart> done = new ArrayList<>(parts.size());
        for (Future<CompletedPart> part : parts) {
            done.add(await(part));
        }
        throwIfFailed();
        return done;
    }

    /**
     * Stops the upload after a failure: stops the parts' retries, waits for the parts in flight, then aborts the
     * multipart upload so that no part is left stored (and billed). Never throws: a failed abort is logged, and
     * the next start's {@code cleanUpInterruptedPuts} removes it.
     */
    void abort() {
        cancelled = true;
        for (Future<CompletedPart> part : parts) {
            try {
                part.get();
            } catch (ExecutionException | CancellationException e) {
                // already remembered as the failure, or cancelled on purpose
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (uploadId != null) {
            String id = uploadId;
            try {
                retrier.call("abort the upload of", key,
                        () -> client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)));
            } catch (StoreException e) {
                LOG.warn("could not abort the multipart upload {} of {}; it is aborted at the next start: {}", id,
                        errors.where(key), e.getMessage());
            }
        }
        release();
    }

    /** Drops the buffers. */
    void release() {
        current = null;
        free.clear();
    }

    private void ship() throws StoreException {
        if (uploadId == null) {
            try {
                uploadId = retrier.call("start the multipart upload of", key,
                        () -> client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
            } catch (StoreException e) {
                throw fail(e);
            }
        }
        if (parts.size() == MAX_PARTS) {
            throw fail(new StoreException("cannot upload " + errors.where(key) + ": it is larger than "
                    + MAX_PARTS + " parts of " + partSize + " bytes; raise the part size"));
        }
        int number = parts.size() + 1;
        byte[] buffer = current;
        int length = filled;
        current = null;
        filled = 0;
        parts.add(executor.submit(() -> uploadPart(number, buffer, length)));
    }

    private CompletedPart uploadPart(int number, byte[] buffer, int length) throws StoreException {
        try {
            if (cancelled) {
                throw new CancellationException("another part failed");
            }
            String id = uploadId;
            String etag = retrier.call("upload part " + number + " of", key, () -> cancelled,
                    () -> client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number)
                                    .contentLength((long) length),
                            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                                    "application/octet-stream")).eTag());
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        } catch (StoreException e) {
            throw fail(e);
        } catch (SdkException | IllegalStateException e) {
            throw fail(new StoreException("upload part " + number + " of " + errors.where(key) + " failed: "
                    + errors.scrub(e.getMessage()), e));
        } finally {
            if (buffer.length == partSize) {
                free.add(buffer);
            }
        }
    }

    /** A buffer for the next part: a free one, a new one while fewer than the bound exist, or wait for one. */
    private byte[] takeBuffer() throws StoreException {
        while (true) {
            throwIfFailed();
            byte[] buffer = free.poll();
            if (buffer != null) {
                return buffer;
            }
            if (allocated < maxBuffers - 1) { // the first, growing buffer counts as one
                allocated++;
                return new byte[partSize];
            }
            try {
                buffer = free.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail(new StoreException("upload of " + errors.where(key) + " was interrupted", e));
            }
            if (buffer != null) {
                return buffer;
            }
        }
    }

    private CompletedPart await(Future<CompletedPart> part) throws StoreException {
        try {
            return part.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException s) {
                throw fail(s);
            }
            throw fail(new StoreException("upload of " + errors.where(key) + " failed: " + e.getCause(),
                    e.getCause()));
        } catch (CancellationException e) {
            throw fail(new StoreException("upload of " + errors.where(key) + " was cancelled", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new StoreException("upload of " + errors.where(key) + " was interrupted", e));
        }
    }

    private StoreException fail(StoreException e) {
        failure.compareAndSet(null, e);
        cancelled = true;
        return failure.get();
    }

    private void throwIfFailed() throws StoreException {
        StoreException f = failure.get();
        if (f != null) {
            throw f;
        }
    }
}
