package dev.grove.patina.config;

/** One {@code [[databases]]} entry. */
public sealed interface DatabaseConfig permits SqliteDatabaseConfig, D1DatabaseConfig {
    /** The unique name, {@code [a-z0-9._-]+}, used in object keys. */
    String name();

    /**
     * The operator's own checks a test restore runs ({@code checks = [...]}): single read-only SELECT/WITH
     * statements, each of which must return a true value; empty when none.
     */
    java.util.List<String> checks();

    /** {@code strategy = "full"} (every night a full dump, the default) or {@code "differential"} (ADR 0016). */
    String strategy();

    /** The strategy that writes a full dump every night. */
    String STRATEGY_FULL = "full";
    /** The strategy that writes a full on the first nightly of each ISO week and differentials on the others. */
    String STRATEGY_DIFFERENTIAL = "differential";

    /** Tells whether this database's nightly may be a differential (ADR 0016). */
    default boolean differential() {
        return STRATEGY_DIFFERENTIAL.equals(strategy());
    }

    /** The strategy's text, checked: null means the default {@link #STRATEGY_FULL}. */
    static String checkedStrategy(String strategy) {
        if (strategy == null) {
            return STRATEGY_FULL;
        }
        if (!strategy.equals(STRATEGY_FULL) && !strategy.equals(STRATEGY_DIFFERENTIAL)) {
            throw new IllegalArgumentException("strategy must be full or differential (found '" + strategy + "')");
        }
        return strategy;
    }
}
