package dev.grove.patina.catalog;

/**
 * A cluster's catalog holds another catalog version than this node's code reads and writes: the node is refused
 * rather than writing rows another version of Patina would misread. Nodes of a cluster run the same version
 * (docs/deployment.md, upgrade order).
 */
public final class CatalogVersionException extends CatalogException {
    private final int found;
    private final int expected;

    public CatalogVersionException(String location, int found, int expected) {
        super("catalog " + location + " is at catalog version " + (found == 0 ? "none (no catalog tables)" : found)
                + ", but this Patina reads and writes catalog version " + expected + "; "
                + (found > expected ? "upgrade Patina on this node" : "upgrade the cluster's schema (start a node "
                + "of this Patina's version, or run patina catalog migrate)")
                + " — every node of a cluster runs the same Patina version");
        this.found = found;
        this.expected = expected;
    }

    /** The version the database holds (0: none). */
    public int found() {
        return found;
    }

    /** The version this code reads and writes. */
    public int expected() {
        return expected;
    }
}
