package dev.grove.patina.alert;

/**
 * How a delivery ended.
 *
 * @param delivered  the webhook answered 2xx
 * @param statusCode the last HTTP status, 0 when no answer came
 * @param attempts   attempts made
 * @param problem    why it failed ({@code HTTP 500}, {@code timed out after 10 s}, …), null when delivered; never
 *                   contains the URL
 * @param reply      the start of the last answer's body, scrubbed of the URL, on one line; may be empty
 */
record Delivery(boolean delivered, int statusCode, int attempts, String problem, String reply) {
}
