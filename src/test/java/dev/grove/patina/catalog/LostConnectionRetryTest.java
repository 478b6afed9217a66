package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which failures the cluster's catalog retries (a lost connection, not a bad statement) and how long it waits. */
class LostConnectionRetryTest {

    @Test
    void waitsFromHalfASecondDoublingToThirtySeconds() {
        LostConnectionRetry r = LostConnectionRetry.standard();
        List<Long> ms = IntStream.rangeClosed(1, 9).mapToObj(r::wait).map(Duration::toMillis).toList();
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L), ms);
        assertEquals(Duration.ofMinutes(30), r.writesFor());
        assertEquals(Duration.ofMinutes(1), r.readsFor());
    }

    @Test
    void aLostConnectionIsRetriedABadStatementIsNot() {
        assertTrue(LostConnectionRetry.lostConnection(new SQLTransientConnectionException(
                "patina-cluster - Connection is not available, request timed out after 10000ms.")));
        assertTrue(LostConnectionRetry.lostConnection(new SQLException("An I/O error occurred", "08006")));
        assertTrue(LostConnectionRetry.lostConnection(new SQLException(
                "FATAL: terminating connection due to administrator command", "57P01")));
        assertTrue(LostConnectionRetry.lostConnection(new SQLException("wrapped", "XX000",
                new SQLException("FATAL: database \"patina\" is not currently accepting connections", "55000"))));
        assertTrue(LostConnectionRetry.lostConnection(new SQLException("x", null, new ConnectException(
                "Connection refused"))));

        assertFalse(LostConnectionRetry.lostConnection(new SQLIntegrityConstraintViolationException(
                "duplicate key value violates unique constraint", "23505")));
        assertFalse(LostConnectionRetry.lostConnection(new SQLException("syntax error at or near", "42601")));
        assertFalse(LostConnectionRetry.lostConnection(new SQLException("lock not available", "55P03")));
    }
}
