package dev.grove.patina.backup.weekly;

import dev.grove.patina.backup.ObjectMetadata;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectInfo;
import dev.grove.patina.store.ObjectKeys;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what a week's archive holds: the catalog's present dailies of the week, cross-checked against the store's
 * listing of each day (a daily the catalog knows but the store lacks is missing; a daily only the store has is
 * archived when its metadata carries a SHA-256 to check it against).
 */
final class WeeklyPlanner {
    private final BackupStore store;
    private final ObjectKeys keys;
    private final Catalog catalog;
    private final List<String> databases;
    private final WeeklyEncryption encryption;

    WeeklyPlanner(BackupStore store, ObjectKeys keys, Catalog catalog, List<String> databases,
                  WeeklyEncryption encryption) {
        this.encryption = encryption;
        this.store = store;
        this.keys = keys;
        this.catalog = catalog;
        this.databases = List.copyOf(databases);
    }

    WeeklyPlan plan(IsoWeek week) throws IOException {
        Map<String, StoredObject> known = cataloged(week);
        List<PlannedMember> members = new ArrayList<>();
        List<MissingDaily> missing = new ArrayList<>();
        for (LocalDate date : week.days()) {
            Map<String, ObjectInfo> listed = new HashMap<>();
            Map<String, ObjectInfo> listedByDb = new HashMap<>();
            for (ObjectInfo info : store.list(keys.dailyPrefix(date))) {
                listed.put(info.key(), info);
                keys.parse(info.key()).filter(p -> p.kind() == ObjectKind.DAILY)
                        .ifPresent(p -> listedByDb.merge(p.database(), info, WeeklyPlanner::newer));
            }
            for (String db : databases) {
                String path = PlannedMember.pathOf(date, db);
                StoredObject o = known.get(slot(date, db));
                if (o != null && listed.containsKey(o.key())) {
                    members.add(new PlannedMember(memberPath(path, o.key()), db, date, o.key(), o.sha256(), "catalog",
                            o.rowCounts()));
                } else if (o != null) {
                    missing.add(new MissingDaily(db, date, "the catalog records " + o.key()
                            + " but the store has no such object"));
                } else if (listedByDb.containsKey(db)) {
                    ObjectInfo info = listedByDb.get(db);
                    String sha = info.metadata().get(ObjectMetadata.SHA256);
                    if (sha == null) {
                        missing.add(new MissingDaily(db, date, info.key() + " is in the store but neither the "
                                + "catalog nor its metadata records a SHA-256 to check it against"));
                    } else {
                        members.add(new PlannedMember(memberPath(path, info.key()), db, date, info.key(), sha,
                                "object metadata",
                                ObjectMetadata.decodeRows(info.metadata().get(ObjectMetadata.ROWS))));
                    }
                } else {
                    missing.add(new MissingDaily(db, date, "no daily backup of " + db + " for " + date
                            + " in the catalog or the store"));
                }
            }
        }
        return new WeeklyPlan(week, encryption.newArchiveKey(keys, week.monday()), members, missing);
    }

    /** The newest present daily per (date, database) of the week, by the catalog. */
    private Map<String, StoredObject> cataloged(IsoWeek week) {
        Map<String, StoredObject> found = new HashMap<>();
        ObjectQuery q = ObjectQuery.firstPage(1000).withKind(ObjectKind.DAILY).withStatus(ObjectStatus.PRESENT)
                .withDates(week.monday(), week.sunday());
        Page<StoredObject> page;
        do {
            page = catalog.findObjects(q);
            for (StoredObject o : page.items()) {
                found.merge(slot(o.date(), o.database()), o,
                        (a, b) -> a.createdAt().isAfter(b.createdAt()) ? a : b);
            }
            q = q.next();
        } while (page.hasNext());
        return found;
    }

    /**
     * A differential daily (ADR 0016) is archived as it is stored, under {@code DATE/<db>.diff.sql}: it restores onto
     * the week's full, which the same archive holds (the policy keeps a full and its differentials in one ISO week).
     */
    private String memberPath(String path, String key) {
        boolean differential = keys.parse(key).map(ObjectKeys.Parsed::differential).orElse(false);
        return differential ? path.substring(0, path.length() - ".sql".length()) + ".diff.sql" : path;
    }

    private static String slot(LocalDate date, String database) {
        return date + "/" + database;
    }

    private static ObjectInfo newer(ObjectInfo a, ObjectInfo b) {
        return Optional.ofNullable(a.lastModified()).orElse(java.time.Instant.EPOCH)
                .isAfter(Optional.ofNullable(b.lastModified()).orElse(java.time.Instant.EPOCH)) ? a : b;
    }
}
