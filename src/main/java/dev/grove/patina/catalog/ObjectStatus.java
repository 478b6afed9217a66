package dev.grove.patina.catalog;

/** The status filter of {@link ObjectQuery}. */
public enum ObjectStatus {
    /** Still in the store (not deleted), verified or not. */
    PRESENT,
    /** Deleted from the store; the catalog keeps the row as history. */
    DELETED,
    /** Present and verified at least once. */
    VERIFIED,
    /** Present and never verified. */
    UNVERIFIED
}
