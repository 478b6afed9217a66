package dev.grove.patina.dump;

import java.util.LinkedHashMap;
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
                try (RowCursor cursor = snapshot.rows(shape)) {
                    while (cursor.next()) {
                        row.clear();
                        TableDataWriter.appendRow(cursor, shape, row);
                        hasher.row(row);
                    }
                } catch (DumpException e) {
                    throw e;
                } catch (Exception e) {
                    throw new DumpException("database " + source + ", table " + t.name() + ": "
                            + SqlDumpWriter.describe(e), e);
                }
            }
            out.put(t.name(), new TableDigest(hasher.rows(), hasher.digest()));
        }
        return out;
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
