package dev.grove.patina.dump;

/**
 * Forward-only access to the rows of one table within a snapshot. Column {@code i} is 0-based and follows
 * {@link TableShape#dumpColumns()}. The value accessors are valid for the current row only.
 */
public interface RowCursor extends AutoCloseable {
    /** Moves to the next row; false at the end. */
    boolean next() throws Exception;

    /** The storage class of column {@code i} in the current row. */
    ValueType type(int i) throws Exception;

    long getLong(int i) throws Exception;

    double getDouble(int i) throws Exception;

    /** TEXT decoded as UTF-8; may hold U+FFFD where the stored bytes were not valid UTF-8. */
    String getText(int i) throws Exception;

    /** TEXT as its stored bytes, exactly. */
    byte[] getTextBytes(int i) throws Exception;

    byte[] getBlob(int i) throws Exception;

    @Override
    void close() throws Exception;
}
