package dev.grove.patina.app;

/**
 * Whose turn it is to send the heartbeat (issue 17): always this process's without {@code [cluster]}; in a cluster
 * the one node holding the heartbeat's advisory lock (ADR 0026). A node that finds itself unhealthy gives the turn up,
 * so that a healthy node takes it at its next ping (ADR 0036); a cluster with no healthy node stays silent.
 */
public interface HeartbeatTurn {
    /** This process sends every time. */
    HeartbeatTurn ALWAYS = new HeartbeatTurn() {
        @Override
        public boolean take() {
            return true;
        }

        @Override
        public void giveUp() {
            // nobody else could send it
        }
    };

    /** Takes (or keeps) the turn; false when another node holds it. Never throws. */
    boolean take();

    /** Lets the turn go if this process holds it (this node is unhealthy). Never throws. */
    void giveUp();
}
