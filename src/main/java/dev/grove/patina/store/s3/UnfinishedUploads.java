package dev.grove.patina.store.s3;

import dev.grove.patina.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The multipart uploads that puts killed midway left in the bucket: invisible, but stored and billed until aborted.
 * Lists them under a prefix and aborts those a caller says are dead (started before a cut-off, or of one key).
 */
final class UnfinishedUploads {
    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedUploads.class);

    private final S3Client client;
    private final Retrier retrier;
    private final S3Errors errors;
    private final String bucket;

    UnfinishedUploads(S3Client client, Retrier retrier, S3Errors errors, String bucket) {
        this.client = client;
        this.retrier = retrier;
        this.errors = errors;
        this.bucket = bucket;
    }

    /**
     * Aborts the unfinished uploads under {@code prefix}: all of them, or only those started before
     * {@code startedBefore} (when not null), or only those of exactly {@code onlyKey} (when not null).
     *
     * @return how many were aborted
     */
    int abort(String prefix, Instant startedBefore, String onlyKey) throws StoreException {
        int count = 0;
        for (MultipartUpload upload : list(prefix)) {
            if (onlyKey != null && !onlyKey.equals(upload.key())) {
                continue; // another key that starts with this one
            }
            if (startedBefore != null && (upload.initiated() == null || !upload.initiated().isBefore(startedBefore))) {
                continue; // possibly another process's upload in progress
            }
            String key = upload.key();
            String id = upload.uploadId();
            try {
                retrier.call("abort the orphaned upload of", key,
                        () -> client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)));
                count++;
                LOG.info("aborted an unfinished upload of {} started {}", errors.where(key), upload.initiated());
            } catch (StoreException e) {
                if (S3Errors.status(S3Errors.sdkCause(e)) != 404) { // gone meanwhile is fine
                    throw e;
                }
            }
        }
        return count;
    }

    private List<MultipartUpload> list(String prefix) throws StoreException {
        return retrier.call("list unfinished uploads under", prefix, () -> {
            List<MultipartUpload> all = new ArrayList<>();
            String keyMarker = null;
            String uploadIdMarker = null;
            while (true) {
                String k = keyMarker;
                String u = uploadIdMarker;
                ListMultipartUploadsResponse page = client.listMultipartUploads(b -> b.bucket(bucket)
                        .prefix(prefix).keyMarker(k).uploadIdMarker(u));
                all.addAll(page.uploads());
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    return all;
                }
                keyMarker = page.nextKeyMarker();
                uploadIdMarker = page.nextUploadIdMarker();
            }
        });
    }
}
