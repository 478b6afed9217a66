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

    public SqliteFileSource(String name, Path file) {
        this.name = name;
        this.file = file;
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
            return new SqliteSnapshot(connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new SourceException("database " + name + ": cannot read " + file + ": " + e.getMessage(), e);
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
