package dev.grove.patina.schedule.cluster;

/**
 * The cluster's PostgreSQL cannot serve this node: unreachable, a refused login, or a schema newer than this node
 * knows. The message is one line naming the server's host and port, never the password.
 */
public final class ClusterUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ClusterUnavailableException(String message) {
        super(message);
    }

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
