package dev.grove.patina.restore;

import dev.grove.patina.backup.weekly.ArchivedMember;
import dev.grove.patina.backup.weekly.WeeklyArchiver;
import dev.grove.patina.backup.weekly.WeeklyManifest;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * What can be restored: the present dailies in the catalog, and the members of its weekly archives as each
 * archive's {@code manifest.json} lists them.
 */
public final class RestoreChoices {
    private final Catalog catalog;
    private final WeeklyArchiver archiver;
    private final Path tempRoot;

    /** @param tempRoot where a manifest is extracted into a temp folder, deleted right after */
    public RestoreChoices(Catalog catalog, WeeklyArchiver archiver, Path tempRoot) {
        this.catalog = catalog;
        this.archiver = archiver;
        this.tempRoot = tempRoot;
    }

    /** The present dailies of {@code database} (of all databases when null), newest first. */
    public List<StoredObject> dailies(String database) {
        ObjectQuery q = ObjectQuery.firstPage(500).withStatus(ObjectStatus.PRESENT).withKind(ObjectKind.DAILY);
        return catalog.findObjects(database == null ? q : q.withDatabase(database)).items();
    }

    /**
     * The full a differential daily applies to (ADR 0016): its key, and its catalog row (null when the catalog no
     * longer has it — the restore then fails and says so).
     */
    public record DifferentialBase(String key, StoredObject full) {
    }

    /**
     * The bases of those of {@code dailies} that are differentials, by the differential's key (one catalog read for
     * the chains, one per base); a full is absent from the answer.
     */
    public Map<String, DifferentialBase> basesOf(List<StoredObject> dailies) {
        Map<String, String> all = catalog.chains().bases();
        Map<String, DifferentialBase> out = new LinkedHashMap<>();
        for (StoredObject d : dailies) {
            String base = all.get(d.key());
            if (base != null && !base.equals(d.key())) {
                out.put(d.key(), new DifferentialBase(base, catalog.object(base).orElse(null)));
            }
        }
        return out;
    }

    /** The present weekly archives, newest first. */
    public List<StoredObject> weeklies() {
        return catalog.findObjects(ObjectQuery.firstPage(500).withStatus(ObjectStatus.PRESENT)
                .withKind(ObjectKind.WEEKLY)).items();
    }

    /** The catalog's file, for messages. */
    public Path catalogFile() {
        return catalog.file();
    }

    /**
     * Reads {@code week}'s manifest (its last member: the whole archive is read, and checked against the catalog's
     * SHA-256) and returns its members of {@code database} (all when null), newest first.
     *
     * @param stop true once the reading is no longer wanted: it then ends with a {@link CancellationException}
     */
    public List<BackupChoice> members(StoredObject week, String database, BooleanSupplier stop) throws IOException {
        Path temp = Files.createTempDirectory(Files.createDirectories(tempRoot), "patina-manifest-");
        try {
            Path json = archiver.extract(week.key(), WeeklyManifest.PATH, temp, n -> {
                if (stop.getAsBoolean()) {
                    throw new CancellationException("no longer wanted");
                }
            });
            WeeklyManifest manifest = WeeklyManifest.parse(Files.readAllBytes(json));
            List<BackupChoice> out = new ArrayList<>();
            for (ArchivedMember m : manifest.members()) {
                if (database == null || database.equals(m.database())) {
                    Instant verified = catalog.object(m.sourceKey()).map(StoredObject::verifiedAt).orElse(null);
                    out.add(BackupChoice.member(week, m, verified));
                }
            }
            out.sort(Comparator.comparing(BackupChoice::date, Comparator.reverseOrder()));
            return out;
        } finally {
            TempFolders.deleteTree(temp);
        }
    }
}
