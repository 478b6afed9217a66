package dev.grove.patina.store.s3;

import dev.grove.patina.store.NoSuchObjectException;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.StoreException;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * HEAD requests, and how an S3 head maps to Patina's {@link ObjectInfo}: size, last modified (the epoch when a
 * server leaves it out) and the user metadata, which S3 listings do not carry.
 */
final class ObjectHeads {
    private final S3Client client;
    private final Retrier retrier;
    private final S3Errors errors;
    private final String bucket;

    ObjectHeads(S3Client client, Retrier retrier, S3Errors errors, String bucket) {
        this.client = client;
        this.retrier = retrier;
        this.errors = errors;
        this.bucket = bucket;
    }

    /** The object's description, or empty when there is none under {@code key}. */
    Optional<ObjectInfo> info(String key) throws StoreException {
        return raw(key).map(h -> info(key, h));
    }

    /** The head of what was just uploaded, checked: there, and of the size written. */
    HeadObjectResponse verified(String key, long size) throws StoreException {
        HeadObjectResponse head = raw(key).orElseThrow(() -> new StoreException(
                "upload " + errors.where(key) + " reported success but the object is not there"));
        if (head.contentLength() != size) {
            throw new StoreException("upload " + errors.where(key) + " stored " + head.contentLength()
                    + " bytes, not " + size);
        }
        return head;
    }

    Optional<HeadObjectResponse> raw(String key) throws StoreException {
        try {
            return Optional.of(retrier.call("read the head of", key,
                    () -> client.headObject(b -> b.bucket(bucket).key(key))));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    static ObjectInfo info(String key, HeadObjectResponse head) {
        return new ObjectInfo(key, head.contentLength(),
                head.lastModified() == null ? Instant.EPOCH : head.lastModified(), head.metadata());
    }
}
