package dev.grove.patina.catalog;

/**
 * The few places where the catalog's SQL differs between SQLite and PostgreSQL. Everything else — upserts
 * ({@code INSERT … ON CONFLICT … DO UPDATE}), {@code LIMIT … OFFSET}, window functions, epoch-millisecond instants
 * and {@code YYYY-MM-DD} days — is written once for both.
 */
enum CatalogDialect {
    SQLITE("rowid", "LIKE", "SELECT value FROM json_each(?)"),
    /**
     * The tables are Flyway's V3 and V4 ({@code db/cluster}): {@code object_copies.seq} stands for SQLite's rowid, text
     * columns sort bytewise ({@code COLLATE "C"}, SQLite's BINARY), and ILIKE is SQLite's case-blind LIKE.
     */
    POSTGRESQL("seq", "ILIKE", "SELECT jsonb_array_elements_text(CAST(? AS jsonb))");

    private final String copyOrder;
    private final String like;
    private final String jsonTexts;

    CatalogDialect(String copyOrder, String like, String jsonTexts) {
        this.copyOrder = copyOrder;
        this.like = like;
        this.jsonTexts = jsonTexts;
    }

    /** The column of {@code object_copies} that orders its rows as they were first inserted. */
    String copyInsertionOrder() {
        return copyOrder;
    }

    /** The operator of the history's text filter: case-blind for ASCII letters, as SQLite's LIKE is. */
    String like() {
        return like;
    }

    /** A sub-select of the texts of a JSON array bound as one parameter: {@code "key" IN (…)}. */
    String jsonTexts() {
        return jsonTexts;
    }
}
