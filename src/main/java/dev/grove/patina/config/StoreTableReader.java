package dev.grove.patina.config;

import static dev.grove.patina.config.ConfigKey.LOCAL_PATH;
import static dev.grove.patina.config.ConfigKey.S3_ACCESS_KEY_ID;
import static dev.grove.patina.config.ConfigKey.S3_BUCKET;
import static dev.grove.patina.config.ConfigKey.S3_ENDPOINT;
import static dev.grove.patina.config.ConfigKey.S3_REGION;
import static dev.grove.patina.config.ConfigKey.S3_SECRET_ACCESS_KEY;
import static dev.grove.patina.config.ConfigKey.STORE_PREFIX;
import static dev.grove.patina.config.ConfigKey.STORE_TYPE;

import dev.grove.patina.config.ConfigKey.TableType;
import dev.grove.patina.util.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and checks {@code [store]}: an S3 bucket (R2, AWS S3, MinIO, any S3) or a local folder. A
 * {@code [[replicas]]} table is read the same way, with its own keys beside ({@link ReplicaTablesReader}).
 */
final class StoreTableReader {
    private StoreTableReader() {
    }

    static StoreConfig read(TableView t, PathResolver paths, SecretResolver secrets) {
        return read(t, paths, secrets, "[store]", Set.of());
    }

    /**
     * @param where     the table, as messages name it: {@code [store]}, {@code [[replicas]] "offsite"}
     * @param ownKeys   further keys the table may hold (a replica's name and timeout)
     */
    static StoreConfig read(TableView t, PathResolver paths, SecretResolver secrets, String where,
                            Set<String> ownKeys) {
        String type = t.string(STORE_TYPE.id()).orElseThrow(() -> t.error(STORE_TYPE.id(),
                t.key(STORE_TYPE.id()) + " is required: \"s3\" (R2, AWS S3, MinIO, any S3) or \"local\""));
        if (type.equals(TableType.S3.id())) {
            t.rejectKeysOfOtherType(with(ConfigKey.idsOf(TableType.S3), ownKeys), ConfigKey.idsOf(TableType.LOCAL),
                    where + " with type = \"s3\"");
            String context = " for type = \"s3\"";
            URI endpoint = t.httpUrl(S3_ENDPOINT.id(), t.requiredString(S3_ENDPOINT.id(), context));
            String bucket = t.requiredString(S3_BUCKET.id(), context);
            ConfigRules.bucket(bucket).ifPresent(problem -> {
                throw t.error(S3_BUCKET.id(), t.key(S3_BUCKET.id()) + " " + problem);
            });
            String region = t.string(S3_REGION.id(), S3StoreConfig.DEFAULT_REGION);
            if (region.isBlank()) {
                throw t.error(S3_REGION.id(), t.key(S3_REGION.id()) + " must not be empty (R2 uses \"auto\")");
            }
            String accessKeyId = t.requiredString(S3_ACCESS_KEY_ID.id(), context);
            Secret secretKey = secrets.required(t, S3_SECRET_ACCESS_KEY.id(), context);
            return new S3StoreConfig(endpoint, bucket, region, accessKeyId, secretKey,
                    t.string(STORE_PREFIX.id(), ""));
        }
        if (type.equals(TableType.LOCAL.id())) {
            t.rejectKeysOfOtherType(with(ConfigKey.idsOf(TableType.LOCAL), ownKeys), ConfigKey.idsOf(TableType.S3),
                    where + " with type = \"local\"");
            Path path = paths.resolve(t, LOCAL_PATH.id(), t.requiredString(LOCAL_PATH.id(), " for type = \"local\""));
            return new LocalStoreConfig(path, t.string(STORE_PREFIX.id(), ""));
        }
        String hint = type.equalsIgnoreCase("r2") || type.equalsIgnoreCase("minio")
                || type.equalsIgnoreCase("aws") ? "; R2, AWS S3 and MinIO all use type = \"s3\""
                : Suggestions.didYouMean(type, List.of("s3", "local"));
        throw t.error(STORE_TYPE.id(), t.key(STORE_TYPE.id()) + " must be \"s3\" or \"local\" (found "
                + TableView.shown(type) + ")" + hint);
    }

    private static Set<String> with(Set<String> keys, Set<String> more) {
        Set<String> all = new HashSet<>(keys);
        all.addAll(more);
        return all;
    }
}
