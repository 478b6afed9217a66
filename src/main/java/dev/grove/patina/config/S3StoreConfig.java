package dev.grove.patina.config;

import dev.grove.patina.util.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * An S3-compatible store ({@code type = "s3"}): Cloudflare R2, AWS S3, MinIO or any other.
 *
 * @param endpoint        the http(s) endpoint, for example {@code https://<account>.r2.cloudflarestorage.com}
 * @param region          the signing region; {@code auto} for R2
 * @param accessKeyId     the access key id (not a secret: it names the key)
 * @param secretAccessKey the secret access key
 * @param prefix          the key prefix, empty for none
 */
public record S3StoreConfig(URI endpoint, String bucket, String region, String accessKeyId, Secret secretAccessKey,
                            String prefix) implements StoreConfig {
    /** The region used when {@code region} is left out. */
    public static final String DEFAULT_REGION = "auto";

    public S3StoreConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        prefix = prefix == null ? "" : prefix;
    }
}
