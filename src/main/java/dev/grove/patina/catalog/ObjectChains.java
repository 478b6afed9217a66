package dev.grove.patina.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which full each differential daily applies to, and what a restore of it must give back (catalog version 6, table
 * {@code object_chains}, ADR 0016). A daily without a link is a full of a {@code strategy = "full"} database.
 */
public final class ObjectChains {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Digest>> DIGESTS = new TypeReference<>() { };
    /** {@link Link#strategy()} of a full dump. */
    public static final String FULL = "full";
    /** {@link Link#strategy()} of a differential. */
    public static final String DIFFERENTIAL = "differential";

    /** One table as it was at backup time: its rows and the content digest of them (ADR 0016). */
    public record Digest(long rows, String digest) {
        public Digest {
            Objects.requireNonNull(digest, "digest");
        }
    }

    /**
     * One daily's place in its chain.
     *
     * @param baseKey        the full a differential applies to; null for a full
     * @param baseDumpSha256 the SHA-256 of that full's dump text (its footer's); null for a full
     * @param dumpSha256     the SHA-256 of this object's own dump text (its footer's)
     * @param digests        per table, in dump order, the rows and content digest of the database that night
     */
    public record Link(String key, String database, String strategy, String baseKey, String baseDumpSha256,
                       String dumpSha256, Map<String, Digest> digests) {
        public Link {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(dumpSha256, "dumpSha256");
            if (!FULL.equals(strategy) && !DIFFERENTIAL.equals(strategy)) {
                throw new IllegalArgumentException("object " + key + ": unknown strategy '" + strategy + "'");
            }
            if (FULL.equals(strategy) != (baseKey == null)) {
                throw new IllegalArgumentException("object " + key + ": a " + strategy + " "
                        + (baseKey == null ? "needs" : "has no") + " base");
            }
            digests = digests == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(digests));
        }

        public boolean differential() {
            return DIFFERENTIAL.equals(strategy);
        }
    }

    private final CatalogLink db;

    ObjectChains(CatalogLink db) {
        this.db = db;
    }

    /** Records (or replaces) {@code link}; the catalog must know the object and its base. */
    public void record(Link link) {
        Objects.requireNonNull(link, "link");
        db.update("recording the chain of " + link.key(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_chains (\"key\", database, "
                    + "strategy, base_key, base_dump_sha256, dump_sha256, digests) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (\"key\") DO UPDATE SET database = excluded.database, strategy = excluded.strategy, "
                    + "base_key = excluded.base_key, base_dump_sha256 = excluded.base_dump_sha256, "
                    + "dump_sha256 = excluded.dump_sha256, digests = excluded.digests")) {
                ps.setString(1, link.key());
                ps.setString(2, link.database());
                ps.setString(3, link.strategy());
                ps.setString(4, link.baseKey());
                ps.setString(5, link.baseDumpSha256());
                ps.setString(6, link.dumpSha256());
                ps.setString(7, write(link.digests()));
                ps.executeUpdate();
            }
        });
    }

    /**
     * Forgets the link of {@code key}: a daily stored again under the same key by a {@code strategy = "full"} night
     * is no longer the full a row manifest describes.
     */
    public void forget(String key) {
        db.update("forgetting the chain of " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM object_chains WHERE \"key\" = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
        });
    }

    /** The link of the daily {@code key}; empty for a full of a {@code strategy = "full"} database. */
    public Optional<Link> of(String key) {
        List<Link> links = query("reading the chain of " + key, "WHERE \"key\" = ?", key);
        return links.isEmpty() ? Optional.empty() : Optional.of(links.get(0));
    }

    /** The differentials that apply to the full {@code baseKey}, present or deleted, by key. */
    public List<Link> differentialsOf(String baseKey) {
        return query("reading the differentials of " + baseKey, "WHERE base_key = ? ORDER BY \"key\"", baseKey);
    }

    /** Every differential's key → its base's key: what retention must keep together. */
    public Map<String, String> bases() {
        return db.read("reading the bases of the differentials", c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT \"key\", base_key FROM object_chains "
                    + "WHERE base_key IS NOT NULL ORDER BY \"key\"");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    private List<Link> query(String what, String where, String arg) {
        return db.read(what, c -> {
            List<Link> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT \"key\", database, strategy, base_key, "
                    + "base_dump_sha256, dump_sha256, digests FROM object_chains " + where)) {
                ps.setString(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Link(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), read(rs.getString(7), rs.getString(1))));
                    }
                }
            }
            return out;
        });
    }

    private static String write(Map<String, Digest> digests) {
        try {
            return JSON.writeValueAsString(digests);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the digests as JSON", e);
        }
    }

    private static Map<String, Digest> read(String json, String key) throws SQLException {
        try {
            return JSON.readValue(json, DIGESTS);
        } catch (JsonProcessingException e) {
            throw new SQLException("the chain of " + key + " holds digests that are not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
