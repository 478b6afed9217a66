package dev.grove.patina.store.s3;

import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectWriter;
import dev.grove.patina.store.ServerCopyRefusedException;
import dev.grove.patina.store.StoreException;
import dev.grove.patina.store.StoreRules;
import dev.grove.patina.util.Sleeper;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BackupStore} in an S3-compatible bucket: Cloudflare R2, AWS S3, MinIO, S3Proxy. Built with the AWS SDK
 * for Java v2 and the settings R2 needs ({@link S3ClientFactory}). Patina records its own SHA-256 in the metadata.
 *
 * <p><b>Uploads</b> stream with bounded memory ({@link PartUploadStream}): an object smaller than one part is one
 * PutObject; a larger one is a multipart upload whose parts go up while the writer goes on, at most
 * {@code partSize × (uploadConcurrency + 1)} bytes held per put. On any failure the multipart upload is aborted,
 * so nothing appears under the key. Puts running at the same time share {@code uploadConcurrency} upload threads.
 *
 * <p><b>Metadata</b>: a multipart upload takes its metadata when it is created, but the writer knows the SHA-256
 * and row counts only at the end. So after completing the upload the store sets the metadata by copying the
 * object onto itself ({@link MetadataReplacer}, guarded by the ETag HEAD reports). Between the completion and the
 * copy the object is visible without metadata; should the copy fail, the store deletes the object and the put
 * fails (nothing left under the key). {@link ObjectHeads} maps a HEAD to an {@link ObjectInfo}.
 *
 * <p><b>Retries</b>: the SDK's retries are off; every request goes through one {@link Retrier} with the
 * settings' {@link RetryPolicy} (5xx, 429, 408 and connection failures are retried with jittered exponential
 * backoff; 403/404/400 fail at once). A part's body is a {@code byte[]}, so a retry sends the same bytes;
 * downloads resume from where a broken connection left them ({@link ResumingObjectStream}).
 *
 * <p>Close the store to stop its upload threads and HTTP connections.
 */
public final class S3Store implements BackupStore, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);

    private final S3Settings settings;
    private final S3Client client;
    private final S3Errors errors;
    private final Retrier retrier;
    private final ObjectHeads heads;
    private final MetadataReplacer metadataReplacer;
    private final UnfinishedUploads unfinished;
    private final ExecutorService uploads;

    /** A store that really waits between retries. */
    public S3Store(S3Settings settings) {
        this(settings, Sleeper.system());
    }

    /** @param sleeper waits between retries (tests pass one that does not really wait) */
    public S3Store(S3Settings settings, Sleeper sleeper) {
        this(settings, sleeper, MetadataReplacer.MAX_SINGLE_COPY_BYTES, MetadataReplacer.COPY_PART_BYTES);
    }

    /** For tests of the multipart metadata copy with small objects. */
    S3Store(S3Settings settings, Sleeper sleeper, long maxSingleCopyBytes, long copyPartBytes) {
        this.settings = settings;
        this.errors = new S3Errors(settings);
        this.retrier = new Retrier(settings.retryPolicy(), sleeper, new Random(), errors);
        this.client = S3ClientFactory.open(settings);
        this.heads = new ObjectHeads(client, retrier, errors, settings.bucket());
        this.metadataReplacer = new MetadataReplacer(client, retrier, settings.bucket(), maxSingleCopyBytes,
                copyPartBytes);
        this.unfinished = new UnfinishedUploads(client, retrier, errors, settings.bucket());
        AtomicInteger threads = new AtomicInteger();
        this.uploads = new ThreadPoolExecutor(settings.uploadConcurrency(), settings.uploadConcurrency(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "patina-s3-upload-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) uploads).allowCoreThreadTimeOut(true);
    }

    /** The settings (the secret stays hidden in their text). */
    public S3Settings settings() {
        return settings;
    }

    @Override
    public String describe() {
        return "s3://" + settings.bucket() + "/" + settings.prefix() + " (" + settings.endpoint() + ")";
    }

    @Override
    public ObjectInfo put(String key, ObjectWriter writer) throws IOException {
        checkOwnKey(key);
        PartUploadStream out = new PartUploadStream(client, retrier, errors, uploads, settings.bucket(), key,
                settings.partSizeBytes(), settings.uploadConcurrency());
        boolean uploaded = false;
        try {
            Map<String, String> returned;
            try {
                returned = writer.write(out);
            } catch (IOException | RuntimeException | Error e) {
                StoreException failure = out.failure();
                if (failure != null) {
                    if (failure != e) {
                        failure.addSuppressed(e);
                    }
                    throw failure;
                }
                throw e; // the writer's own failure (a dump error) stays what it is
            }
            Map<String, String> metadata = StoreRules.checkMetadata(key, returned, describe());
            if (out.uploadId() == null) {
                retrier.call("upload", key, () -> client.putObject(b -> b.bucket(settings.bucket()).key(key)
                        .contentLength(out.total()).metadata(metadata), out.singleBody()));
                uploaded = true;
                try {
                    return verifiedHead(key, out.total());
                } catch (StoreException e) {
                    deleteAfterFailure(key, e);
                    throw e;
                }
            }
            List<CompletedPart> parts = out.finishParts();
            complete(key, out.uploadId(), parts, out.total());
            uploaded = true;
            try {
                HeadObjectResponse completed = heads.verified(key, out.total());
                if (metadata.isEmpty()) {
                    return ObjectHeads.info(key, completed);
                }
                // The ETag as HEAD reports it: some servers (S3Proxy) answer Complete with another one.
                metadataReplacer.replace(key, out.total(), completed.eTag(), metadata);
                return verifiedHead(key, out.total());
            } catch (StoreException e) {
                deleteAfterFailure(key, e);
                throw e;
            }
        } finally {
            if (!uploaded) {
                out.abort();
            }
            out.release();
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        StoreRules.checkKey(key, describe());
        return ResumingObjectStream.open(client, retrier, errors, settings.bucket(), key);
    }

    @Override
    public Optional<ObjectInfo> head(String key) throws IOException {
        StoreRules.checkKey(key, describe());
        return heads.info(key);
    }

    /**
     * Every object under {@code prefix}, sorted by key, with its metadata. S3 listings carry no user metadata, so
     * this asks for each object's head: one request per object.
     */
    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        String p = prefix == null ? "" : prefix;
        List<S3Object> objects = retrier.call("list", p, () -> {
            List<S3Object> all = new ArrayList<>();
            String token = null;
            do {
                String continuation = token;
                ListObjectsV2Response page = client.listObjectsV2(b -> b.bucket(settings.bucket()).prefix(p)
                        .continuationToken(continuation));
                all.addAll(page.contents());
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
            return all;
        });
        Map<String, ObjectInfo> sorted = new TreeMap<>();
        for (S3Object object : objects) {
            heads.info(object.key()).ifPresent(info -> sorted.put(info.key(), info));
        }
        return List.copyOf(sorted.values());
    }

    @Override
    public void delete(String key) throws IOException {
        checkOwnKey(key);
        retrier.call("delete", key, () -> client.deleteObject(b -> b.bucket(settings.bucket()).key(key)));
    }

    /**
     * A server-side copy (CopyObject; a multipart UploadPartCopy above 5 GiB) from {@code source} when it is a bucket
     * of the same endpoint and region, made with this store's client and credentials, the metadata replaced by the
     * object's. Empty for any other source. A 403 or a 501 NotImplemented is a {@link ServerCopyRefusedException}.
     */
    @Override
    public Optional<ObjectInfo> copyFrom(BackupStore source, ObjectInfo object, String key) throws IOException {
        if (!(source instanceof S3Store from) || !from.settings.endpoint().equals(settings.endpoint())
                || !from.settings.region().equals(settings.region())) {
            return Optional.empty();
        }
        checkOwnKey(key);
        Map<String, String> metadata = StoreRules.checkMetadata(key, object.metadata(), describe());
        try {
            metadataReplacer.copyFrom(from.settings.bucket(), object.key(), key, object.size(), metadata);
        } catch (StoreException e) {
            SdkException cause = S3Errors.sdkCause(e);
            if (S3Errors.status(cause) == 403 || S3Errors.status(cause) == 501
                    || "NotImplemented".equals(S3Errors.errorCode(cause))) {
                throw new ServerCopyRefusedException("the server-side copy of s3://" + from.settings.bucket() + "/"
                        + object.key() + " to " + describe() + " was refused: " + e.getMessage(), e);
            }
            throw e;
        }
        try {
            return Optional.of(verifiedHead(key, object.size()));
        } catch (StoreException e) {
            deleteAfterFailure(key, e);
            throw e;
        }
    }

    /** Lists at most one key under the prefix: proves the endpoint, the bucket and the credentials. */
    @Override
    public void checkAccess() throws IOException {
        retrier.call("list", settings.prefix(), () -> client.listObjectsV2(b -> b.bucket(settings.bucket())
                .prefix(settings.prefix()).maxKeys(1)));
    }

    /**
     * Aborts every unfinished multipart upload under the prefix: what a put killed mid-upload left (its parts are
     * stored and billed, though invisible). Call it at start, while no put of this prefix runs anywhere.
     *
     * @return how many uploads were aborted
     */
    @Override
    public int cleanUpInterruptedPuts() throws IOException {
        return unfinished.abort(settings.prefix(), null, null);
    }

    /** Aborts the unfinished uploads under the prefix that were started before {@code startedBefore}. */
    @Override
    public int cleanUpInterruptedPuts(Instant startedBefore) throws IOException {
        return unfinished.abort(settings.prefix(), startedBefore, null);
    }

    /** Aborts every unfinished multipart upload of exactly {@code key}, whatever its age. */
    @Override
    public int cleanUpInterruptedPut(String key) throws IOException {
        checkOwnKey(key);
        return unfinished.abort(key, null, key);
    }

    @Override
    public void close() {
        uploads.shutdown();
        try {
            if (!uploads.awaitTermination(30, TimeUnit.SECONDS)) {
                uploads.shutdownNow();
            }
        } catch (InterruptedException e) {
            uploads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    private void checkOwnKey(String key) throws StoreException {
        StoreRules.checkKey(key, describe());
        if (!key.startsWith(settings.prefix())) {
            throw new StoreException("refused key '" + StoreRules.printable(key) + "' in " + describe()
                    + ": it is outside the prefix '" + settings.prefix() + "' Patina owns");
        }
    }

    /**
     * Completes the upload. When an earlier try reached S3 but its answer was lost, the retry finds the upload
     * gone (404 NoSuchUpload): then the object under the key with the uploaded size is this upload's.
     */
    private void complete(String key, String uploadId, List<CompletedPart> parts, long size)
            throws StoreException {
        try {
            retrier.call("complete the upload of", key, () -> client.completeMultipartUpload(b -> b
                    .bucket(settings.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))));
        } catch (StoreException e) {
            if ("NoSuchUpload".equals(S3Errors.errorCode(S3Errors.sdkCause(e)))) {
                Optional<HeadObjectResponse> head = heads.raw(key);
                if (head.isPresent() && head.get().contentLength() == size) {
                    LOG.warn("the upload of {} was completed by a try whose answer was lost", errors.where(key));
                    return;
                }
            }
            throw e;
        }
    }

    private ObjectInfo verifiedHead(String key, long size) throws StoreException {
        return ObjectHeads.info(key, heads.verified(key, size));
    }

    private void deleteAfterFailure(String key, StoreException failure) {
        try {
            retrier.call("delete the incomplete", key,
                    () -> client.deleteObject(b -> b.bucket(settings.bucket()).key(key)));
        } catch (StoreException e) {
            failure.addSuppressed(e);
        }
    }
}
