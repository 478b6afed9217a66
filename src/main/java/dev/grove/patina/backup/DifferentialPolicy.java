package dev.grove.patina.backup;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectChains;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.dump.ManifestHeader;
import dev.grove.patina.dump.ManifestReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, per database and night, whether the nightly is a full or a differential (ADR 0016): a
 * {@code strategy = "differential"} database gets a differential only against the full whose row manifest lies in
 * Patina's data folder ({@code manifests/<db>.manifest}), when the catalog still holds that full present and
 * undamaged, recorded with the manifest's dump SHA-256, dated earlier in the same ISO week — and when that full is the
 * newest such full the catalog knows. When the newest full's manifest is not in this data folder (it was lost, or
 * another node of a cluster wrote the full), the decision is {@link Fetch}: the manifest stored beside the full is
 * fetched and checked (ADR 0030). Anything else is a full, and the decision says why. (The schema is compared once the snapshot is open: {@code SqlDiffWriter.fullNeeded}.)
 */
public final class DifferentialPolicy {
    private final Set<String> databases;
    private final Path folder;
    private final Catalog catalog;

    /**
     * @param databases the databases with {@code strategy = "differential"}
     * @param folder    where the row manifests are kept (created when first needed)
     */
    public DifferentialPolicy(Set<String> databases, Path folder, Catalog catalog) {
        this.databases = Set.copyOf(databases);
        this.folder = folder;
        this.catalog = catalog;
    }

    /** No database is differential. */
    public static DifferentialPolicy none() {
        return new DifferentialPolicy(Set.of(), Path.of("."), null);
    }

    /** Tells whether {@code database} has {@code strategy = "differential"} (its fulls write a manifest). */
    public boolean applies(String database) {
        return databases.contains(database);
    }

    /** The row manifest of {@code database}'s latest full. */
    public Path manifest(String database) {
        return folder.resolve(database + ".manifest");
    }

    public Path folder() {
        return folder;
    }

    /** What tonight's backup of one database is. */
    public sealed interface Choice permits Full, Differential, Fetch {
    }

    /** A full; {@code reason} says why a differential database gets one (null for a full-strategy database). */
    public record Full(String reason) implements Choice {
    }

    /** A differential against the full {@code base}, whose manifest is {@code manifest}. */
    public record Differential(StoredObject base, ManifestHeader header, Path manifest) implements Choice {
    }

    /**
     * A differential is due against the full {@code base} (the newest usable full of the ISO week, by the catalog),
     * but this data folder has no manifest of it ({@code why}): fetch the one stored beside it (ADR 0030) and decide
     * again. {@code fallback} is what this data folder alone allows: a full, or a differential against an older full.
     */
    public record Fetch(StoredObject base, ObjectChains.Link link, String why, Choice fallback) implements Choice {
    }

    /**
     * Decides the backup of {@code database} for {@code date}: a differential against the local manifest when it is
     * the manifest of the newest usable full of the week; {@link Fetch} when that full's manifest is not here (a
     * lost data folder, or another node of a cluster wrote the full, ADR 0030); else a full, saying why.
     */
    public Choice decide(String database, LocalDate date) {
        Choice local = decideLocally(database, date);
        if (!applies(database)) {
            return local;
        }
        Optional<StoredObject> newest = newestFull(database, date);
        if (newest.isEmpty()) {
            return local;
        }
        if (local instanceof Differential d) {
            if (d.base().key().equals(newest.get().key())) {
                return local;
            }
            return new Fetch(newest.get(), catalog.chains().of(newest.get().key()).orElseThrow(),
                    "the row manifest here belongs to the older full " + d.base().key(), local);
        }
        return new Fetch(newest.get(), catalog.chains().of(newest.get().key()).orElseThrow(),
                ((Full) local).reason(), local);
    }

    /**
     * The newest full of {@code database} a differential of {@code date} may apply to, by the catalog alone: a
     * present, undamaged daily with a full's chain link, dated earlier in the same ISO week.
     */
    private Optional<StoredObject> newestFull(String database, LocalDate date) {
        LocalDate monday = date.with(java.time.DayOfWeek.MONDAY);
        if (!monday.isBefore(date)) {
            return Optional.empty();
        }
        return catalog.findObjects(dev.grove.patina.catalog.ObjectQuery.firstPage(100).withDatabase(database)
                        .withKind(dev.grove.patina.model.ObjectKind.DAILY)
                        .withStatus(dev.grove.patina.catalog.ObjectStatus.PRESENT).withDates(monday, date.minusDays(1)))
                .items().stream()
                .filter(o -> !o.damaged() && o.sha256() != null)
                .filter(o -> catalog.chains().of(o.key()).map(l -> !l.differential()).orElse(false))
                .max(java.util.Comparator.comparing(StoredObject::date).thenComparing(StoredObject::createdAt));
    }

    /** What this data folder's manifest alone allows (the rules before ADR 0030). */
    private Choice decideLocally(String database, LocalDate date) {
        if (!applies(database)) {
            return new Full(null);
        }
        Path file = manifest(database);
        if (!Files.isRegularFile(file)) {
            return new Full("no usable full: no row manifest at " + file);
        }
        ManifestHeader header;
        try (InputStream in = Files.newInputStream(file); ManifestReader reader = new ManifestReader(in)) {
            header = reader.header();
        } catch (IOException | RuntimeException e) {
            return new Full("no usable full: the row manifest " + file + " cannot be read (" + e.getMessage() + ")");
        }
        Optional<StoredObject> base = catalog.object(header.baseKey());
        if (base.isEmpty() || !base.get().present()) {
            return new Full("no usable full: " + header.baseKey() + " is no longer stored");
        }
        if (base.get().damaged()) {
            return new Full("no usable full: " + header.baseKey() + " was found damaged (" + base.get().damage() + ")");
        }
        Optional<ObjectChains.Link> link = catalog.chains().of(header.baseKey());
        if (link.isEmpty() || link.get().differential()
                || !link.get().dumpSha256().equals(header.baseDumpSha256())) {
            return new Full("no usable full: the row manifest does not match " + header.baseKey()
                    + " as the catalog records it");
        }
        LocalDate baseDate = base.get().date();
        if (!baseDate.isBefore(date)) {
            return new Full("a run on or before the day of the full " + header.baseKey() + " writes the full again");
        }
        if (week(baseDate) != week(date)) {
            return new Full("the first nightly of ISO week " + date.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                    + String.format("%02d", date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        }
        return new Differential(base.get(), header, file);
    }

    private static long week(LocalDate d) {
        return d.get(IsoFields.WEEK_BASED_YEAR) * 100L + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }
}
