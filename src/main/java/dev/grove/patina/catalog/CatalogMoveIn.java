package dev.grove.patina.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Moving in ({@code patina catalog migrate --to}, ADR 0020): copies a local SQLite catalog's whole history — every
 * run with its outcomes and log, every object, copy, proof, chain and recorded schema — into a cluster's catalog on
 * PostgreSQL, in one transaction.
 *
 * <p><b>Idempotent.</b> Each row is copied unless the cluster already has it, by its natural key (a run's id, an
 * object's key, an outcome's run and database, …); a run's log lines come with the run (a run already there keeps
 * its own), a test restore's proof unless an identical one is there. So a second move copies nothing, and a move
 * into a cluster that already ran keeps the cluster's rows.
 *
 * <p><b>Verified by counts.</b> Before committing, each table's count in the cluster must have grown by exactly the
 * rows copied, and hold at least as many rows as the SQLite table; otherwise nothing is committed.
 */
public final class CatalogMoveIn {
    /** One table's numbers: rows in the SQLite catalog, copied now, already in the cluster, in the cluster after. */
    public record TableCount(String table, long source, long copied, long alreadyThere, long target) {
    }

    /** What a move did, table by table, in the order they were copied. */
    public record MoveInReport(String from, String to, List<TableCount> tables) {
        public MoveInReport {
            tables = List.copyOf(tables);
        }

        /** The rows copied, all tables together (0: the cluster had them all). */
        public long copied() {
            return tables.stream().mapToLong(TableCount::copied).sum();
        }
    }

    /** A table, its columns as copied (the cluster's own ids left out), the conflict target and the source order. */
    private record Table(String name, String columns, String conflict, String order) {
    }

    private static final List<Table> TABLES = List.of(
            new Table("schemas", "sha256, statements", "(sha256)", "sha256"),
            new Table("runs", "id, kind, \"trigger\", run_date, started_at, ended_at, status, catch_up_of, node, "
                    + "recovered", "(id)",
                    "started_at, id"),
            new Table("objects", ObjectRecords.COLUMNS + ", schema_sha256", "(\"key\")", "id"),
            new Table("database_results", "run_id, database, status, \"rows\", row_counts, bytes, duration_ms, error, "
                    + "object_key, schema_change, node, recovered", "(run_id, database)", "run_id, database"),
            new Table("run_log", "run_id, at, level, message", null, "id"),
            new Table("run_puts", "run_id, \"key\", started_at", "(run_id, \"key\")", "run_id, \"key\""),
            new Table("object_copies", "\"key\", store, state, size, sha256, copied_at, attempts, last_error, "
                    + "deleted_at", "(\"key\", store)", "rowid"),
            new Table("verifications", "\"key\", database, run_id, verified_at, passed, failed, checks", null, "id"),
            new Table("object_chains", "\"key\", database, strategy, base_key, base_dump_sha256, dump_sha256, "
                    + "digests", "(\"key\")", "\"key\""));

    private CatalogMoveIn() {
    }

    /**
     * Copies the catalog {@code sqliteFile} (upgraded to this code's version first, as any open does) into the
     * cluster's catalog in {@code schema}.
     *
     * @param where {@code host:port} of the server, for messages
     * @throws CatalogTooNewException  when the SQLite catalog is newer than this code (both versions named)
     * @throws CatalogVersionException when the cluster's catalog is another version than this code (both named)
     * @throws CatalogException        when a file or the server cannot be read or written, or a count disagrees
     *                                 (then nothing was committed)
     */
    public static MoveInReport copy(Path sqliteFile, DataSource pool, String schema, String where) {
        Path file = sqliteFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new CatalogException("catalog " + file + " does not exist: nothing to move in");
        }
        int version = Migrations.standard().latest();
        SqliteCatalogLink source = SqliteCatalogLink.open(file, Migrations.standard());
        try {
            PostgresCatalogLink target = PostgresCatalogLink.open(pool, schema, where, version);
            List<TableCount> counts = target.write("moving in the catalog " + file,
                    to -> source.read("copying its rows into " + target.location(), from -> copyAll(from, to)));
            return new MoveInReport(file.toString(), target.location(), counts);
        } finally {
            source.close(() -> { });
        }
    }

    private static List<TableCount> copyAll(Connection from, Connection to) throws SQLException {
        List<TableCount> out = new ArrayList<>();
        Set<String> newRuns = new HashSet<>();
        for (Table t : TABLES) {
            long source = count(from, t.name());
            long before = count(to, t.name());
            long copied = switch (t.name()) {
                case "run_log" -> copyLog(from, to, t, newRuns);
                case "verifications" -> copyProofs(from, to, t);
                default -> copyByKey(from, to, t, t.name().equals("runs") ? newRuns : null);
            };
            long after = count(to, t.name());
            if (after - before != copied || after < source) {
                throw new CatalogException("the counts of " + t.name() + " disagree after copying: " + source
                        + " in the SQLite catalog, " + before + " in the cluster before, " + copied + " copied, "
                        + after + " after; nothing was committed");
            }
            out.add(new TableCount(t.name(), source, copied, source - copied, after));
        }
        return out;
    }

    /** Rows with a natural key, inserted unless there; {@code inserted} (if not null) gets new rows' first column. */
    private static long copyByKey(Connection from, Connection to, Table t, Set<String> inserted)
            throws SQLException {
        String insert = "INSERT INTO " + t.name() + " (" + t.columns() + ") VALUES (" + marks(t.columns())
                + ") ON CONFLICT " + t.conflict() + " DO NOTHING";
        return copy(from, to, t, insert, 0, inserted, null);
    }

    /** A run's log lines come with it: only the runs this move inserted get theirs. */
    private static long copyLog(Connection from, Connection to, Table t, Set<String> newRuns) throws SQLException {
        String insert = "INSERT INTO run_log (" + t.columns() + ") VALUES (" + marks(t.columns()) + ")";
        return copy(from, to, t, insert, 0, null, newRuns);
    }

    /** A proof is copied unless an identical one (object, time, run, checks) is there. */
    private static long copyProofs(Connection from, Connection to, Table t) throws SQLException {
        String insert = "INSERT INTO verifications (" + t.columns() + ") SELECT " + marks(t.columns())
                + " WHERE NOT EXISTS (SELECT 1 FROM verifications WHERE \"key\" = ? AND verified_at = ? "
                + "AND run_id IS NOT DISTINCT FROM ? AND checks = ?)";
        return copy(from, to, t, insert, 4, null, null);
    }

    /**
     * Reads {@code t} from SQLite in its order and runs {@code insert} per row in batches; {@code extra} more
     * parameters repeat the key, verified_at, run_id and checks (proofs). Returns the rows inserted.
     */
    private static long copy(Connection from, Connection to, Table t, String insert, int extra, Set<String> inserted,
                             Set<String> onlyRuns) throws SQLException {
        long copied = 0;
        try (Statement s = from.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + t.columns() + " FROM " + t.name() + " ORDER BY " + t.order());
             PreparedStatement ps = to.prepareStatement(insert)) {
            ResultSetMetaData meta = rs.getMetaData();
            int n = meta.getColumnCount();
            List<String> batchKeys = new ArrayList<>();
            while (rs.next()) {
                if (onlyRuns != null && !onlyRuns.contains(rs.getString(1))) {
                    continue;
                }
                for (int i = 1; i <= n; i++) {
                    ps.setObject(i, value(rs, i));
                }
                if (extra > 0) { // verifications: "key", verified_at, run_id, checks
                    ps.setObject(n + 1, rs.getString(1));
                    ps.setObject(n + 2, rs.getLong(4));
                    ps.setObject(n + 3, rs.getString(3), java.sql.Types.VARCHAR);
                    ps.setObject(n + 4, rs.getString(7));
                }
                ps.addBatch();
                batchKeys.add(rs.getString(1));
                if (batchKeys.size() == 500) {
                    copied += flush(ps, batchKeys, inserted);
                }
            }
            copied += flush(ps, batchKeys, inserted);
        }
        return copied;
    }

    private static long flush(PreparedStatement ps, List<String> keys, Set<String> inserted) throws SQLException {
        if (keys.isEmpty()) {
            return 0;
        }
        int[] results = ps.executeBatch();
        long copied = 0;
        for (int i = 0; i < results.length; i++) {
            if (results[i] > 0 || results[i] == Statement.SUCCESS_NO_INFO) {
                copied++;
                if (inserted != null) {
                    inserted.add(keys.get(i));
                }
            }
        }
        keys.clear();
        return copied;
    }

    /** A column's value as SQLite holds it: integers as long, text as text, null as null. */
    private static Object value(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v instanceof Integer small) {
            return small.longValue();
        }
        return v;
    }

    private static String marks(String columns) {
        return String.join(", ", java.util.Collections.nCopies(columns.split(",").length, "?"));
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
