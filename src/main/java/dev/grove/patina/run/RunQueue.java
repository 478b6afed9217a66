package dev.grove.patina.run;

import dev.grove.patina.model.RunKind;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A queue that runs orders somewhere else: a cluster's Quartz queue, whose nodes take them (ADR 0035). The process
 * that hands an order in runs nothing itself; it follows the order through the queue to its end. Both calls reach a
 * server: never on the GUI thread.
 */
public interface RunQueue extends AutoCloseable {
    /**
     * Hands {@code order} to the queue, with the queue's own origin as its trigger. Refused — nothing queued — when
     * the same order is queued or running already, when no node is up to take it, or when the queue cannot be
     * reached; the answer says which.
     */
    Queued enqueue(RunOrder order);

    /**
     * Follows a queued order until it ended, or {@code limit} passed: tells {@code onChange} each new state
     * (queued, running on a node, ended), on this thread.
     *
     * @return the last state seen
     */
    QueueState follow(Queued queued, Consumer<QueueState> onChange, Duration limit);

    /** Where the queue is, for the operator ("the cluster at db:5432"). */
    String where();

    @Override
    void close();

    /**
     * The queue's answer to an order.
     *
     * @param id       the order in the queue (null when refused)
     * @param queuedAt when it was queued (null when refused)
     * @param message  for the operator: where it was queued and who may take it, or why it was refused
     */
    record Queued(boolean accepted, RunKind kind, String id, Instant queuedAt, String message) {
    }

    /**
     * Where a queued order is.
     *
     * @param node    the node running or that ran it; null while queued
     * @param takenAt when that node took it, on the node's clock (its run starts then or later); null while queued
     * @param outcome how it ended ({@code finished ok}, {@code refused}, …); null until it ended
     * @param message for the operator, one line
     */
    record QueueState(QueuePhase phase, String node, Instant takenAt, String outcome, String message) {
        /** The order's place. */
        public enum QueuePhase {
            /** Waiting in the queue for a free node. */
            QUEUED,
            /** A node took it and runs it. */
            RUNNING,
            /** The node ended it (see the outcome). */
            ENDED,
            /** It left the queue without a node saying it ran it (deleted by hand, or lost). */
            GONE,
            /** The queue could not be read just now. */
            UNKNOWN
        }

        public boolean over() {
            return phase == QueuePhase.ENDED || phase == QueuePhase.GONE;
        }
    }
}
