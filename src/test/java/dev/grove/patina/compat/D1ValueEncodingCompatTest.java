package dev.grove.patina.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.dump.RowCursor;
import dev.grove.patina.dump.TableShape;
import dev.grove.patina.source.d1.D1Settings;
import dev.grove.patina.source.d1.D1Source;
import dev.grove.patina.source.d1.RateLimiter;
import dev.grove.patina.util.Secret;
import dev.grove.patina.util.Sleeper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query mode's value encoding (plain where D1's JSON keeps a value, tagged where not, damaged TEXT re-read as hex)
 * on D1's own engine through the REST shapes: the values that sit on its edges come back exact — typeof and bytes
 * or bits — against the SQLite file the engine keeps.
 */
@Tag("compat")
class D1ValueEncodingCompatTest {
    private static final String TOKEN = "encoding-test-token-7e21";

    private static final List<String> VALUES = List.of(
            "9007199254740991", "-9007199254740991", "9007199254740992", "-9007199254740992", "9007199254740993",
            "9223372036854775807", "-9223372036854775808", "0", "42",
            "5.0", "-5.0", "0.0", "-0.0", "0.1", "9007199254740992.0", "-9007199254740992.0", "9007199254740994.0",
            "1e20", "1e21", "1.2345678901234567e19", "4.9e-324", "1.7976931348623157e308", "9e999", "-9e999",
            "'plain'", "'i123'", "''", "'é ☃ 😀'", "char(1) || 'i5'", "char(1)", "'a' || char(0) || 'b'",
            "'genuine ' || char(65533)", "CAST(X'C328FF' AS TEXT)", "CAST(X'EDA080' AS TEXT)",
            "CAST(X'C080' AS TEXT)", "CAST(X'F09F9880' AS TEXT)", "X''", "X'00FF'", "NULL");

    @Test
    void valuesOnTheEncodingsEdgesComeBackExactFromTheRealEngine(@TempDir Path dir) throws Exception {
        CompatTools tools = CompatTools.load();
        LocalD1 d1 = new LocalD1(tools, dir.resolve("enc"), "enc");
        StringBuilder sql = new StringBuilder("CREATE TABLE ev (id INTEGER PRIMARY KEY, v);\n");
        for (int i = 0; i < VALUES.size(); i++) {
            sql.append("INSERT INTO ev VALUES (").append(i + 1).append(", ").append(VALUES.get(i)).append(");\n");
        }
        LocalD1.Result loaded = d1.executeFile(Files.writeString(dir.resolve("ev.sql"), sql));
        assertTrue(loaded.ok(), loaded.output());
        Map<Long, String> held = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + d1.sqliteFile());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, typeof(v), v, hex(v) FROM ev")) {
            while (rs.next()) {
                held.put(rs.getLong(1), switch (rs.getString(2)) {
                    case "null" -> "null";
                    case "integer" -> "integer " + rs.getLong(3);
                    case "real" -> "real " + Long.toHexString(Double.doubleToRawLongBits(rs.getDouble(3)));
                    default -> rs.getString(2) + " " + rs.getString(4);
                });
            }
        }
        assertEquals(VALUES.size(), held.size());
        Map<Long, String> read = new TreeMap<>();
        try (LocalD1Rest rest = LocalD1Rest.start(tools, d1, TOKEN, 0, 1)) {
            D1DatabaseConfig config = new D1DatabaseConfig("enc", LocalD1Rest.ACCOUNT_ID, LocalD1.DATABASE_ID,
                    new Secret(TOKEN, "env:CF_TOKEN"), rest.apiBase(), D1DatabaseConfig.MODE_QUERY);
            try (var snapshot = D1Source.create(config, RateLimiter.cloudflareDefault(Clock.systemUTC(),
                    Sleeper.system()), D1Settings.defaults(), Clock.systemUTC(), new Restorer(Clock.systemUTC()))
                    .openSnapshot()) {
                TableShape shape = snapshot.describe("ev");
                HexFormat hex = HexFormat.of().withUpperCase();
                try (RowCursor rows = snapshot.rows(shape)) {
                    while (rows.next()) {
                        read.put(rows.getLong(0), switch (rows.type(1)) {
                            case NULL -> "null";
                            case INTEGER -> "integer " + rows.getLong(1);
                            case REAL -> "real " + Long.toHexString(Double.doubleToRawLongBits(rows.getDouble(1)));
                            case TEXT -> "text " + hex.formatHex(rows.getTextBytes(1));
                            case BLOB -> "blob " + hex.formatHex(rows.getBlob(1));
                        });
                    }
                }
            }
        }
        assertEquals(held, read, "query mode reads every edge value exactly from D1's engine");
        assertTrue(held.containsValue("text " + HexFormat.of().withUpperCase().formatHex(
                "a\0b".getBytes(StandardCharsets.UTF_8))), "NUL inside TEXT is held as such");
    }
}
