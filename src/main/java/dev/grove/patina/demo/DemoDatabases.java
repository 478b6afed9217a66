package dev.grove.patina.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * Builds realistic sample SQLite databases for the demo workspace, so Patina can be tried without any database or
 * cloud account of one's own. Deterministic: the same seed gives the same file content.
 */
public final class DemoDatabases {
    private static final String[] FIRST = {"Ada", "Björn", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gonçalo", "Hana",
        "Ivan", "Jürgen", "Kwame", "Léa", "Mateo", "Noor", "O'Brien", "Priya", "Quentin", "Rūta", "Søren", "Tomás"};
    private static final String[] LAST = {"Lovelace", "Øster", "Dupont", "Ivanov", "Kim", "Haddad", "Silva",
        "Tanaka", "Petrov", "Müller", "Mensah", "Martin", "García", "Khan", "O'Neil", "Patel", "Leroy", "Kazlauskė"};
    private static final String[] PRODUCTS = {"Teapot", "Mug", "Kettle", "Tea towel", "Strainer", "Tin caddy",
        "Cosy", "Saucer", "Infuser", "Tray"};
    private static final String[] WORDS = ("patina forms slowly on copper and bronze as the metal meets air and rain "
            + "a careful owner keeps the surface clean and records every change in a ledger so nothing is lost")
            .split(" ");

    private DemoDatabases() {
    }

    /**
     * Creates a shop database at {@code file} (which must not exist): customers with non-Latin names, products with
     * small image blobs, orders and order items with foreign keys, an AUTOINCREMENT audit log filled by a trigger,
     * a view, an FTS5 table of review texts and {@code user_version = 3}.
     */
    public static void createShop(Path file, int customers, long seed) throws SQLException {
        if (Files.exists(file)) {
            throw new IllegalArgumentException("demo database " + file + " already exists");
        }
        Random rnd = new Random(seed);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA user_version=3");
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, "
                    + "country TEXT, created_at TEXT NOT NULL, vip INTEGER NOT NULL DEFAULT 0)");
            s.execute("CREATE TABLE products (sku TEXT PRIMARY KEY, title TEXT NOT NULL, price_cents INTEGER NOT NULL,"
                    + " weight_kg REAL, image BLOB) WITHOUT ROWID");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES "
                    + "customers(id), placed_at TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN "
                    + "('open','paid','shipped','cancelled')), note TEXT)");
            s.execute("CREATE TABLE order_items (order_id INTEGER NOT NULL REFERENCES orders(id), sku TEXT NOT NULL "
                    + "REFERENCES products(sku), qty INTEGER NOT NULL, unit_cents INTEGER NOT NULL, "
                    + "total_cents INTEGER GENERATED ALWAYS AS (qty * unit_cents) STORED, PRIMARY KEY (order_id, sku))");
            s.execute("CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, what TEXT)");
            s.execute("CREATE VIRTUAL TABLE reviews USING fts5(sku, body)");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO products VALUES (?,?,?,?,?)")) {
                for (int i = 0; i < PRODUCTS.length; i++) {
                    byte[] image = new byte[256 + rnd.nextInt(1024)];
                    rnd.nextBytes(image);
                    p.setString(1, String.format("SKU-%03d", i));
                    p.setString(2, PRODUCTS[i]);
                    p.setLong(3, 299 + rnd.nextInt(5000));
                    p.setDouble(4, Math.round(rnd.nextDouble() * 2000) / 1000.0);
                    p.setBytes(5, image);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement cu = c.prepareStatement("INSERT INTO customers VALUES (?,?,?,?,?,?)");
                 PreparedStatement or = c.prepareStatement("INSERT INTO orders VALUES (?,?,?,?,?)");
                 PreparedStatement it = c.prepareStatement(
                         "INSERT OR IGNORE INTO order_items (order_id, sku, qty, unit_cents) VALUES (?,?,?,?)");
                 PreparedStatement rv = c.prepareStatement("INSERT INTO reviews (sku, body) VALUES (?,?)")) {
                long orderId = 0;
                String[] countries = {"DE", "FR", "JP", "BR", "GH", "IN", "LT", "US", "KR", "PT"};
                String[] statuses = {"open", "paid", "shipped", "cancelled"};
                for (int i = 1; i <= customers; i++) {
                    String first = FIRST[rnd.nextInt(FIRST.length)];
                    String last = LAST[rnd.nextInt(LAST.length)];
                    cu.setLong(1, i);
                    cu.setString(2, first + " " + last);
                    cu.setString(3, "customer" + i + "@example.com");
                    cu.setString(4, countries[rnd.nextInt(countries.length)]);
                    cu.setString(5, String.format("2026-%02d-%02dT%02d:%02d:00Z", 1 + rnd.nextInt(11),
                            1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60)));
                    cu.setInt(6, rnd.nextInt(10) == 0 ? 1 : 0);
                    cu.addBatch();
                    int orders = rnd.nextInt(4);
                    for (int o = 0; o < orders; o++) {
                        orderId++;
                        or.setLong(1, orderId);
                        or.setLong(2, i);
                        or.setString(3, String.format("2026-11-%02dT%02d:%02d:00Z", 1 + rnd.nextInt(27),
                                rnd.nextInt(24), rnd.nextInt(60)));
                        or.setString(4, statuses[rnd.nextInt(statuses.length)]);
                        or.setString(5, rnd.nextInt(5) == 0 ? "Leave at the door;\nring twice — \"thanks\"" : null);
                        or.addBatch();
                        for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
                            it.setLong(1, orderId);
                            it.setString(2, String.format("SKU-%03d", rnd.nextInt(PRODUCTS.length)));
                            it.setInt(3, 1 + rnd.nextInt(4));
                            it.setLong(4, 299 + rnd.nextInt(5000));
                            it.addBatch();
                        }
                    }
                    if (rnd.nextInt(3) == 0) {
                        StringBuilder body = new StringBuilder();
                        for (int w = 0; w < 12 + rnd.nextInt(20); w++) {
                            body.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
                        }
                        rv.setString(1, String.format("SKU-%03d", rnd.nextInt(PRODUCTS.length)));
                        rv.setString(2, body.toString().trim());
                        rv.addBatch();
                    }
                }
                cu.executeBatch();
                or.executeBatch();
                it.executeBatch();
                rv.executeBatch();
            }
            s.execute("INSERT INTO audit_log (at, what) SELECT placed_at, 'order ' || id || ' placed' FROM orders");
            s.execute("DELETE FROM audit_log WHERE id % 10 = 0");
            s.execute("CREATE INDEX orders_by_customer ON orders(customer_id, placed_at)");
            s.execute("CREATE INDEX open_orders ON orders(placed_at) WHERE status = 'open'");
            s.execute("CREATE VIEW customer_totals AS SELECT c.id, c.name, count(DISTINCT o.id) AS orders, "
                    + "coalesce(sum(i.total_cents), 0) AS spent_cents FROM customers c LEFT JOIN orders o ON "
                    + "o.customer_id = c.id LEFT JOIN order_items i ON i.order_id = o.id GROUP BY c.id");
            s.execute("CREATE TRIGGER orders_audit AFTER INSERT ON orders BEGIN INSERT INTO audit_log (at, what) "
                    + "VALUES (new.placed_at, 'order ' || new.id || ' placed'); END");
            c.commit();
        }
    }
}
