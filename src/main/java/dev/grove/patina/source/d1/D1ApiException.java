package dev.grove.patina.source.d1;

import dev.grove.patina.source.SourceException;

/**
 * Cloudflare's API refused a D1 request, or could not be reached. The message names the database and says what to
 * fix; it never contains the API token.
 */
public final class D1ApiException extends SourceException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public D1ApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    public D1ApiException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, 200 for an error D1 reported inside a successful response, 0 when none was received. */
    public int status() {
        return status;
    }
}
