package dev.grove.patina.source.sqlite;

import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.source.DatabaseSourceContract;
import java.nio.file.Files;
import java.nio.file.Path;

/** The SQLite file source passes the source contract, reading the file directly. */
class SqliteFileSourceContractTest extends DatabaseSourceContract {
    @Override
    protected DatabaseSource sourceOver(String name, Path sqliteFile) {
        return new SqliteFileSource(name, sqliteFile);
    }

    @Override
    protected boolean readsHeaderPragmas() {
        return true;
    }

    @Override
    protected DatabaseSource missingSource(String name) {
        return new SqliteFileSource(name, dir.resolve("no-such-file.sqlite"));
    }

    @Override
    protected DatabaseSource unreadableSource(String name) throws Exception {
        Path notSqlite = Files.writeString(dir.resolve("notes.sqlite"), "these are notes, not a SQLite database\n"
                .repeat(200));
        return new SqliteFileSource(name, notSqlite);
    }
}
