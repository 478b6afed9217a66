package dev.grove.patina.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The proofs of the test restores (catalog version 5, table {@code verifications}): which checks a restore of an
 * object passed, when. "Last proven restorable" of a database is its newest proof without a failed check.
 */
public final class RestoreProofs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<CheckRun>> LIST = new TypeReference<>() { };

    /** One check of a test restore: what was checked, whether it passed, and what it found. */
    public record CheckRun(String check, boolean passed, String result) {
        public CheckRun {
            Objects.requireNonNull(check, "check");
            result = result == null ? "" : result;
        }
    }

    /** One test restore of one object. */
    public record Proof(String key, String database, String runId, Instant verifiedAt, List<CheckRun> checks) {
        public Proof {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(verifiedAt, "verifiedAt");
            checks = List.copyOf(checks);
        }

        public long passed() {
            return checks.stream().filter(CheckRun::passed).count();
        }

        public long failed() {
            return checks.size() - passed();
        }

        /** True when every check passed. */
        public boolean proven() {
            return failed() == 0 && !checks.isEmpty();
        }

        /** "verified restorable at 2026-12-05T04:00:12Z, 6 checks passed", or what failed. */
        public String summary() {
            if (proven()) {
                return "verified restorable at " + verifiedAt + ", " + passed() + " checks passed";
            }
            return "test restore at " + verifiedAt + ": " + failed() + " of " + checks.size() + " checks failed";
        }
    }

    private final CatalogLink db;

    RestoreProofs(CatalogLink db) {
        this.db = db;
    }

    /** Records {@code proof}; the catalog must know its object. */
    public void record(Proof proof) {
        Objects.requireNonNull(proof, "proof");
        db.update("recording the test restore of " + proof.key(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO verifications (\"key\", database, run_id, "
                    + "verified_at, passed, failed, checks) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, proof.key());
                ps.setString(2, proof.database());
                ps.setString(3, proof.runId());
                ps.setLong(4, proof.verifiedAt().toEpochMilli());
                ps.setLong(5, proof.passed());
                ps.setLong(6, proof.failed());
                ps.setString(7, write(proof.checks()));
                ps.executeUpdate();
            }
        });
    }

    /** The newest proof of {@code database} in which every check passed: when it was last proven restorable. */
    public Optional<Proof> lastProven(String database) {
        return one("reading the last proof of " + database, "SELECT \"key\", database, run_id, verified_at, checks "
                + "FROM verifications WHERE database = ? AND failed = 0 AND passed > 0 "
                + "ORDER BY verified_at DESC, id DESC LIMIT 1", database);
    }

    /** The newest test restore of object {@code key}, passed or failed. */
    public Optional<Proof> latestOf(String key) {
        return one("reading the test restores of " + key, "SELECT \"key\", database, run_id, verified_at, checks "
                + "FROM verifications WHERE \"key\" = ? ORDER BY verified_at DESC, id DESC LIMIT 1", key);
    }

    /**
     * The newest test restore of each of {@code keys} that has one, by key — one query for a page of the console's
     * table (a key never test-restored is absent from the map).
     */
    public Map<String, Proof> latestFor(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        String json = write(List.copyOf(new java.util.LinkedHashSet<>(keys)));
        return db.read("reading the test restores of " + keys.size() + " objects", c -> {
            Map<String, Proof> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT \"key\", database, run_id, verified_at, checks "
                    + "FROM (SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.\"key\" ORDER BY v.verified_at DESC, "
                    + "v.id DESC) AS newest FROM verifications v WHERE v.\"key\" IN (" + db.dialect().jsonTexts() + ")) "
                    + "AS latest WHERE newest = 1")) {
                ps.setString(1, json);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Proof(rs.getString(1), rs.getString(2), rs.getString(3),
                                Instant.ofEpochMilli(rs.getLong(4)), read(rs.getString(5), rs.getString(1))));
                    }
                }
            }
            return out;
        });
    }

    private Optional<Proof> one(String what, String sql, String arg) {
        return db.read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Proof(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), read(rs.getString(5), rs.getString(1))));
                }
            }
        });
    }

    private static String write(List<?> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write as JSON", e);
        }
    }

    private static List<CheckRun> read(String json, String key) throws SQLException {
        try {
            return List.copyOf(JSON.readValue(json, LIST));
        } catch (JsonProcessingException e) {
            throw new SQLException("the test restore of " + key + " holds checks that are not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
