package dev.grove.patina.source.d1;

import dev.grove.patina.dump.DiffHeader;
import dev.grove.patina.dump.DumpException;
import dev.grove.patina.dump.DumpFooter;
import dev.grove.patina.dump.DumpInput;
import dev.grove.patina.dump.HostileStatementException;
import dev.grove.patina.dump.RestoreGuard;
import dev.grove.patina.dump.SqlStatement;
import dev.grove.patina.dump.SqlStatementReader;
import dev.grove.patina.dump.StatementInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Restores a dump into a Cloudflare D1 database through the import API — a plan first, then the import: {@link
 * #check} decompresses the dump and refuses, naming the statement, anything D1's engine refuses (BEGIN/COMMIT,
 * PRAGMAs other than the foreign-key ones, statements over 100,000 bytes, and {@link D1Refusals}: FTS3/FTS4 tables,
 * {@code _cf_} tables, {@code unistr()}, {@code sqlite_stat4}), hostile SQL, a damaged file and a differential
 * (ADR 0016: it loads only onto its full; D1 receives the combined dump instead, ADR 0023);
 * {@link #importInto} runs only with the database's name typed as confirmation.
 */
public final class D1Importer {
    /** D1's per-statement limit. */
    static final int MAX_STATEMENT_BYTES = 100_000;
    private static final Set<String> D1_PRAGMAS = Set.of("defer_foreign_keys", "foreign_keys");

    private final D1Client client;
    private final String database;
    private final Path workDir;
    private final RestoreGuard guard;

    /**
     * @param guard    refuses hostile SQL before anything is sent
     * @param database the configured D1 database's name: the confirmation an operator must type
     * @param workDir  where the decompressed file waits for upload (deleted by {@link PreparedImport#close()})
     */
    public D1Importer(D1Client client, RestoreGuard guard, String database, Path workDir) {
        this.client = client;
        this.guard = guard;
        this.database = database;
        this.workDir = workDir;
    }

    /** The checked, decompressed file ready to upload, and what it holds. Close it to delete the file. */
    public record PreparedImport(Path sqlFile, long statements, long bytes, List<String> tables) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(sqlFile);
            } catch (IOException ignored) {
                // a leftover d1-import-*.sql in the work folder holds no secret and is replaced next time
            }
        }
    }

    /**
     * Decompresses {@code dump} and checks every statement for D1; nothing is sent to Cloudflare.
     *
     * @throws DumpException naming the statement (number and line) D1 would refuse, or the damage
     */
    public PreparedImport check(Path dump) {
        Path sql = null;
        try {
            Files.createDirectories(workDir);
            sql = Files.createTempFile(workDir, "d1-import-", ".sql");
            // a weekly archive is named as such, with the command that extracts one member (DumpInput)
            try (InputStream in = DumpInput.open(dump, Files.newInputStream(dump))) {
                Files.copy(in, sql, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | DumpException e) {
            if (sql != null) {
                try {
                    Files.deleteIfExists(sql);
                } catch (IOException ignored) {
                    // best effort: the work folder's temp files are swept too
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot read dump " + dump + ": " + io.getMessage(), io);
            }
            throw (DumpException) e;
        }
        try {
            List<String> tables = new ArrayList<>();
            long count = 0;
            try (SqlStatementReader reader = new SqlStatementReader(Files.newInputStream(sql))) {
                SqlStatement st;
                while ((st = reader.next()) != null) {
                    count++;
                    if (count == 1 && DiffHeader.names(reader.headerJson())) {
                        throw new DumpException(differentialRefusal(dump));
                    }
                    StatementInfo info;
                    try {
                        info = guard.check(st);
                    } catch (HostileStatementException e) {
                        throw new DumpException(e.getMessage() + " (dump " + dump + ")");
                    }
                    String where = "statement " + st.number() + " (line " + st.line() + ")";
                    switch (info.kind()) {
                        case TRANSACTION_CONTROL -> throw new DumpException(where + ": D1 refuses "
                                + "BEGIN/COMMIT (it runs the file atomically) — this is a sqlite-dialect dump; "
                                + "write one with `patina dump --dialect d1`");
                        case PRAGMA -> {
                            if (!D1_PRAGMAS.contains(info.pragmaName())) {
                                throw new DumpException(where + ": D1 refuses PRAGMA "
                                        + info.pragmaName() + " — a d1-dialect Patina dump keeps it in its header");
                            }
                        }
                        case CREATE_TABLE, CREATE_VIRTUAL_TABLE -> tables.add(info.table());
                        default -> { }
                    }
                    String refused = D1Refusals.refusal(st.sql(), info);
                    if (refused != null) {
                        throw new DumpException(where + ": " + refused);
                    }
                    int size = st.sql().getBytes(StandardCharsets.UTF_8).length;
                    if (size > MAX_STATEMENT_BYTES) {
                        throw new DumpException(where + " is " + size + " bytes; D1 takes at most "
                                + MAX_STATEMENT_BYTES + " — re-dump with Patina, which splits large rows");
                    }
                }
                if (DiffHeader.names(reader.headerJson())) {
                    throw new DumpException(differentialRefusal(dump));
                }
                if (reader.footerJson() != null) {
                    DumpFooter footer = DumpFooter.parse(reader.footerJson());
                    String actual = HexFormat.of().formatHex(reader.sha256BeforeFooter());
                    if (!actual.equals(footer.sha256())) {
                        throw new DumpException("dump " + dump + " is damaged: its SHA-256 is " + actual
                                + " but its footer says " + footer.sha256() + " — import refused");
                    }
                } else if (reader.headerJson() != null) {
                    throw new DumpException("dump " + dump + " has a Patina header but no footer: the "
                            + "file is truncated — import refused");
                }
            }
            return new PreparedImport(sql, count, Files.size(sql), List.copyOf(tables));
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(sql);
            } catch (IOException ignored) {
                // best effort
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot read dump " + dump + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Why a differential (ADR 0016) is never imported alone, and what to import instead. */
    private static String differentialRefusal(Path dump) {
        return "dump " + dump + " is a Patina differential (" + DiffHeader.FORMAT + "): it holds only the changes "
                + "since its full and loads only onto it — import refused. Import the day combined: patina import-d1 "
                + "--date DATE --db NAME, or write it with patina download DATE DB --combined -o FILE";
    }

    /**
     * Imports the checked file into the D1 database. D1 blocks the database while it imports and runs the file
     * atomically; tables that already exist there make the import fail as a whole (nothing is changed then).
     *
     * @param confirmation must equal the configured database name, typed by the operator
     * @throws IllegalArgumentException when the confirmation does not match; D1ApiException when D1 fails it
     */
    public D1Client.ImportResult importInto(PreparedImport check, String confirmation, Duration pollEvery,
                                            Consumer<String> progress) {
        if (!database.equals(confirmation)) {
            throw new IllegalArgumentException("importing into D1 database " + database + " needs its name typed as "
                    + "confirmation (got '" + confirmation + "'): the import blocks the database while it runs and "
                    + "cannot be undone except with D1 Time Travel");
        }
        return client.importFile(check.sqlFile(), pollEvery, progress);
    }
}
