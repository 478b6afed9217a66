package dev.grove.patina.alert;

/**
 * The answer to "Send test alert".
 *
 * @param ok         whether the webhook accepted the message (HTTP 2xx)
 * @param statusCode the HTTP status of the answer, 0 when there was none (connection failed, time-out, bad URL)
 * @param message    what happened, for the operator; never contains the webhook URL
 */
public record AlertTestResult(boolean ok, int statusCode, String message) {
}
