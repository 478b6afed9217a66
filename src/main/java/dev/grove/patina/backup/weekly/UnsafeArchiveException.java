package dev.grove.patina.backup.weekly;

import java.io.IOException;

/** A weekly archive (or a requested member path) that could write outside the extraction folder: refused. */
public final class UnsafeArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnsafeArchiveException(String message) {
        super(message);
    }
}
