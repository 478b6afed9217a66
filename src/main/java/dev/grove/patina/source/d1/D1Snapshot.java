package dev.grove.patina.source.d1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.patina.dump.ColumnShape;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.SchemaEntry;
import dev.grove.patina.dump.TableShape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A D1 database read statement by statement over the REST API ({@code query} mode).
 *
 * <p><b>Not one point in time.</b> D1 offers no read transaction across HTTP requests, so each page is its own
 * statement: a write that commits while the dump runs may be seen by later pages and tables but not by earlier
 * ones (keyset paging still never repeats or skips a row that exists throughout, and never tears a row). Patina
 * accepts that for {@code query} mode, which never blocks the database; a consistent copy needs {@code mode =
 * "export"} (Cloudflare's export holds the database still while it runs), or a quiet moment. D1's Time Travel
 * bookmarks cannot be read from without restoring the database, so they do not help a reader.
 *
 * <p>Only what D1's SQL authorizer allows is sent (see docs/d1.md, found by the compatibility suite against D1's own
 * engine): {@code sqlite_master}, the {@code pragma_table_list}/{@code pragma_table_xinfo}/{@code pragma_index_list}
 * table-valued functions, {@code typeof}, {@code hex}, {@code substr}, {@code char}, {@code printf}, {@code atan2},
 * {@code CAST}. D1 refuses {@code sqlite_version()} (and {@code sqlite_source_id()}, {@code PRAGMA compile_options}),
 * so the SQLite version is reported as {@link #UNKNOWN_VERSION}. It refuses {@code PRAGMA user_version} and
 * {@code application_id} too — reading and setting them — so a D1 database's are 0, and are reported so.
 *
 * <p>The snapshot owns one prefetch thread, which reads a table's next page while the writer formats the current
 * one ({@link D1RowCursor}); {@link #close()} stops it and logs what the dump asked of D1 ({@link D1Traffic}).
 */
final class D1Snapshot implements DumpSnapshot {
    private static final Pattern MODULE = Pattern.compile("(?is)\\bUSING\\s+([A-Za-z0-9_]+)");

    /** What the dump header says for the SQLite version: D1 refuses every way to ask for it. */
    static final String UNKNOWN_VERSION = "unknown (D1 refuses sqlite_version())";

    private static final Logger LOG = LoggerFactory.getLogger(D1Snapshot.class);

    private final D1Client client;
    private final String database;
    private final D1Traffic.Counts before;
    private final boolean signedZero;
    private final ExecutorService prefetch;

    /** @param database the database's name in the configuration, for the log */
    D1Snapshot(D1Client client, String database) {
        this.client = client;
        this.database = database;
        this.before = client.traffic().counts();
        // the first request also proves the token, account and database id before the dump starts
        this.signedZero = hasMathFunctions(client);
        this.prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "d1-prefetch " + database);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String sqliteVersion() {
        return UNKNOWN_VERSION;
    }

    @Override
    public long userVersion() {
        return 0;
    }

    @Override
    public long applicationId() {
        return 0;
    }

    @Override
    public List<SchemaEntry> schema() {
        List<SchemaEntry> out = new ArrayList<>();
        for (List<JsonNode> r : client.raw("SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY rowid",
                List.of()).rows()) {
            out.add(new SchemaEntry(text(r.get(0)), text(r.get(1)), text(r.get(2)), text(r.get(3))));
        }
        return out;
    }

    @Override
    public List<String> shadowTables() {
        List<String> out = new ArrayList<>();
        for (List<JsonNode> r : client.raw(
                "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'", List.of()).rows()) {
            out.add(text(r.get(0)));
        }
        return out;
    }

    @Override
    public TableShape describe(String table) {
        List<List<JsonNode>> listed = client.raw(
                "SELECT type, wr FROM pragma_table_list WHERE schema = 'main' AND name = ?", List.of(table)).rows();
        if (listed.isEmpty()) {
            throw new IllegalStateException("no table named " + table);
        }
        boolean virtual = "virtual".equals(text(listed.get(0).get(0)));
        boolean withoutRowid = listed.get(0).get(1).asInt() != 0;
        String module = null;
        if (virtual) {
            List<List<JsonNode>> sql = client.raw(
                    "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?", List.of(table)).rows();
            if (!sql.isEmpty() && text(sql.get(0).get(0)) != null) {
                Matcher m = MODULE.matcher(text(sql.get(0).get(0)));
                if (m.find()) {
                    module = m.group(1).toLowerCase(Locale.ROOT);
                }
            }
        }
        List<ColumnShape> columns = new ArrayList<>();
        for (List<JsonNode> r : client.raw(
                "SELECT name, type, hidden, pk FROM pragma_table_xinfo(?, 'main') ORDER BY cid", List.of(table))
                .rows()) {
            columns.add(new ColumnShape(text(r.get(0)), text(r.get(1)) == null ? "" : text(r.get(1)),
                    r.get(2).asInt(), r.get(3).asInt()));
        }
        boolean pkAutoindex = false;
        if (!virtual) {
            pkAutoindex = client.raw("SELECT count(*) FROM pragma_index_list(?, 'main') WHERE origin = 'pk'",
                    List.of(table)).rows().get(0).get(0).asInt() > 0;
        }
        return TableShape.of(table, virtual, module, withoutRowid, columns, pkAutoindex);
    }

    @Override
    public RowCursor rows(TableShape shape) {
        return new D1RowCursor(client, PageQuery.of(shape, signedZero), prefetch);
    }

    /** What this snapshot has asked of D1 so far (with other users of the same client meanwhile). */
    D1Traffic.Counts traffic() {
        return client.traffic().counts().minus(before);
    }

    /** Stops the prefetch thread (a page in flight is abandoned) and logs the requests and rows of this dump. */
    @Override
    public void close() {
        prefetch.shutdownNow();
        try {
            if (!prefetch.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("D1 {}: a page request was still running when the snapshot closed", database);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("D1 {}: query-mode read took {}", database, traffic().describe());
    }

    /** Whether {@code atan2()} exists (SQLite's optional math functions), which tells -0.0 from 0.0. */
    private static boolean hasMathFunctions(D1Client client) {
        try {
            return client.raw("SELECT atan2(0, -1) > 3", List.of()).rows().get(0).get(0).asInt() == 1;
        } catch (D1ApiException e) {
            if (e.status() == 400 || e.status() == 200) {
                return false;
            }
            throw e;
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
