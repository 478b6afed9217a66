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
import java.util.List;

/** Reads and checks {@code [store]}: an S3 bucket (R2, AWS S3, MinIO, any S3) or a local folder. */
final class StoreTableReader {
    private StoreTableReader() {
    }

    static StoreConfig read(TableView t, PathResolver paths, SecretResolver secrets) {
        String type = t.string(STORE_TYPE.id()).orElseThrow(() -> t.error(STORE_TYPE.id(),
                "store.type is required: \"s3\" (R2, AWS S3, MinIO, any S3) or \"local\""));
        if (type.equals(TableType.S3.id())) {
            t.rejectKeysOfOtherType(ConfigKey.idsOf(TableType.S3), ConfigKey.idsOf(TableType.LOCAL),
                    "[store] with type = \"s3\"");
            String context = " for type = \"s3\"";
            URI endpoint = t.httpUrl(S3_ENDPOINT.id(), t.requiredString(S3_ENDPOINT.id(), context));
            String bucket = t.requiredString(S3_BUCKET.id(), context);
            ConfigRules.bucket(bucket).ifPresent(problem -> {
                throw t.error(S3_BUCKET.id(), t.key(S3_BUCKET.id()) + " " + problem);
            });
            String region = t.string(S3_REGION.id(), S3StoreConfig.DEFAULT_REGION);
            if (region.isBlank()) {
                throw t.error(S3_REGION.id(), "store.region must not be empty (R2 uses \"auto\")");
            }
            String accessKeyId = t.requiredString(S3_ACCESS_KEY_ID.id(), context);
            Secret secretKey = secrets.required(t, S3_SECRET_ACCESS_KEY.id(), context);
            return new S3StoreConfig(endpoint, bucket, region, accessKeyId, secretKey,
                    t.string(STORE_PREFIX.id(), ""));
        }
        if (type.equals(TableType.LOCAL.id())) {
            t.rejectKeysOfOtherType(ConfigKey.idsOf(TableType.LOCAL), ConfigKey.idsOf(TableType.S3),
                    "[store] with type = \"local\"");
            Path path = paths.resolve(t, LOCAL_PATH.id(), t.requiredString(LOCAL_PATH.id(), " for type = \"local\""));
            return new LocalStoreConfig(path, t.string(STORE_PREFIX.id(), ""));
        }
        String hint = type.equalsIgnoreCase("r2") || type.equalsIgnoreCase("minio")
                || type.equalsIgnoreCase("aws") ? "; R2, AWS S3 and MinIO all use type = \"s3\""
                : Suggestions.didYouMean(type, List.of("s3", "local"));
        throw t.error(STORE_TYPE.id(), "store.type must be \"s3\" or \"local\" (found " + TableView.shown(type) + ")"
                + hint);
    }
}
