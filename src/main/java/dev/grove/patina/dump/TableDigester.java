package dev.grove.patina.dump;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every table's rows and content digest as a snapshot holds them, computed exactly as a full's manifest and a
 * differential compute them (ADR 0016): what a restore of full + differential is checked against.
 */
public final class TableDigester {
    private TableDigester() {
    }

    /** Per table, in the dump's order (ordinary, then virtual): rows and content digest. */
    public static Map<String, TableDigest> of(DumpSnapshot snapshot, String source) {
        DumpPlan plan = DumpPlan.of(snapshot, DumpOptions.all(source, DumpDialect.SQLITE));
        Map<String, TableDigest> out = new LinkedHashMap<>();
        RowHasher hasher = new RowHasher();
        SqlBuffer row = new SqlBuffer(8192);
        java.util.List<SchemaEntry> order = new java.util.ArrayList<>(plan.ordinary());
        order.addAll(plan.virtual());
        for (SchemaEntry t : order) {
            hasher.reset();
            if (!plan.contentless().contains(DumpPlan.lower(t.name()))) {
                TableShape cached = plan.shapes().get(t.name());
                TableShape shape = cached != null ? cached
                        : SnapshotCall.run(source, "describe table " + t.name(), () -> snapshot.describe(t.name()));
                hashRows(source, t.name(), () -> snapshot.rows(shape), shape, row, hasher);
            }
            out.put(t.name(), new TableDigest(hasher.rows(), hasher.digest()));
        }
        return out;
    }

    /** What opens a table's rows (whole or a rowid range). */
    private interface Rows {
        RowCursor open() throws Exception;
    }

    /** Adds every row {@code rows} opens to {@code hasher}, encoded as the dump writes it; errors name the table. */
    private static void hashRows(String source, String table, Rows rows, TableShape shape, SqlBuffer row,
                                 RowHasher hasher) {
        try (RowCursor cursor = rows.open()) {
            while (cursor.next()) {
                row.clear();
                TableDataWriter.appendRow(cursor, shape, row);
                hasher.row(row);
            }
        } catch (DumpException e) {
            throw e;
        } catch (Exception e) {
            throw new DumpException("database " + source + ", table " + table + ": " + SqlDumpWriter.describe(e), e);
        }
    }

    /** Rowid tables with at least this many rowids are read in parts on several connections. */
    static final long PART_MIN_ROWIDS = 50_000;

    /**
     * As {@link #of(DumpSnapshot, String)}, on {@code threads} connections to {@code file} at once (ADR 0028): a
     * rowid table is read in rowid ranges, the others whole; a table's parts are summed (the digest is a sum modulo
     * 2¹²⁸, so the order of its rows does not matter). The file must not change meanwhile (a restored file before
     * it is handed on).
     */
    static Map<String, TableDigest> of(Restorer.SnapshotOpener opener, java.nio.file.Path file, String source,
                                       int threads) throws Exception {
        List<SchemaEntry> order = new ArrayList<>();
        Map<String, TableShape> shapes = new LinkedHashMap<>();
        List<Part> parts = new ArrayList<>();
        Map<String, long[]> sums = new LinkedHashMap<>();
        try (DumpSnapshot snapshot = opener.open(file)) {
            DumpPlan plan = DumpPlan.of(snapshot, DumpOptions.all(source, DumpDialect.SQLITE));
            order.addAll(plan.ordinary());
            order.addAll(plan.virtual());
            for (SchemaEntry t : order) {
                sums.put(t.name(), new long[3]);
                if (plan.contentless().contains(DumpPlan.lower(t.name()))) {
                    continue;
                }
                TableShape cached = plan.shapes().get(t.name());
                TableShape shape = cached != null ? cached
                        : SnapshotCall.run(source, "describe table " + t.name(), () -> snapshot.describe(t.name()));
                shapes.put(t.name(), shape);
                long[] bounds = snapshot.rowidBounds(shape);
                if (bounds == null || bounds[1] - bounds[0] < PART_MIN_ROWIDS || threads < 2) {
                    parts.add(new Part(t.name(), 0, -1));
                    continue;
                }
                long n = threads * 2L;
                long span = (bounds[1] - bounds[0]) / n + 1;
                for (long from = bounds[0]; ; ) {
                    long to = bounds[1] - from < span ? bounds[1] : from + span - 1;
                    parts.add(new Part(t.name(), from, to));
                    if (to == bounds[1]) {
                        break;
                    }
                    from = to + 1;
                }
            }
        }
        java.util.concurrent.ConcurrentLinkedQueue<Part> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(
                parts);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "patina-digest");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<Map<Part, long[]>>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    Map<Part, long[]> out = new LinkedHashMap<>();
                    RowHasher hasher = new RowHasher();
                    SqlBuffer row = new SqlBuffer(8192);
                    try (DumpSnapshot snapshot = opener.open(file)) {
                        Part part;
                        while ((part = queue.poll()) != null) {
                            TableShape shape = shapes.get(part.table());
                            hasher.reset();
                            Part p = part;
                            hashRows(source, part.table(), () -> p.whole() ? snapshot.rows(shape)
                                    : snapshot.rowidRange(shape, p.from(), p.to()), shape, row, hasher);
                            out.put(part, new long[] {hasher.rows(), hasher.sumHi(), hasher.sumLo()});
                        }
                    }
                    return out;
                }));
            }
            for (java.util.concurrent.Future<Map<Part, long[]>> f : done) {
                Map<Part, long[]> got;
                try {
                    got = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw e;
                }
                for (Map.Entry<Part, long[]> e : got.entrySet()) {
                    long[] sum = sums.get(e.getKey().table());
                    long[] add = e.getValue();
                    sum[0] += add[0];
                    long lo = sum[2] + add[2];
                    sum[1] += add[1] + (Long.compareUnsigned(lo, sum[2]) < 0 ? 1 : 0);
                    sum[2] = lo;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, TableDigest> out = new LinkedHashMap<>();
        for (SchemaEntry t : order) {
            long[] sum = sums.get(t.name());
            out.put(t.name(), new TableDigest(sum[0], RowHasher.hex(sum[1], sum[2])));
        }
        return out;
    }

    /** A table, or the rowid range {@code [from, to]} of one ({@code to < from}: the whole table). */
    private record Part(String table, long from, long to) {
        boolean whole() {
            return to < from;
        }
    }

    /**
     * Checks that {@code actual} holds exactly the tables, rows and digests of {@code expected}.
     *
     * @throws DumpException naming {@code what} and every table that differs
     */
    public static void check(Map<String, TableDigest> expected, Map<String, TableDigest> actual, String what) {
        StringBuilder problems = new StringBuilder();
        for (Map.Entry<String, TableDigest> e : expected.entrySet()) {
            TableDigest got = actual.get(e.getKey());
            if (got == null) {
                problems.append("; table ").append(e.getKey()).append(" is missing");
            } else if (got.rows() != e.getValue().rows()) {
                problems.append("; table ").append(e.getKey()).append(" has ").append(got.rows())
                        .append(" rows, the backup recorded ").append(e.getValue().rows());
            } else if (!got.digest().equals(e.getValue().digest())) {
                problems.append("; table ").append(e.getKey()).append(" holds other values than the backup read ("
                        + "digest ").append(got.digest()).append(", recorded ").append(e.getValue().digest())
                        .append(")");
            }
        }
        for (String table : actual.keySet()) {
            if (!expected.containsKey(table)) {
                problems.append("; table ").append(table).append(" was not in the backup");
            }
        }
        if (problems.length() > 0) {
            throw new DumpException(what + " does not give back what was backed up" + problems);
        }
    }
}
