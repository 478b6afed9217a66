package dev.grove.patina.catalog;

import dev.grove.patina.util.Sleeper;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * How the cluster's catalog ({@link PostgresCatalogLink}) waits out a lost PostgreSQL (issue 17): a call whose
 * connection could not be had, or broke, is run again — its transaction was rolled back by the server — after
 * 0.5 s, then twice as long each time up to 30 s, for at most {@code writesFor} (a write: a backup's record is not
 * given up lightly) or {@code readsFor} (a read: an API page or a guard that should answer). It logs nothing per
 * attempt: the node's PostgreSQL watch says once that PostgreSQL is lost and once that it is back. Any other failure
 * (a constraint, a syntax error) is not retried.
 *
 * @param first     the first wait
 * @param max       the longest wait
 * @param writesFor how long a write is retried before it fails
 * @param readsFor  how long a read is retried before it fails
 */
public record LostConnectionRetry(Duration first, Duration max, Duration writesFor, Duration readsFor,
                                  Sleeper sleeper) {
    /** A write of a run (its start, a database's outcome, its end) waits this long for PostgreSQL to come back. */
    public static final Duration WRITES_FOR = Duration.ofMinutes(30);
    /** A read waits this long. */
    public static final Duration READS_FOR = Duration.ofMinutes(1);

    /** No retry: the first failure is the call's. */
    public static final LostConnectionRetry NONE = new LostConnectionRetry(Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO, Sleeper.system());

    /** 0.5 s doubling to 30 s, writes for {@link #WRITES_FOR}, reads for {@link #READS_FOR}. */
    public static LostConnectionRetry standard() {
        return new LostConnectionRetry(Duration.ofMillis(500), Duration.ofSeconds(30), WRITES_FOR, READS_FOR,
                Sleeper.system());
    }

    /** The wait before attempt {@code attempt + 1} (attempt 1 failed: {@link #first}). */
    Duration wait(int attempt) {
        long ms = first.toMillis();
        for (int i = 1; i < attempt && ms < max.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }

    /**
     * Whether {@code e} says the connection to PostgreSQL could not be had or broke (so the work did not happen, or
     * was rolled back): the pool timed out, a connection class {@code 08} state, the server shutting down or ending the
     * session ({@code 57P01..57P03}), too many connections ({@code 53300}), a database not accepting connections.
     */
    static boolean lostConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")
                        || (state.equals("55000")
                                && String.valueOf(s.getMessage()).contains("accepting connections"))) {
                    return true;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
