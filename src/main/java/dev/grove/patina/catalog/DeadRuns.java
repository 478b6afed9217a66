package dev.grove.patina.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the runs recorded as running (or with unfinished puts) whose process is gone from those still alive, by their
 * {@link RunLocks}, and marks the dead ones interrupted. What {@link Catalog#markInterruptedRuns()} and
 * {@link Catalog#recoverDeadRuns()} do.
 */
final class DeadRuns {
    private final CatalogLink db;
    private final RunLocks leases;

    DeadRuns(CatalogLink db, RunLocks leases) {
        this.db = db;
        this.leases = leases;
    }

    /** Marks the running runs this process started, and those no process runs, interrupted; returns how many. */
    int markInterrupted(long now) {
        return db.write("marking interrupted runs", c -> RunRecords.markInterrupted(c,
                RunRecords.runningIds(c).stream().filter(id -> leases.holds(id) || !leases.isAlive(id)).toList(),
                now, "the run did not finish before Patina stopped or started again: marked interrupted"));
    }

    /** See {@link Catalog#recoverDeadRuns()}. */
    List<Catalog.DeadRun> recover(long now) {
        // first a read: when every candidate is alive (the usual case: none), no write lock is taken
        boolean anyDead = db.read("looking for the runs of processes that are gone",
                c -> candidates(c).stream().anyMatch(id -> !leases.isAlive(id)));
        if (!anyDead) {
            return List.of();
        }
        return db.write("recovering the runs of processes that are gone", c -> recover(c, now));
    }

    private List<Catalog.DeadRun> recover(Connection c, long now) throws SQLException {
        List<String> dead = new ArrayList<>();
        List<String> alive = new ArrayList<>();
        for (String id : candidates(c)) {
            (leases.isAlive(id) ? alive : dead).add(id);
        }
        List<String> running = RunRecords.runningIds(c);
        List<String> toMark = dead.stream().filter(running::contains).toList();
        RunRecords.markInterrupted(c, toMark, now, "the process running this run is gone (killed or crashed):"
                + " marked interrupted");
        Set<String> liveKeys = new HashSet<>();
        for (String id : alive) {
            liveKeys.addAll(PutRecords.keys(c, id));
        }
        List<Catalog.DeadRun> out = new ArrayList<>();
        for (String id : dead) {
            Optional<RunSummary> run = RunRecords.find(c, id);
            List<String> keys = PutRecords.keys(c, id).stream().filter(k -> !liveKeys.contains(k)).toList();
            boolean marked = toMark.contains(id);
            if (run.isPresent() && (marked || !keys.isEmpty())) {
                out.add(new Catalog.DeadRun(id, run.get().kind(), run.get().startedAt(), marked, keys));
            } else {
                // no such run, or only keys a live run is storing now (left to the nightly's day-old sweep)
                PutRecords.clear(c, id);
            }
        }
        out.sort(Comparator.comparing(Catalog.DeadRun::startedAt));
        return out;
    }

    /** The runs recorded as running, then the other runs with unfinished puts. */
    private static List<String> candidates(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>(RunRecords.runningIds(c));
        for (String id : PutRecords.runIds(c)) {
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
