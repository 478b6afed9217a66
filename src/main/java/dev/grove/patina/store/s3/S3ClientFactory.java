package dev.grove.patina.store.s3;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the AWS SDK's client the way R2 (and every other S3-compatible server Patina meets) needs it: the
 * configured endpoint and region ({@code auto} for R2), path-style addressing, checksums only when required (R2
 * rejects the SDK's default aws-chunked checksum trailer), the SDK's own retries off (every request goes through
 * {@link Retrier}), static credentials, and enough connections for the upload threads.
 */
final class S3ClientFactory {
    private S3ClientFactory() {
    }

    /** A client for {@code settings}; the caller closes it. */
    static S3Client open(S3Settings settings) {
        return S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .maxConnections(settings.uploadConcurrency() + 8))
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.accessKeyId(), settings.secretAccessKey().reveal())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
