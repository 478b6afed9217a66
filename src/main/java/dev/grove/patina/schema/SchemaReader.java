package dev.grove.patina.schema;

import dev.grove.patina.dump.DumpFooter;
import dev.grove.patina.dump.DumpInput;
import dev.grove.patina.dump.HostileStatementException;
import dev.grove.patina.dump.RestoreGuard;
import dev.grove.patina.dump.SqlStatement;
import dev.grove.patina.dump.SqlStatementReader;
import dev.grove.patina.dump.StatementInfo;
import dev.grove.patina.dump.StatementKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * Reads a database's schema without restoring its data: from a Patina dump (streamed; only the CREATE statements
 * are kept, loaded into an in-memory SQLite) or from a live SQLite file opened read-only. What is compared is what
 * SQLite itself reports ({@link SchemaCatalogQueries}), never the SQL text.
 */
public final class SchemaReader {
    private static final Set<StatementKind> SCHEMA_KINDS = EnumSet.of(StatementKind.CREATE_TABLE,
            StatementKind.CREATE_VIRTUAL_TABLE, StatementKind.CREATE_INDEX, StatementKind.CREATE_VIEW,
            StatementKind.CREATE_TRIGGER);
    private static final Pattern MODULE = Pattern.compile("(?is)\\bUSING\\s+([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern VIRTUAL_NAME = Pattern.compile(
            "(?is)^\\s*CREATE\\s+VIRTUAL\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\"(?:[^\"]|\"\")*\"|\\[[^\\]]*]|`[^`]*`|[^\\s(]+)");

    /** Reads the schema held by dump {@code file} (plain, gzip, zstd or a weekly tar.gz) and its footer's counts. */
    public DatabaseSchema fromDump(String database, Path file) {
        String what = "dump " + file.getFileName();
        try (InputStream in = DumpInput.open(file, Files.newInputStream(file))) {
            return read(database, what, in, null);
        } catch (IOException e) {
            throw new SchemaReadException("cannot read the schema of " + database + " from " + what + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads the schema a backup recorded in the catalog at backup time (its CREATE statements as the dump holds
     * them), with {@code rowCounts} (the dump's footer counts) as each table's rows: no dump is read.
     *
     * @param what names the backup in messages ("backup daily/2026-12-01/shop.sql.zst")
     */
    public DatabaseSchema fromStatements(String database, String what, java.util.List<String> statements,
                                         Map<String, Long> rowCounts) {
        byte[] sql = String.join("\n", statements).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            return read(database, what, new java.io.ByteArrayInputStream(sql), rowCounts);
        } catch (IOException e) {
            throw new SchemaReadException("cannot read the recorded schema of " + database + " (" + what + "): "
                    + e.getMessage(), e);
        }
    }

    private DatabaseSchema read(String database, String what, InputStream in, Map<String, Long> counts)
            throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             SqlStatementReader reader = new SqlStatementReader(in)) {
            RestoreGuard guard = new RestoreGuard();
            Map<String, TableSchema> unloadable = new HashMap<>();
            SqlStatement st;
            while ((st = reader.next()) != null) {
                StatementInfo info;
                try {
                    info = guard.check(st);
                } catch (HostileStatementException e) {
                    if (!VIRTUAL_NAME.matcher(st.sql()).find()) {
                        throw new SchemaReadException(what + " of " + database + ": " + e.getMessage(), e);
                    }
                    // a module restore refuses: record it from its text, never load it
                    TableSchema t = unloadableVirtual(st.sql());
                    unloadable.put(t.name().toLowerCase(Locale.ROOT), t);
                    continue;
                }
                if (!SCHEMA_KINDS.contains(info.kind())) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.execute(st.sql());
                } catch (SQLException e) {
                    if (info.kind() != StatementKind.CREATE_VIRTUAL_TABLE) {
                        throw new SchemaReadException(what + " of " + database + ": statement " + st.number()
                                + " (line " + st.line() + ") does not load: " + e.getMessage(), e);
                    }
                    TableSchema t = unloadableVirtual(st.sql());
                    unloadable.put(t.name().toLowerCase(Locale.ROOT), t);
                }
            }
            Map<String, Long> rows = new HashMap<>();
            if (counts != null) {
                counts.forEach((k, v) -> rows.put(k.toLowerCase(Locale.ROOT), v));
            } else if (reader.footerJson() != null) {
                DumpFooter.parse(reader.footerJson()).tables()
                        .forEach((k, v) -> rows.put(k.toLowerCase(Locale.ROOT), v));
            }
            DatabaseSchema read = new SchemaCatalogQueries(c).read(database, unloadable);
            Map<String, TableSchema> tables = new HashMap<>();
            read.tables().forEach((k, t) -> tables.put(k, t.withRows(rows.get(k))));
            return new DatabaseSchema(database, tables, read.indexes(), read.triggers(), read.views());
        } catch (SQLException e) {
            throw new SchemaReadException("cannot read the schema of " + database + " from " + what + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads the schema of the live SQLite file {@code db}, opened read-only, with each table's row count. */
    public DatabaseSchema fromLive(String database, Path db) {
        if (!Files.isRegularFile(db)) {
            throw new SchemaReadException("live database " + database + ": " + db + " is not a file");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            return new SchemaCatalogQueries(c).readWithCounts(database);
        } catch (SQLException e) {
            throw new SchemaReadException("cannot read the schema of live database " + database + ": "
                    + e.getMessage(), e);
        }
    }

    static TableSchema unloadableVirtual(String sql) {
        Matcher n = VIRTUAL_NAME.matcher(sql);
        String name = n.find() ? unquote(n.group(1)) : "?";
        Matcher m = MODULE.matcher(sql);
        String module = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "?";
        return new TableSchema(name, java.util.List.of(), java.util.List.of(), false, false, module, sql.strip(), null);
    }

    private static String unquote(String id) {
        if (id.length() >= 2 && (id.startsWith("\"") || id.startsWith("[") || id.startsWith("`"))) {
            return id.substring(1, id.length() - 1).replace("\"\"", "\"");
        }
        return id;
    }
}
