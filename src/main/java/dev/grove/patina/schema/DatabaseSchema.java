package dev.grove.patina.schema;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A database's schema, each kind of object keyed by lower-cased name (sorted, so comparisons are stable). */
public record DatabaseSchema(String database, Map<String, TableSchema> tables, Map<String, IndexSpec> indexes,
                             Map<String, SqlObject> triggers, Map<String, SqlObject> views) {

    public DatabaseSchema {
        tables = Collections.unmodifiableMap(new TreeMap<>(tables));
        indexes = Collections.unmodifiableMap(new TreeMap<>(indexes));
        triggers = Collections.unmodifiableMap(new TreeMap<>(triggers));
        views = Collections.unmodifiableMap(new TreeMap<>(views));
    }
}
