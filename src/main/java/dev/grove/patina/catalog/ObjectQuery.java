package dev.grove.patina.catalog;

import dev.grove.patina.model.ObjectKind;
import java.time.LocalDate;

/**
 * A filter and page of the object history: every filter is optional (null = any), they combine with AND, and the
 * result is ordered newest first ({@code date} descending, then {@code key}). Build one with {@link #firstPage(int)}
 * and the {@code with…} methods.
 *
 * @param database only the dailies of this database (weeklies name no database, so they never match)
 * @param kind     only dailies or only weeklies
 * @param status   present, deleted, verified or unverified
 * @param from     first date, inclusive
 * @param to       last date, inclusive
 * @param text     only keys that contain this text (case-insensitive for ASCII; {@code %} and {@code _} are
 *                 plain characters here); blank = any
 * @param offset   rows to skip, ≥ 0
 * @param limit    page size, 1 to {@value #MAX_LIMIT}
 */
public record ObjectQuery(String database, ObjectKind kind, ObjectStatus status, LocalDate from, LocalDate to,
                          String text, int offset, int limit) {
    /** The largest page. */
    public static final int MAX_LIMIT = 10_000;

    public ObjectQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset + " is negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("page size " + limit + " is not between 1 and " + MAX_LIMIT);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("date range " + from + " to " + to + " ends before it starts");
        }
        if (text != null && text.isBlank()) {
            text = null;
        }
    }

    /** Every object, the first {@code limit} of them. */
    public static ObjectQuery firstPage(int limit) {
        return new ObjectQuery(null, null, null, null, null, null, 0, limit);
    }

    public ObjectQuery withDatabase(String database) {
        return new ObjectQuery(database, kind, status, from, to, text, offset, limit);
    }

    public ObjectQuery withKind(ObjectKind kind) {
        return new ObjectQuery(database, kind, status, from, to, text, offset, limit);
    }

    public ObjectQuery withStatus(ObjectStatus status) {
        return new ObjectQuery(database, kind, status, from, to, text, offset, limit);
    }

    /** Dates from {@code from} to {@code to}, both inclusive; either may be null (open). */
    public ObjectQuery withDates(LocalDate from, LocalDate to) {
        return new ObjectQuery(database, kind, status, from, to, text, offset, limit);
    }

    public ObjectQuery withText(String text) {
        return new ObjectQuery(database, kind, status, from, to, text, offset, limit);
    }

    /** The same filter, page {@code page} (1-based) of {@code limit} rows. */
    public ObjectQuery page(int page, int limit) {
        if (page < 1) {
            throw new IllegalArgumentException("page " + page + " is not ≥ 1");
        }
        return new ObjectQuery(database, kind, status, from, to, text, Math.multiplyExact(page - 1, limit), limit);
    }

    /** The same filter, the page that follows this one. */
    public ObjectQuery next() {
        return new ObjectQuery(database, kind, status, from, to, text, offset + limit, limit);
    }
}
