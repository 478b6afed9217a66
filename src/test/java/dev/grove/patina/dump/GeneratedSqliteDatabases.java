package dev.grove.patina.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The page reader's database generator (ADR 0032), shared by its differential harness
 * ({@link PageReaderDifferentialTest}) and the compatibility suite's shell check of the page reader's dump: random
 * schemas (INTEGER PRIMARY KEY aliases, hidden rowids, non-alias keys, WITHOUT ROWID, columns named rowid/oid),
 * random values (big TEXT and BLOBs through overflow chains, empty strings, NULLs, extreme integers and reals, -0.0,
 * invalid UTF-8, NUL inside TEXT), every page size 512–65536, reserved bytes per page, auto_vacuum
 * none/full/incremental, ALTER TABLE ADD COLUMN defaults, deleted rows, indexes.
 */
public final class GeneratedSqliteDatabases {
    private static final int[] PAGE_SIZES = {512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};
    private static final String[] TYPES = {"INTEGER", "INT", "TEXT", "REAL", "FLOAT", "DOUBLE PRECISION", "BLOB",
        "NUMERIC", "", "VARCHAR(10)", "BOOLEAN", "DECIMAL(10,2)", "FLOATING POINT", "ANY"};
    private static final String[] NAMES = {"a", "b", "name", "value", "x y", "Ünï", "q\"uote", "rowid", "oid",
        "data", "n", "when", "_rowid_", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"};

    /** What a generated database turned out to be: its page size, reserved bytes, auto_vacuum and big values. */
    public record Generated(int pageSize, int reserved, int autoVacuum, int bigValues) {
    }

    /**
     * A shape asked of {@link #generate(Path, Random, Shape)}: a page size, an auto_vacuum mode (0 none, 1 full, 2
     * incremental), and whether the first table is WITHOUT ROWID and holds values that spill to overflow pages.
     */
    public record Shape(int pageSize, int autoVacuum, boolean withoutRowidFirst, boolean overflowFirst) {
    }

    /** A random database: page size, reserved bytes, auto_vacuum, tables and values all drawn from {@code rnd}. */
    public static Generated generate(Path db, Random rnd) throws Exception {
        int pageSize = PAGE_SIZES[rnd.nextInt(PAGE_SIZES.length)];
        int reserved = rnd.nextInt(3) == 0 ? new int[] {1, 8, 32, 64}[rnd.nextInt(4)] : 0;
        int autoVacuum = rnd.nextInt(3);
        return generate(db, rnd, pageSize, reserved, autoVacuum, null);
    }

    /**
     * A random database of the given shape (no reserved bytes); a first table of its own, {@code "shaped"}, is
     * WITHOUT ROWID and/or holds a BLOB and a TEXT of several pages each when the shape asks, the other tables are
     * drawn from {@code rnd}.
     */
    public static Generated generate(Path db, Random rnd, Shape shape) throws Exception {
        return generate(db, rnd, shape.pageSize(), 0, shape.autoVacuum(), shape);
    }

    private static Generated generate(Path db, Random rnd, int pageSize, int reserved, int autoVacuum, Shape shape)
            throws Exception {
        if (reserved > 0) {
            writeEmptyDatabase(db, pageSize, reserved);
        }
        int[] big = {0};
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size=" + pageSize);
            s.execute("PRAGMA auto_vacuum=" + autoVacuum);
            s.execute("VACUUM");
            if (rnd.nextInt(4) == 0) {
                s.execute("PRAGMA journal_mode=WAL"); // checkpointed and its -wal file removed when closed
            }
            if (shape != null && (shape.withoutRowidFirst() || shape.overflowFirst())) {
                shaped(c, s, shape, rnd, pageSize, big);
            }
            int tables = 1 + rnd.nextInt(4);
            for (int t = 0; t < tables; t++) {
                table(c, s, "t" + t + (rnd.nextInt(4) == 0 ? " odd\"name" : ""), rnd, pageSize, big);
            }
        }
        byte[] header = new byte[100];
        try (var ch = java.nio.channels.FileChannel.open(db)) {
            ch.read(ByteBuffer.wrap(header), 0);
        }
        int realPageSize = ((header[16] & 0xFF) << 8 | (header[17] & 0xFF));
        return new Generated(realPageSize == 1 ? 65536 : realPageSize, header[20] & 0xFF, autoVacuum, big[0]);
    }

    /** The shape's own table: WITHOUT ROWID (a text key) or a rowid table, with values of several pages if asked. */
    private static void shaped(Connection c, Statement s, Shape shape, Random rnd, int pageSize, int[] big)
            throws SQLException {
        s.execute("CREATE TABLE shaped (k TEXT PRIMARY KEY, n INTEGER, r REAL, t TEXT, b BLOB)"
                + (shape.withoutRowidFirst() ? " WITHOUT ROWID" : ""));
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shaped VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 40; i++) {
                ps.setString(1, "key " + i + " " + randomText(rnd, rnd.nextInt(12)));
                ps.setLong(2, rnd.nextLong() >> rnd.nextInt(64));
                ps.setDouble(3, rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
                boolean spill = shape.overflowFirst() && i % 4 == 0;
                if (spill) {
                    big[0] += 2;
                }
                ps.setString(4, randomText(rnd, spill ? 3 * pageSize + rnd.nextInt(20_000) : rnd.nextInt(30)));
                ps.setBytes(5, randomBytes(rnd, spill ? 2 * pageSize + rnd.nextInt(40_000) : rnd.nextInt(30)));
                ps.executeUpdate();
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** An empty database file whose pages keep {@code reserved} bytes at their end (no pragma sets that). */
    private static void writeEmptyDatabase(Path db, int pageSize, int reserved) throws IOException {
        ByteBuffer p = ByteBuffer.allocate(pageSize);
        p.put("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII));
        p.putShort((short) (pageSize == 65536 ? 1 : pageSize));
        p.put((byte) 1).put((byte) 1).put((byte) reserved).put((byte) 64).put((byte) 32).put((byte) 32);
        p.putInt(24, 1); // file change counter
        p.putInt(28, 1); // pages
        p.putInt(44, 4); // schema format
        p.putInt(56, 1); // UTF-8
        p.putInt(92, 1); // version-valid-for
        p.putInt(96, 3_045_000);
        p.put(100, (byte) 0x0D); // an empty table leaf: sqlite_schema
        int contentStart = pageSize - reserved;
        p.putShort(105, (short) (contentStart == 65536 ? 0 : contentStart));
        Files.write(db, p.array());
    }

    private static void table(Connection c, Statement s, String name, Random rnd, int pageSize, int[] big)
            throws SQLException {
        int columns = 1 + rnd.nextInt(7);
        List<String> names = new ArrayList<>();
        while (names.size() < columns) {
            String n = NAMES[rnd.nextInt(NAMES.length)];
            if (names.stream().noneMatch(x -> x.equalsIgnoreCase(n))) {
                names.add(n);
            }
            if (names.containsAll(List.of("rowid", "oid", "_rowid_"))) {
                names.remove("oid"); // a table whose rowid is hidden by all three has no key: big rows fail
            }
        }
        int keyKind = rnd.nextInt(10); // 0-3 alias, 4 alias DESC (not an alias), 5 text key, 6 WITHOUT ROWID
        boolean autoincrement = keyKind <= 1 && rnd.nextBoolean();
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + SqlLiteral.quoteIdentifier(name) + " (");
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                ddl.append(", ");
            }
            ddl.append(SqlLiteral.quoteIdentifier(names.get(i)));
            if (i == 0 && keyKind <= 3) {
                ddl.append(" INTEGER PRIMARY KEY").append(autoincrement ? " AUTOINCREMENT" : "");
            } else if (i == 0 && keyKind == 4) {
                ddl.append(" INTEGER PRIMARY KEY DESC");
            } else if (i == 0 && (keyKind == 5 || keyKind == 6)) {
                ddl.append(" TEXT PRIMARY KEY");
            } else {
                String type = TYPES[rnd.nextInt(TYPES.length)];
                if (!type.isEmpty()) {
                    ddl.append(' ').append(type);
                }
            }
        }
        ddl.append(')').append(keyKind == 6 ? " WITHOUT ROWID" : "");
        s.execute(ddl.toString());
        String quoted = SqlLiteral.quoteIdentifier(name);
        int rows = rnd.nextInt(6) == 0 ? 0 : rnd.nextInt(rnd.nextBoolean() ? 40 : 600);
        insertRows(c, quoted, names, rows, rnd, pageSize, big, keyKind, autoincrement);
        if (rows > 0 && rnd.nextInt(3) == 0) {
            s.execute("DELETE FROM " + quoted + " WHERE abs(random()) % 4 = 0");
        }
        if (keyKind != 6 && rnd.nextInt(3) == 0) {
            String[] defaults = {"42", "-7", "'text default'", "x'beef00'", "1.5", "NULL", "-0.0", "''",
                "9223372036854775807", "'12'", "3.0"};
            String[] addedTypes = {"", " INTEGER", " REAL", " TEXT", " NUMERIC", " BLOB"};
            int added = 1 + rnd.nextInt(2);
            for (int k = 0; k < added; k++) {
                String col = "added" + k;
                s.execute("ALTER TABLE " + quoted + " ADD COLUMN " + col + addedTypes[rnd.nextInt(addedTypes.length)]
                        + " DEFAULT " + defaults[rnd.nextInt(defaults.length)]);
                names.add(col);
            }
            insertRows(c, quoted, names, rnd.nextInt(30), rnd, pageSize, big, keyKind,
                    autoincrement);
        }
        if (rnd.nextInt(8) == 0 && names.size() > 1) {
            s.execute("UPDATE OR IGNORE " + quoted + " SET " + SqlLiteral.quoteIdentifier(names.get(names.size() - 1))
                    + " = CAST(x'C328FF' AS TEXT) WHERE abs(random()) % 3 = 0");
        }
        if (rnd.nextInt(4) == 0 && names.size() > 1) {
            s.execute("CREATE INDEX " + SqlLiteral.quoteIdentifier("ix_" + name) + " ON " + quoted + " ("
                    + SqlLiteral.quoteIdentifier(names.get(1)) + ")");
        }
    }

    private static void insertRows(Connection c, String table, List<String> names, int rows, Random rnd,
                                   int pageSize, int[] big, int keyKind, boolean autoincrement)
            throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT OR IGNORE INTO " + table + " (");
        boolean explicitRowid = keyKind > 4 && keyKind != 6 && !names.contains("rowid") && rnd.nextInt(3) == 0;
        if (explicitRowid) {
            sql.append("rowid, ");
        }
        for (int i = 0; i < names.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(SqlLiteral.quoteIdentifier(names.get(i)));
        }
        sql.append(") VALUES (").append(explicitRowid ? "?, " : "");
        sql.append("?, ".repeat(names.size() - 1)).append("?)");
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int r = 0; r < rows; r++) {
                int p = 1;
                if (explicitRowid) {
                    ps.setLong(p++, randomKey(rnd));
                }
                for (int i = 0; i < names.size(); i++) {
                    if (i == 0 && keyKind <= 4) {
                        if (rnd.nextInt(3) == 0) {
                            // AUTOINCREMENT cannot go on after a key near the largest integer
                            ps.setLong(p++, autoincrement ? rnd.nextInt(1_000_000) : randomKey(rnd));
                        } else {
                            ps.setNull(p++, java.sql.Types.INTEGER);
                        }
                    } else if (i == 0 && keyKind <= 6) {
                        ps.setString(p++, "k" + rnd.nextInt(1_000_000));
                    } else {
                        bindRandom(ps, p++, rnd, pageSize, big);
                    }
                }
                ps.executeUpdate();
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static long randomKey(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> -1 - rnd.nextInt(1000);
            case 1 -> Long.MAX_VALUE - rnd.nextInt(1000);
            case 2 -> Long.MIN_VALUE + rnd.nextInt(1000);
            default -> rnd.nextInt(1_000_000);
        };
    }

    private static void bindRandom(PreparedStatement ps, int p, Random rnd, int pageSize, int[] big)
            throws SQLException {
        switch (rnd.nextInt(12)) {
            case 0 -> ps.setNull(p, java.sql.Types.NULL);
            case 1 -> ps.setLong(p, new long[] {0, 1, -1, 127, 128, -129, 32767, 8388608, 2147483648L,
                -140737488355328L, 140737488355328L, Long.MAX_VALUE, Long.MIN_VALUE}[rnd.nextInt(13)]);
            case 2 -> ps.setLong(p, rnd.nextLong() >> rnd.nextInt(64));
            case 3 -> ps.setDouble(p, new double[] {0.0, -0.0, 1.5, 3.0, -2.0, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.MIN_VALUE, 1e-300, 9.007199254740993e15, 1e20, 0.1}[rnd.nextInt(12)]);
            case 4 -> ps.setDouble(p, rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
            case 5 -> ps.setString(p, new String[] {"", "a", "it's", "héllo 😀", "12", "1.5", " 7 ", "0x10",
                "line\nbreak", "nul\0inside"}[rnd.nextInt(10)]);
            case 6, 7 -> ps.setString(p, randomText(rnd, rnd.nextInt(60)));
            case 8 -> ps.setBytes(p, randomBytes(rnd, rnd.nextInt(40)));
            case 9 -> ps.setBytes(p, new byte[0]);
            case 10 -> {
                if (rnd.nextInt(4) == 0) {
                    big[0]++;
                    int n = pageSize + rnd.nextInt(3 * pageSize + 20_000);
                    if (rnd.nextBoolean()) {
                        ps.setBytes(p, randomBytes(rnd, n));
                    } else {
                        ps.setString(p, randomText(rnd, n));
                    }
                } else {
                    ps.setString(p, randomText(rnd, rnd.nextInt(pageSize)));
                }
            }
            default -> ps.setInt(p, rnd.nextInt(100));
        }
    }

    private static String randomText(Random rnd, int n) {
        StringBuilder b = new StringBuilder(n);
        String alphabet = "abcdefghij KLMNOP'\"0123456789\té€😀\r\n,()";
        while (b.length() < n) {
            b.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                    rnd.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return b.toString();
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private GeneratedSqliteDatabases() {
    }
}
