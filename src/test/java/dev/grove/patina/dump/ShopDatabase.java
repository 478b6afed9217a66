package dev.grove.patina.dump;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * A small shop database with every kind of table a differential must handle — AUTOINCREMENT, a hidden rowid, a
 * WITHOUT ROWID table with a NOCASE key, a table whose rowid every column name hides, FTS5, triggers, ON DELETE
 * CASCADE and SET NULL children, a big blob — and one night's changes to it (ADR 0016).
 */
public final class ShopDatabase {
    private static final String SCHEMA = """
            CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE NOT NULL, name TEXT,
                score REAL, photo BLOB);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id)
                ON DELETE CASCADE, total REAL, note TEXT);
            CREATE TABLE order_lines (order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL, sku TEXT, qty INTEGER);
            CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);
            CREATE TRIGGER customers_deleted AFTER DELETE ON customers BEGIN
                INSERT INTO audit (what) VALUES ('deleted ' || old.id); END;
            CREATE TRIGGER customers_inserted AFTER INSERT ON customers BEGIN
                INSERT INTO audit (what) VALUES ('inserted ' || new.id); END;
            CREATE TRIGGER customers_updated AFTER UPDATE ON customers BEGIN
                INSERT INTO audit (what) VALUES ('updated ' || new.id); END;
            CREATE TABLE tags (name TEXT COLLATE NOCASE, lang TEXT, weight INTEGER, PRIMARY KEY (name, lang))
                WITHOUT ROWID;
            CREATE TABLE settings (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
            CREATE TABLE odd (rowid TEXT, _rowid_ TEXT, oid TEXT, val);
            CREATE VIRTUAL TABLE docs USING fts5 (title, body);
            CREATE INDEX orders_by_customer ON orders (customer_id);
            CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
            """;

    /** Creates the shop at {@code source} and returns it. */
    public static Path create(Path source) throws Exception {
        exec(source, SCHEMA);
        try (Connection c = connect(source)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO customers (email, name, score, photo) VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= 300; i++) {
                    ps.setString(1, "c" + i + "@example.com");
                    ps.setString(2, "Customer " + i);
                    ps.setDouble(3, i / 7.0);
                    ps.setBytes(4, i == 5 ? bytes(300_000, 5) : new byte[] {(byte) i});
                    ps.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO orders (customer_id, total, note) SELECT id, id * 1.5, 'n' || id FROM customers");
                s.execute("INSERT INTO order_lines SELECT id, 'sku-' || id, id % 5 FROM orders");
                s.execute("INSERT INTO tags VALUES ('Red', 'en', 1), ('Blue', 'en', 2), ('Rot', 'de', 3), "
                        + "('Green', 'en', 4)");
                s.execute("INSERT INTO settings VALUES ('mode', 1), ('name', 'shop'), ('pi', 3.14)");
                s.execute("INSERT INTO odd VALUES ('a', 'b', 'c', 1), ('d', 'e', 'f', 2)");
                s.execute("INSERT INTO docs VALUES ('first', 'the quick brown fox'), ('second', 'lazy dogs')");
            }
            c.commit();
        }
        return source;
    }

    /** A night's changes, made with foreign keys on and the triggers firing, as an application would. */
    public static void mutate(Path source) throws Exception {
        try (Connection c = connect(source); Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            c.setAutoCommit(false);
            s.execute("UPDATE customers SET name = 'Customer X' WHERE id = 1");              // same length
            s.execute("UPDATE customers SET email = 'tmp' WHERE id = 2");                     // a swap of
            s.execute("UPDATE customers SET email = 'c2@example.com' WHERE id = 6");          //   unique values
            s.execute("UPDATE customers SET email = 'c6@example.com' WHERE id = 2");
            s.execute("DELETE FROM customers WHERE id = 4");                                  // cascades to orders
            s.execute("DELETE FROM customers WHERE id = 7");
            s.execute("DELETE FROM customers WHERE id = 3");                                  // delete, then
            s.execute("INSERT INTO customers (id, email, name, score) VALUES (3, 'new3@example.com', 'Third', 0.1)");
            try (PreparedStatement ps = c.prepareStatement("UPDATE customers SET photo = ? WHERE id = 5")) {
                ps.setBytes(1, bytes(300_000, 6));                                           // a big blob
                ps.executeUpdate();
            }
            s.execute("INSERT INTO customers (email, name, score) VALUES ('c301@example.com', 'Customer 301', 1e-300)");
            s.execute("INSERT INTO customers (email, name, score) VALUES ('c302@example.com', 'Customer 302', -0.0)");
            s.execute("DELETE FROM customers WHERE id = 302");
            s.execute("INSERT INTO customers (email, name, score) VALUES ('c303@example.com', 'Customer 303', 2.5)");
            s.execute("UPDATE order_lines SET qty = qty + 1 WHERE rowid % 50 = 0");
            s.execute("DELETE FROM order_lines WHERE rowid = 10");
            s.execute("INSERT INTO order_lines VALUES (NULL, 'loose', 1)");
            s.execute("UPDATE tags SET name = 'RED' WHERE name = 'red' AND lang = 'en'");    // same key, other bytes
            s.execute("UPDATE tags SET lang = 'fr' WHERE name = 'Blue'");                     // a key change
            s.execute("DELETE FROM tags WHERE name = 'Green'");
            s.execute("INSERT INTO tags VALUES ('Gelb', 'de', 9)");
            s.execute("UPDATE settings SET v = '1' WHERE k = 'mode'");                        // 1 → '1'
            s.execute("UPDATE odd SET val = 3 WHERE val = 2");
            s.execute("INSERT INTO docs VALUES ('third', 'a brown cow')");
            s.execute("DELETE FROM docs WHERE title = 'second'");
            s.execute("PRAGMA user_version = 7");
            c.commit();
        }
    }

    /** Runs {@code sql} (one or more statements) on {@code db}. */
    public static void exec(Path db, String sql) throws Exception {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.executeUpdate(sql); // sqlite-jdbc runs every statement of the text
        }
    }

    private static Connection connect(Path db) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    private ShopDatabase() {
    }
}
