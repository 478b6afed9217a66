package dev.grove.patina.catalog;

/** Where one object's copy on one replica store stands ({@code object_copies.state}). */
public enum CopyState {
    /** Not yet copied, or the last attempt failed: the next run tries again. */
    PENDING("pending"),
    /** Copied and read back with the primary's SHA-256. */
    PRESENT("present"),
    /** Retention removed it from that store. */
    DELETED("deleted");

    private final String id;

    CopyState(String id) {
        this.id = id;
    }

    /** The state as the catalog stores it. */
    public String id() {
        return id;
    }

    static CopyState parse(String id) {
        for (CopyState s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown copy state '" + id + "'");
    }
}
