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
 * object is copied onto itself with a multipart copy (UploadPartCopy, 1 GiB ranges), aborted when it fails. The
 * same copy from another bucket on the same endpoint is a replica's server-side copy ({@link #copyFrom}).
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
        copy(bucket, key, key, size, etag, metadata, "set the metadata of", "the metadata copy of");
    }

    /**
     * Copies the {@code size}-byte object {@code sourceKey} of {@code sourceBucket} (on the same endpoint) to
     * {@code key} of this bucket with {@code metadata}, inside the S3 service: no byte passes through Patina. The
     * client's credentials must read the source bucket; a refusal is the caller's to handle.
     */
    void copyFrom(String sourceBucket, String sourceKey, String key, long size, Map<String, String> metadata)
            throws StoreException {
        copy(sourceBucket, sourceKey, key, size, null, metadata, "copy s3://" + sourceBucket + "/" + sourceKey
                + " server-side to", "the server-side copy to");
    }

    private void copy(String sourceBucket, String sourceKey, String key, long size, String etag,
                      Map<String, String> metadata, String doing, String multipart) throws StoreException {
        if (size <= maxSingleCopyBytes) {
            retrier.call(doing, key, () -> client.copyObject(b -> b.sourceBucket(sourceBucket)
                    .sourceKey(sourceKey).destinationBucket(bucket).destinationKey(key).copySourceIfMatch(etag)
                    .metadataDirective(MetadataDirective.REPLACE).metadata(metadata)));
            return;
        }
        String copyId = retrier.call("start " + multipart, key, () -> client.createMultipartUpload(b -> b
                .bucket(bucket).key(key).metadata(metadata)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long start = 0; start < size; start += copyPartBytes) {
                int number = parts.size() + 1;
                String range = "bytes=" + start + "-" + (Math.min(size, start + copyPartBytes) - 1);
                String partEtag = retrier.call("copy part " + number + " of " + multipart, key,
                        () -> client.uploadPartCopy(b -> b.sourceBucket(sourceBucket).sourceKey(sourceKey)
                                .destinationBucket(bucket).destinationKey(key).uploadId(copyId).partNumber(number)
                                .copySourceRange(range).copySourceIfMatch(etag)).copyPartResult().eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(partEtag).build());
            }
            retrier.call("complete " + multipart, key, () -> client.completeMultipartUpload(b -> b
                    .bucket(bucket).key(key).uploadId(copyId).multipartUpload(m -> m.parts(parts))));
        } catch (StoreException e) {
            try {
                retrier.call("abort " + multipart, key,
                        () -> client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(copyId)));
            } catch (StoreException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }
}
