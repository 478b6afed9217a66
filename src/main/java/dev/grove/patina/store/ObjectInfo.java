package dev.grove.patina.store;

import java.time.Instant;
import java.util.Map;

/** What a store knows about one object. */
public record ObjectInfo(String key, long size, Instant lastModified, Map<String, String> metadata) {
    public ObjectInfo {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
