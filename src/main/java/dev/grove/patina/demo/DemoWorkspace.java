package dev.grove.patina.demo;

import dev.grove.patina.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

/**
 * The embedded default: six realistic sample SQLite databases of different shapes, a local-folder store and a
 * config pointing at them, so Patina runs with no database or cloud account of one's own.
 */
public final class DemoWorkspace {
    /** The demo databases' names, as they appear in the config and in object keys. */
    public static final List<String> DATABASES = List.of("shop", "jobs", "accounts", "analytics", "inventory",
            "notes");

    private final Path root;

    public DemoWorkspace(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path databasesDir() {
        return root.resolve("databases");
    }

    public Path storeDir() {
        return root.resolve("store");
    }

    public Path configFile() {
        return root.resolve("patina.toml");
    }

    public Path catalogFile() {
        return root.resolve("catalog.sqlite");
    }

    public Path database(String name) {
        return databasesDir().resolve(name + ".sqlite");
    }

    /** Whether the workspace was created before (its config exists). */
    public boolean exists() {
        return Files.exists(configFile());
    }

    /**
     * Creates the six databases (skipping any that exist), the store folder, and the config file (unless it
     * exists), and returns the config text written or found.
     */
    public String create() throws IOException, SQLException {
        Files.createDirectories(databasesDir());
        Files.createDirectories(storeDir());
        long seed = 42;
        for (String name : DATABASES) {
            Path file = database(name);
            if (Files.exists(file)) {
                continue;
            }
            switch (name) {
                case "shop" -> DemoDatabases.createShop(file, 2000, seed);
                case "jobs" -> createJobs(file, seed);
                case "accounts" -> createAccounts(file, seed);
                case "analytics" -> createAnalytics(file, seed);
                case "inventory" -> createInventory(file, seed);
                default -> createNotes(file, seed);
            }
        }
        if (!Files.exists(configFile())) {
            AtomicFiles.write(configFile(), configText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return Files.readString(configFile());
    }

    /** The demo config: a local-folder store and the six databases, nightly at 02:00 UTC. */
    public String configText() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Patina demo workspace: sample databases backed up to a local folder.\n");
        sb.append("# Replace [store] with your R2 bucket and [[databases]] with your own (see docs/deployment.md).\n\n");
        sb.append("[store]\ntype = \"local\"\npath = ").append(toml(storeDir().toString())).append("\n\n");
        for (String name : DATABASES) {
            sb.append("[[databases]]\nname = \"").append(name).append("\"\ntype = \"sqlite\"\npath = ")
                    .append(toml(database(name).toString())).append("\n\n");
        }
        sb.append("[schedule]\nconcurrency = 3\nnightly = \"0 0 2 * * ?\"\nweekly = \"0 0 3 ? * SUN\"\n"
                + "timezone = \"UTC\"\n\n");
        sb.append("[retention]\ndaily_days = 7\nweekly_weeks = 12\n\n");
        sb.append("[compression]\ndaily = \"gzip\"\n\n");
        sb.append("[catalog]\npath = ").append(toml(catalogFile().toString())).append("\n");
        return sb.toString();
    }

    private static String toml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** A job queue in WAL mode: statuses, attempts, JSON payloads, timestamps. */
    static void createJobs(Path file, long seed) throws SQLException {
        Random rnd = new Random(seed + 1);
        String[] kinds = {"send-email", "resize-image", "sync-ledger", "export-report", "purge-cache"};
        String[] states = {"queued", "running", "done", "failed"};
        try (Connection c = open(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload TEXT "
                    + "NOT NULL, state TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0, "
                    + "run_at INTEGER NOT NULL, last_error TEXT)");
            s.execute("CREATE INDEX jobs_due ON jobs(state, run_at)");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO jobs (kind, payload, state, attempts, run_at, last_error) VALUES (?,?,?,?,?,?)")) {
                for (int i = 0; i < 5000; i++) {
                    String state = states[rnd.nextInt(states.length)];
                    p.setString(1, kinds[rnd.nextInt(kinds.length)]);
                    p.setString(2, "{\"id\":" + i + ",\"to\":\"user" + rnd.nextInt(900) + "@example.com\"}");
                    p.setString(3, state);
                    p.setInt(4, "failed".equals(state) ? 1 + rnd.nextInt(5) : rnd.nextInt(2));
                    p.setLong(5, 1_764_000_000L + rnd.nextInt(3_000_000));
                    p.setString(6, "failed".equals(state) ? "timeout after 30 s\nretrying" : null);
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    /** User accounts with avatar blobs, password hashes (binary) and a settings table without rowid. */
    static void createAccounts(Path file, long seed) throws SQLException {
        Random rnd = new Random(seed + 2);
        try (Connection c = open(file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, handle TEXT NOT NULL UNIQUE COLLATE NOCASE, "
                    + "display_name TEXT, password_hash BLOB NOT NULL, avatar BLOB, created_at TEXT NOT NULL)");
            s.execute("CREATE TABLE settings (user_id INTEGER NOT NULL REFERENCES users(id), key TEXT NOT NULL, "
                    + "value ANY, PRIMARY KEY (user_id, key)) WITHOUT ROWID, STRICT");
            c.setAutoCommit(false);
            try (PreparedStatement u = c.prepareStatement("INSERT INTO users VALUES (?,?,?,?,?,?)");
                 PreparedStatement st = c.prepareStatement("INSERT INTO settings VALUES (?,?,?)")) {
                String[] names = {"Ada", "Grace", "Linus", "Ken", "Barbara", "Edsger", "Margaret", "Dennis"};
                for (int i = 1; i <= 800; i++) {
                    byte[] hash = new byte[32];
                    rnd.nextBytes(hash);
                    byte[] avatar = rnd.nextInt(4) == 0 ? null : new byte[2048 + rnd.nextInt(6144)];
                    if (avatar != null) {
                        rnd.nextBytes(avatar);
                    }
                    u.setInt(1, i);
                    u.setString(2, names[i % names.length].toLowerCase() + i);
                    u.setString(3, names[i % names.length] + " #" + i);
                    u.setBytes(4, hash);
                    u.setBytes(5, avatar);
                    u.setString(6, "2026-0" + (1 + i % 9) + "-15T08:00:00Z");
                    u.addBatch();
                    st.setInt(1, i);
                    st.setString(2, "theme");
                    st.setString(3, i % 2 == 0 ? "dark" : "light");
                    st.addBatch();
                    st.setInt(1, i);
                    st.setString(2, "page_size");
                    st.setInt(3, 25 + i % 4 * 25);
                    st.addBatch();
                }
                u.executeBatch();
                st.executeBatch();
            }
            c.commit();
        }
    }

    /** Page-view analytics with REAL measures and an FTS5 index of search queries. */
    static void createAnalytics(Path file, long seed) throws SQLException {
        Random rnd = new Random(seed + 3);
        String[] pages = {"/", "/pricing", "/docs/restore", "/docs/deployment", "/blog/patina-1-0", "/login"};
        String[] words = {"restore", "backup", "d1", "r2", "bucket", "token", "schedule", "weekly", "retention",
            "wrangler", "sqlite", "export", "verify", "checksum"};
        try (Connection c = open(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 7");
            s.execute("CREATE TABLE page_views (id INTEGER PRIMARY KEY, path TEXT NOT NULL, ts INTEGER NOT NULL, "
                    + "duration_ms REAL, country TEXT)");
            s.execute("CREATE VIRTUAL TABLE searches USING fts5(query, tokenize = 'porter')");
            c.setAutoCommit(false);
            try (PreparedStatement v = c.prepareStatement("INSERT INTO page_views (path, ts, duration_ms, country) "
                    + "VALUES (?,?,?,?)");
                 PreparedStatement q = c.prepareStatement("INSERT INTO searches (query) VALUES (?)")) {
                for (int i = 0; i < 20_000; i++) {
                    v.setString(1, pages[rnd.nextInt(pages.length)]);
                    v.setLong(2, 1_764_000_000L + i * 37L);
                    v.setDouble(3, rnd.nextDouble() * 5000);
                    v.setString(4, rnd.nextInt(10) == 0 ? null : new String[] {"DE", "US", "JP", "BR"}[rnd.nextInt(4)]);
                    v.addBatch();
                    if (i % 10 == 0) {
                        q.setString(1, words[rnd.nextInt(words.length)] + " " + words[rnd.nextInt(words.length)]);
                        q.addBatch();
                    }
                }
                v.executeBatch();
                q.executeBatch();
            }
            s.execute("CREATE INDEX page_views_by_path ON page_views(path, ts)");
            c.commit();
        }
    }

    /** Stock levels with generated columns, a CHECK constraint and a trigger-maintained history. */
    static void createInventory(Path file, long seed) throws SQLException {
        Random rnd = new Random(seed + 4);
        try (Connection c = open(file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (sku TEXT PRIMARY KEY, name TEXT NOT NULL, on_hand INTEGER NOT NULL "
                    + "CHECK (on_hand >= 0), reserved INTEGER NOT NULL DEFAULT 0, available INTEGER GENERATED ALWAYS "
                    + "AS (on_hand - reserved) VIRTUAL, unit_price REAL NOT NULL, stock_value REAL GENERATED ALWAYS "
                    + "AS (on_hand * unit_price) STORED)");
            s.execute("CREATE TABLE stock_moves (id INTEGER PRIMARY KEY, sku TEXT NOT NULL REFERENCES items(sku), "
                    + "delta INTEGER NOT NULL, at TEXT NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO items (sku, name, on_hand, reserved, unit_price) VALUES (?,?,?,?,?)");
                 PreparedStatement m = c.prepareStatement("INSERT INTO stock_moves (sku, delta, at) VALUES (?,?,?)")) {
                for (int i = 0; i < 1500; i++) {
                    String sku = String.format("INV-%05d", i);
                    int onHand = rnd.nextInt(500);
                    p.setString(1, sku);
                    p.setString(2, "Part " + i + (i % 7 == 0 ? " — ½\" brass fitting" : ""));
                    p.setInt(3, onHand);
                    p.setInt(4, Math.min(onHand, rnd.nextInt(20)));
                    p.setDouble(5, Math.round(rnd.nextDouble() * 10000) / 100.0);
                    p.addBatch();
                    for (int k = 0; k < 3; k++) {
                        m.setString(1, sku);
                        m.setInt(2, rnd.nextInt(41) - 20);
                        m.setString(3, "2026-11-" + String.format("%02d", 1 + rnd.nextInt(27)));
                        m.addBatch();
                    }
                }
                p.executeBatch();
                m.executeBatch();
            }
            s.execute("CREATE TRIGGER moves_apply AFTER INSERT ON stock_moves BEGIN UPDATE items SET on_hand = "
                    + "max(0, on_hand + new.delta) WHERE sku = new.sku; END");
            c.commit();
        }
    }

    /** Notes in many scripts, with tags, a view and text holding quotes, newlines and emoji. */
    static void createNotes(Path file, long seed) throws SQLException {
        Random rnd = new Random(seed + 5);
        String[] lines = {"Ship the restore guide before Friday.", "Ça marche — très bien.", "会議は木曜日です。",
            "Проверить резервные копии", "Don't forget: \"verify\" weekly;\nthen rotate keys 🔑", "مرحبا بالعالم",
            "Ελέγξτε τα αντίγραφα ασφαλείας"};
        try (Connection c = open(file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT, pinned INTEGER "
                    + "NOT NULL DEFAULT 0, updated_at TEXT NOT NULL)");
            s.execute("CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE, tag TEXT "
                    + "NOT NULL, PRIMARY KEY (note_id, tag))");
            c.setAutoCommit(false);
            try (PreparedStatement n = c.prepareStatement("INSERT INTO notes VALUES (?,?,?,?,?)");
                 PreparedStatement t = c.prepareStatement("INSERT INTO tags VALUES (?,?)")) {
                for (int i = 1; i <= 1200; i++) {
                    n.setInt(1, i);
                    n.setString(2, lines[i % lines.length].split("[\\n.;:]")[0]);
                    n.setString(3, lines[rnd.nextInt(lines.length)] + "\n" + lines[rnd.nextInt(lines.length)]);
                    n.setInt(4, rnd.nextInt(10) == 0 ? 1 : 0);
                    n.setString(5, "2026-11-" + String.format("%02d", 1 + rnd.nextInt(27)) + "T12:00:00Z");
                    n.addBatch();
                    t.setInt(1, i);
                    t.setString(2, new String[] {"work", "ops", "personal", "ideas"}[i % 4]);
                    t.addBatch();
                }
                n.executeBatch();
                t.executeBatch();
            }
            s.execute("CREATE VIEW pinned_notes AS SELECT id, title, updated_at FROM notes WHERE pinned = 1");
            c.commit();
        }
    }
}
