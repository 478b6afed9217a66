package dev.grove.patina.api;

/** A request the API answers with {@code status} and a JSON {@code {"error": message}}; the message names no secret. */
class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
