package dev.grove.patina.store.s3;

import dev.grove.patina.store.NoSuchObjectException;
import dev.grove.patina.store.StoreException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Sorts S3 failures into retryable or not, and turns them into {@link StoreException}s an operator can act on:
 * they name the bucket, the key and the endpoint, say what to check for 403 and 404 NoSuchBucket, and never
 * carry the secret key (it is scrubbed from every message as a last line of defence).
 */
final class S3Errors {
    private final S3Settings settings;

    S3Errors(S3Settings settings) {
        this.settings = settings;
    }

    /** Whether another try may succeed: 5xx, 429, 408, S3's RequestTimeout, and every client-side I/O failure. */
    static boolean isRetryable(SdkException e) {
        if (e instanceof SdkServiceException service) {
            int status = service.statusCode();
            return status >= 500 || status == 429 || status == 408 || service.isThrottlingException()
                    || "RequestTimeout".equals(errorCode(e));
        }
        // Connection refused or reset, timeouts, truncated responses: the SDK wraps them all in client exceptions.
        return e instanceof SdkClientException;
    }

    /** The SDK's exception behind a store failure, or a placeholder that matches no status or code. */
    static SdkException sdkCause(StoreException e) {
        return e.getCause() instanceof SdkException s ? s : SdkClientException.create("none");
    }

    static int status(SdkException e) {
        return e instanceof SdkServiceException s ? s.statusCode() : 0;
    }

    static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException aws) {
            AwsErrorDetails details = aws.awsErrorDetails();
            return details == null ? null : details.errorCode();
        }
        return null;
    }

    static boolean isNotFound(SdkException e) {
        return status(e) == 404 && !"NoSuchBucket".equals(errorCode(e)) && !"NoSuchUpload".equals(errorCode(e));
    }

    /** {@code s3://bucket/key at endpoint}. */
    String where(String key) {
        return "s3://" + settings.bucket() + "/" + (key == null ? "" : key) + " at " + settings.endpoint();
    }

    /**
     * The store exception for a failed operation.
     *
     * @param operation what was done, e.g. {@code "upload part 3 of"}
     * @param attempts  how many tries were made
     */
    StoreException translate(String operation, String key, SdkException e, int attempts) {
        String tries = attempts > 1 ? " (after " + attempts + " attempts)" : "";
        int status = status(e);
        String code = errorCode(e);
        String message;
        if (status == 404 && "NoSuchBucket".equals(code)) {
            message = operation + " " + where(key) + " failed: bucket '" + settings.bucket() + "' does not exist"
                    + " (404 NoSuchBucket); check the bucket name and the endpoint (for R2 the account ID in it)."
                    + " Patina never creates buckets.";
        } else if (status == 404 && isNotFound(e)) {
            return new NoSuchObjectException(scrub("no object '" + key + "' in s3://" + settings.bucket() + " at "
                    + settings.endpoint()));
        } else if (status == 403) {
            message = operation + " " + where(key) + " was refused (403 " + (code == null ? "Forbidden" : code)
                    + "): check that access key ID '" + settings.accessKeyId() + "' exists, that the secret key ("
                    + settings.secretAccessKey().source() + ") belongs to it, and that it has permission to read,"
                    + " write, list and delete objects in bucket '" + settings.bucket() + "' (for R2: an API token"
                    + " with Object Read & Write on this bucket)";
        } else if (e instanceof SdkServiceException) {
            String detail = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorMessage() : e.getMessage();
            message = operation + " " + where(key) + " failed: HTTP " + status + (code == null ? "" : " " + code)
                    + (detail == null ? "" : ": " + detail) + tries;
        } else {
            message = operation + " " + where(key) + " failed: could not talk to " + settings.endpoint() + ": "
                    + rootCause(e) + tries + "; check the endpoint URL and the network";
        }
        return new StoreException(scrub(message), e);
    }

    /** Removes the secret key from a text, in case some layer ever echoed it. */
    String scrub(String text) {
        String secret = settings.secretAccessKey().reveal();
        if (text == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, "****");
    }

    private String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return scrub(root.toString());
    }
}
