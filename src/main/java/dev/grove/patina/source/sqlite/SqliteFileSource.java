package dev.grove.patina.source.sqlite;

import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.SourceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * A SQLite database file, read through one read-only connection. A snapshot is one read transaction: in WAL
 * mode writers keep committing meanwhile and the dump reflects the state at its start.
 */
public final class SqliteFileSource implements DatabaseSource {
    private final String name;
    private final Path file;
    private final boolean pageReader;

    public SqliteFileSource(String name, Path file) {
        this(name, file, false);
    }

    /**
     * @param pageReader read ordinary rowid tables' rows with the page reader (opt-in, ADR 0032) where the file's
     *                   bytes are provably the snapshot; otherwise through sqlite-jdbc
     */
    public SqliteFileSource(String name, Path file, boolean pageReader) {
        this.name = name;
        this.file = file;
        this.pageReader = pageReader;
    }

    @Override
    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    @Override
    public DumpSnapshot openSnapshot() {
        if (!Files.exists(file)) {
            throw new SourceException("database " + name + ": file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SourceException("database " + name + ": " + file + " is not a readable file");
        }
        Connection connection = null;
        try {
            connection = open(file, true);
            SqliteSnapshot snapshot = new SqliteSnapshot(connection);
            if (!pageReader) {
                return snapshot;
            }
            try {
                return PageReadingSnapshot.open(file, snapshot);
            } catch (Exception e) {
                closeQuietly(connection);
                throw new SourceException("database " + name + ": cannot open " + file + " for the page reader: "
                        + e.getMessage(), e);
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new SourceException("database " + name + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** What a connection test found: user tables, the file's size in bytes, the journal mode. */
    public record Probe(int tables, long bytes, String journalMode) {
    }

    /**
     * Opens the file read-only and reads how many tables it has and its journal mode: the settings' "Test
     * connection". Writes nothing and never creates the file.
     *
     * @throws SourceException naming the database and the file: missing, a folder, no permission, not SQLite
     */
    public Probe probe() {
        String what = "database " + name + ": ";
        if (!Files.exists(file)) {
            throw new SourceException(what + "file " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new SourceException(what + file + " is a folder, not a SQLite file");
        }
        if (!Files.isReadable(file)) {
            throw new SourceException(what + "no permission to read " + file);
        }
        try (Connection c = open(file, true);
             java.sql.Statement s = c.createStatement()) {
            int tables;
            try (java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
                r.next();
                tables = r.getInt(1);
            }
            String mode;
            try (java.sql.ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                mode = r.next() ? r.getString(1) : "unknown";
            }
            return new Probe(tables, Files.size(file), mode);
        } catch (SQLException e) {
            if (e.getErrorCode() == 26 || String.valueOf(e.getMessage()).contains("not a database")) {
                throw new SourceException(what + file + " is not a SQLite database", e);
            }
            throw new SourceException(what + "cannot read " + file + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new SourceException(what + "cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens a JDBC connection to {@code file}; read-only connections never create the file. */
    static Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(10_000);
        config.enableLoadExtension(false);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the open failure is what the operator needs to see
            }
        }
    }
}
