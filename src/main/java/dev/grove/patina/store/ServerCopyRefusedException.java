package dev.grove.patina.store;

/**
 * A store refused to copy an object server-side ({@link BackupStore#copyFrom}): its credentials may not read the
 * source bucket (403 AccessDenied), or the service does not offer the copy (501 NotImplemented). Nothing was copied;
 * streaming the object through Patina may still work.
 */
public class ServerCopyRefusedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ServerCopyRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
