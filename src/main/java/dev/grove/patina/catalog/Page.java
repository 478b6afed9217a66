package dev.grove.patina.catalog;

import java.util.List;

/**
 * One page of a filtered list.
 *
 * @param items  the rows of this page, in the list's order
 * @param total  how many rows match the filter in all pages
 * @param offset the index of the first item within all matching rows
 * @param limit  the page size asked for
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {
    public Page {
        items = List.copyOf(items);
    }

    /** Tells whether rows follow this page. */
    public boolean hasNext() {
        return offset + items.size() < total;
    }
}
