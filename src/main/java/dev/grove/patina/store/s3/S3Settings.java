package dev.grove.patina.store.s3;

import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.util.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * Where and how the S3 store connects. For Cloudflare R2: endpoint {@code https://<ACCOUNT_ID>.r2.cloudflarestorage.com},
 * region {@code auto}. Its {@code toString()} never shows the secret key ({@link Secret} hides it).
 *
 * @param endpoint          the S3 endpoint
 * @param bucket            the bucket; Patina never creates it
 * @param region            the signing region; {@code auto} (R2) when blank
 * @param accessKeyId       the access key ID (not secret)
 * @param secretAccessKey   the secret access key
 * @param prefix            the key prefix Patina owns in the bucket ({@code ""} or ending with {@code /}); puts and
 *                          deletes outside it are refused, orphaned uploads are aborted only under it
 * @param partSizeBytes     multipart part size: {@value #DEFAULT_PART_SIZE} when 0, at least {@value #MIN_PART_SIZE}
 * @param uploadConcurrency parts uploaded at once: {@value #DEFAULT_UPLOAD_CONCURRENCY} when 0, at most 16
 * @param retryPolicy       how failed requests are retried; {@link RetryPolicy#defaults()} when null
 */
public record S3Settings(URI endpoint, String bucket, String region, String accessKeyId, Secret secretAccessKey,
        String prefix, int partSizeBytes, int uploadConcurrency, RetryPolicy retryPolicy) {
    /** S3's smallest part (all parts but the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** Bounded so that a misconfiguration cannot ask for gigabytes of buffers. */
    public static final int MAX_PART_SIZE = 512 * 1024 * 1024;
    public static final int DEFAULT_UPLOAD_CONCURRENCY = 2;
    public static final int MAX_UPLOAD_CONCURRENCY = 16;

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("the bucket is missing");
        }
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        region = region == null || region.isBlank() ? "auto" : region;
        prefix = new ObjectKeys(prefix).prefix();
        partSizeBytes = partSizeBytes == 0 ? DEFAULT_PART_SIZE : partSizeBytes;
        if (partSizeBytes < MIN_PART_SIZE || partSizeBytes > MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size must be " + MIN_PART_SIZE + ".." + MAX_PART_SIZE
                    + " bytes, not " + partSizeBytes);
        }
        uploadConcurrency = uploadConcurrency == 0 ? DEFAULT_UPLOAD_CONCURRENCY : uploadConcurrency;
        if (uploadConcurrency < 1 || uploadConcurrency > MAX_UPLOAD_CONCURRENCY) {
            throw new IllegalArgumentException("upload concurrency must be 1.." + MAX_UPLOAD_CONCURRENCY + ", not "
                    + uploadConcurrency);
        }
        retryPolicy = retryPolicy == null ? RetryPolicy.defaults() : retryPolicy;
    }

    /** Settings with the defaults: region {@code auto}, 8 MiB parts, 2 at once, {@link RetryPolicy#defaults()}. */
    public static S3Settings of(URI endpoint, String bucket, String accessKeyId, Secret secretAccessKey,
            String prefix) {
        return new S3Settings(endpoint, bucket, "auto", accessKeyId, secretAccessKey, prefix, 0, 0, null);
    }

    public S3Settings withRegion(String newRegion) {
        return new S3Settings(endpoint, bucket, newRegion, accessKeyId, secretAccessKey, prefix, partSizeBytes,
                uploadConcurrency, retryPolicy);
    }

    public S3Settings withPartSize(int bytes) {
        return new S3Settings(endpoint, bucket, region, accessKeyId, secretAccessKey, prefix, bytes,
                uploadConcurrency, retryPolicy);
    }

    public S3Settings withUploadConcurrency(int parts) {
        return new S3Settings(endpoint, bucket, region, accessKeyId, secretAccessKey, prefix, partSizeBytes, parts,
                retryPolicy);
    }

    public S3Settings withRetryPolicy(RetryPolicy policy) {
        return new S3Settings(endpoint, bucket, region, accessKeyId, secretAccessKey, prefix, partSizeBytes,
                uploadConcurrency, policy);
    }

    public S3Settings withEndpoint(URI newEndpoint) {
        return new S3Settings(newEndpoint, bucket, region, accessKeyId, secretAccessKey, prefix, partSizeBytes,
                uploadConcurrency, retryPolicy);
    }

    public S3Settings withBucket(String newBucket) {
        return new S3Settings(endpoint, newBucket, region, accessKeyId, secretAccessKey, prefix, partSizeBytes,
                uploadConcurrency, retryPolicy);
    }

    public S3Settings withSecret(Secret secret) {
        return new S3Settings(endpoint, bucket, region, accessKeyId, secret, prefix, partSizeBytes,
                uploadConcurrency, retryPolicy);
    }

    /** The largest object one upload can hold: 10,000 parts. */
    public long maxObjectBytes() {
        return 10_000L * partSizeBytes;
    }
}
