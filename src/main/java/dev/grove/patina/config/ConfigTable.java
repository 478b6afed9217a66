package dev.grove.patina.config;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The top-level tables of {@code patina.toml}, in the order they are checked and written. */
public enum ConfigTable {
    STORE("store"),
    /** The one array of tables: {@code [[databases]]}, one per database. */
    DATABASES("databases"),
    /** An array of tables: {@code [[replicas]]}, one per further store (issue 14). */
    REPLICAS("replicas"),
    SCHEDULE("schedule"),
    RETENTION("retention"),
    COMPRESSION("compression"),
    ALERTS("alerts"),
    CATALOG("catalog"),
    API("api"),
    ENCRYPTION("encryption"),
    /** {@code [cluster]}: the PostgreSQL several daemons share their schedule on (ADR 0017). */
    CLUSTER("cluster");

    private final String id;

    ConfigTable(String id) {
        this.id = id;
    }

    /** The table's name in the file. */
    public String id() {
        return id;
    }

    /** The table's header as written: {@code [store]}, {@code [[databases]]}. */
    public String header() {
        return isArray() ? "[[" + id + "]]" : "[" + id + "]";
    }

    /** True for the arrays of tables ({@code [[databases]]}, {@code [[replicas]]}). */
    boolean isArray() {
        return this == DATABASES || this == REPLICAS;
    }

    /** The table named {@code id}, or null. */
    static ConfigTable of(String id) {
        for (ConfigTable t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        return null;
    }

    /** Every table's name. */
    static Set<String> ids() {
        return List.of(values()).stream().map(ConfigTable::id).collect(Collectors.toUnmodifiableSet());
    }

    /** Every table's header, in order, joined for a message: {@code [store], [[databases]], …}. */
    static String headers() {
        return List.of(values()).stream().map(ConfigTable::header).collect(Collectors.joining(", "));
    }
}
