package dev.grove.patina.store.s3;

import dev.grove.patina.store.StoreException;
import dev.grove.patina.util.Sleeper;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one S3 request with the {@link RetryPolicy}: retryable failures are tried again after a growing, jittered
 * wait (through the injected {@link Sleeper}); the last failure, or the first one that is not retryable, becomes
 * a {@link StoreException}. The SDK's own retries are off, so this is the only retry loop and its bound holds.
 */
final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** One S3 request; its body, if any, must be re-readable. */
    @FunctionalInterface
    interface Request<T> {
        T run();
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final S3Errors errors;

    Retrier(RetryPolicy policy, Sleeper sleeper, RandomGenerator random, S3Errors errors) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
        this.errors = errors;
    }

    RetryPolicy policy() {
        return policy;
    }

    <T> T call(String operation, String key, Request<T> request) throws StoreException {
        return call(operation, key, () -> false, request);
    }

    /**
     * @param cancelled checked before each retry: when true, the last failure is thrown at once (another part of
     *                  the same upload failed already)
     */
    <T> T call(String operation, String key, BooleanSupplier cancelled, Request<T> request) throws StoreException {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.run();
            } catch (SdkException e) {
                if (!S3Errors.isRetryable(e) || attempt >= policy.maxAttempts() || cancelled.getAsBoolean()) {
                    throw errors.translate(operation, key, e, attempt);
                }
                Duration delay = policy.delayAfter(attempt, random);
                LOG.warn("{} {} failed ({}), try {} of {} in {} ms", operation, errors.where(key), summary(e),
                        attempt + 1, policy.maxAttempts(), delay.toMillis());
                pause(delay, operation, key);
            }
        }
    }

    /** Waits; an interrupt ends the retries with a store exception and keeps the thread's interrupt flag. */
    void pause(Duration delay, String operation, String key) throws StoreException {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(operation + " " + errors.where(key) + " was interrupted", e);
        }
    }

    Duration delayAfter(int failedAttempts) {
        return policy.delayAfter(failedAttempts, random);
    }

    private String summary(SdkException e) {
        int status = S3Errors.status(e);
        if (status > 0) {
            String code = S3Errors.errorCode(e);
            return "HTTP " + status + (code == null ? "" : " " + code);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return errors.scrub(root.toString());
    }
}
