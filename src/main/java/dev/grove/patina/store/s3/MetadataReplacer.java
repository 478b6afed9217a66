package dev.grove.patina.store.s3;

import dev.grove.patina.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * Sets an uploaded object's metadata by copying the object onto itself with {@code x-amz-metadata-directive:
 * REPLACE}, guarded by {@code If-Match} on the ETag just written: a multipart upload takes its metadata when it is
 * created, but the writer knows the SHA-256 and row counts only at the end. CopyObject handles up to 5 GiB; a larger
 * object is copied onto itself with a multipart copy (UploadPartCopy, 1 GiB ranges), aborted when it fails.
 */
final class MetadataReplacer {
    /** CopyObject's limit: larger objects get their metadata through a multipart copy. */
    static final long MAX_SINGLE_COPY_BYTES = 5L * 1024 * 1024 * 1024;
    static final long COPY_PART_BYTES = 1024L * 1024 * 1024;

    private final S3Client client;
    private final Retrier retrier;
    private final String bucket;
    private final long maxSingleCopyBytes;
    private final long copyPartBytes;

    /** @param maxSingleCopyBytes and {@code copyPartBytes} small in tests of the multipart copy */
    MetadataReplacer(S3Client client, Retrier retrier, String bucket, long maxSingleCopyBytes, long copyPartBytes) {
        this.client = client;
        this.retrier = retrier;
        this.bucket = bucket;
        this.maxSingleCopyBytes = maxSingleCopyBytes;
        this.copyPartBytes = copyPartBytes;
    }

    /** Replaces the metadata of the {@code size}-byte object under {@code key}, still carrying {@code etag}. */
    void replace(String key, long size, String etag, Map<String, String> metadata) throws StoreException {
        if (size <= maxSingleCopyBytes) {
            retrier.call("set the metadata of", key, () -> client.copyObject(b -> b.sourceBucket(bucket)
                    .sourceKey(key).destinationBucket(bucket).destinationKey(key).copySourceIfMatch(etag)
                    .metadataDirective(MetadataDirective.REPLACE).metadata(metadata)));
            return;
        }
        String copyId = retrier.call("start the metadata copy of", key, () -> client.createMultipartUpload(b -> b
                .bucket(bucket).key(key).metadata(metadata)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long start = 0; start < size; start += copyPartBytes) {
                int number = parts.size() + 1;
                String range = "bytes=" + start + "-" + (Math.min(size, start + copyPartBytes) - 1);
                String partEtag = retrier.call("copy part " + number + " of", key, () -> client.uploadPartCopy(b -> b
                        .sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                        .uploadId(copyId).partNumber(number).copySourceRange(range).copySourceIfMatch(etag))
                        .copyPartResult().eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(partEtag).build());
            }
            retrier.call("complete the metadata copy of", key, () -> client.completeMultipartUpload(b -> b
                    .bucket(bucket).key(key).uploadId(copyId).multipartUpload(m -> m.parts(parts))));
        } catch (StoreException e) {
            try {
                retrier.call("abort the metadata copy of", key,
                        () -> client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(copyId)));
            } catch (StoreException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }
}
