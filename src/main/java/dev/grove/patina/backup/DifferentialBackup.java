package dev.grove.patina.backup;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.ObjectChains;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.dump.DumpOptions;
import dev.grove.patina.dump.DumpProgress;
import dev.grove.patina.dump.DumpSnapshot;
import dev.grove.patina.dump.ManifestHeader;
import dev.grove.patina.dump.ManifestWriter;
import dev.grove.patina.dump.SchemaFingerprint;
import dev.grove.patina.dump.SqlDiffWriter;
import dev.grove.patina.dump.SqlDumpWriter;
import dev.grove.patina.dump.TableDigest;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.source.DatabaseSource;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.util.AtomicFiles;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One night of a {@code strategy = "differential"} database (ADR 0016): {@link DifferentialPolicy} decides, the open
 * snapshot confirms the schema; then either a full that also writes its row manifest — sealed into Patina's data
 * folder only once the full is stored and recorded — or a differential against that manifest's full. The catalog
 * records each object's chain ({@code object_chains}) and the run log says which it was and why.
 */
final class DifferentialBackup {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DifferentialBackup.class);

    private final BackupStore store;
    private final ObjectKeys keys;
    private final Catalog catalog;
    private final SqlDumpWriter dumpWriter;
    private final SqlDiffWriter diffWriter;
    private final BackupSettings settings;
    private final DifferentialPolicy policy;
    private final Path scratch;
    private final SchemaWatch schemaWatch;
    private final Clock clock;
    /** The manifests stored beside their fulls (ADR 0030). */
    private final StoredManifests manifests;

    DifferentialBackup(BackupStore store, ObjectKeys keys, Catalog catalog, SqlDumpWriter dumpWriter,
                       SqlDiffWriter diffWriter, BackupSettings settings, DifferentialPolicy policy, Path scratch,
                       SchemaWatch schemaWatch, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.catalog = catalog;
        this.dumpWriter = dumpWriter;
        this.diffWriter = diffWriter;
        this.settings = settings;
        this.policy = policy;
        this.scratch = scratch;
        this.schemaWatch = schemaWatch;
        this.clock = clock;
        this.manifests = new StoredManifests(store, keys, settings);
    }

    boolean applies(String database) {
        return policy.applies(database);
    }

    DatabaseOutcome backupOne(DatabaseSource source, LocalDate date, String runId, BackupProgress progress,
                              Instant start) throws Exception {
        String db = source.name();
        DumpProgress dumpProgress = (table, tableRows, totalRows, bytes) -> progress.progress(db, totalRows, bytes);
        DumpOptions options = DumpOptions.all(db, settings.dialect());
        DifferentialPolicy.Choice decision = policy.decide(db, date);
        if (decision instanceof DifferentialPolicy.Fetch f) {
            decision = fetch(db, date, f, runId);
        }
        try (DumpSnapshot snapshot = source.openSnapshot()) {
            if (decision instanceof DifferentialPolicy.Differential d) {
                Optional<String> schema = diffWriter.fullNeeded(snapshot, d.header(), db);
                if (schema.isEmpty()) {
                    return differential(snapshot, options, d, date, runId, dumpProgress, start);
                }
                decision = new DifferentialPolicy.Full(schema.get());
            }
            return full(snapshot, options, ((DifferentialPolicy.Full) decision).reason(), date, runId, dumpProgress,
                    start);
        }
    }

    /**
     * This data folder lacks the manifest of the full a differential is due against: fetch the one stored beside it,
     * check it and keep it here, then decide again. When it cannot be fetched or fails a check, what this data folder
     * allows without it (a full, saying why) — never a differential against a manifest that was not proven.
     */
    private DifferentialPolicy.Choice fetch(String db, LocalDate date, DifferentialPolicy.Fetch f, String runId) {
        String key;
        long bytes;
        try {
            key = manifests.keyOf(f.base().key());
            Files.createDirectories(policy.folder());
            bytes = manifests.fetch(f.base(), f.link(), policy.manifest(db));
        } catch (StoredManifests.UnusableManifestException | java.io.IOException | RuntimeException e) {
            String why = e.getMessage();
            catalog.log(runId, "WARN", db + ": a differential against " + f.base().key() + " is due, but " + f.why()
                    + ", and " + why);
            if (f.fallback() instanceof DifferentialPolicy.Full) {
                return new DifferentialPolicy.Full("no usable row manifest of " + f.base().key() + ": " + why);
            }
            return f.fallback();
        }
        catalog.log(runId, "INFO", db + ": fetched the row manifest " + key + " (" + bytes + " bytes, SHA-256, its "
                + "full and its tables' digests checked) from " + store.describe() + ", as " + f.why());
        DifferentialPolicy.Choice again = policy.decide(db, date);
        if (again instanceof DifferentialPolicy.Fetch still) { // cannot happen unless the catalog moved meanwhile
            return new DifferentialPolicy.Full("no usable row manifest of " + still.base().key() + ": "
                    + still.why());
        }
        return again;
    }

    private DatabaseOutcome full(DumpSnapshot snapshot, DumpOptions options, String reason, LocalDate date,
                                 String runId, DumpProgress progress, Instant start) throws Exception {
        String db = options.sourceName();
        String key = keys.daily(date, db, settings.compression().suffix() + settings.cipher().suffix());
        Files.createDirectories(policy.folder());
        removeLeftBodies(db);
        Path body = AtomicFiles.tempBeside(policy.manifest(db), "body");
        try {
            String fingerprint = SchemaFingerprint.of(snapshot.schema());
            DailyDumpUpload.Written stored;
            ManifestWriter manifest;
            catalog.beginPut(runId, key);
            try (OutputStream bodyOut = Files.newOutputStream(body)) {
                manifest = new ManifestWriter(bodyOut);
                DailyDumpUpload upload = new DailyDumpUpload(snapshot, dumpWriter, options, settings.compression(),
                        settings.patinaVersion(), progress, settings.cipher(), settings.compressionWorkers())
                        .withManifest(manifest);
                stored = upload.confirmedBy(store.put(key, upload), store.describe());
            } finally {
                endPut(runId, key);
            }
            Instant end = clock.instant();
            var previousSchema = schemaWatch.previous(db);
            record(new StoredObject(key, db, ObjectKind.DAILY, date, stored.size(), stored.sha256(),
                    stored.summary().rowCounts(), end, null, null));
            catalog.chains().record(new ObjectChains.Link(key, db, ObjectChains.FULL, null, null,
                    stored.summary().sha256(), digests(manifest.digests())));
            ManifestHeader header = ManifestHeader.of(db, key, stored.summary().sha256(), end.toString(), fingerprint);
            try (InputStream in = Files.newInputStream(body)) {
                AtomicFiles.write(policy.manifest(db), AtomicFiles.Access.OWNER_ONLY,
                        out -> ManifestWriter.seal(header, in, out));
            }
            storeManifest(db, header, runId);
            String schemaChange = schemaWatch.record(key, db, stored.summary(), previousSchema);
            supersede(db, date, key, runId);
            catalog.log(runId, "INFO", db + ": full backup" + (reason == null ? "" : " (" + reason + ")")
                    + "; the next nights of this ISO week are differentials against it");
            return new DatabaseOutcome(db, RunStatus.OK, key, stored.summary().rowCounts(), stored.size(),
                    Duration.between(start, end), null, schemaChange);
        } finally {
            Files.deleteIfExists(body);
        }
    }

    private DatabaseOutcome differential(DumpSnapshot snapshot, DumpOptions options,
                                         DifferentialPolicy.Differential base, LocalDate date, String runId,
                                         DumpProgress progress, Instant start) throws Exception {
        String db = options.sourceName();
        String key = keys.differential(date, db, settings.compression().suffix() + settings.cipher().suffix());
        DailyDiffUpload.DiffWritten stored;
        catalog.beginPut(runId, key);
        try {
            DailyDiffUpload upload = new DailyDiffUpload(snapshot, diffWriter, options, base.manifest(), scratch,
                    runId, settings.compression(), settings.patinaVersion(), progress, settings.cipher());
            stored = upload.confirmedBy(store.put(key, upload), store.describe());
        } finally {
            endPut(runId, key);
        }
        Instant end = clock.instant();
        Map<String, Long> rows = stored.summary().rowCounts();
        record(new StoredObject(key, db, ObjectKind.DAILY, date, stored.size(), stored.sha256(), rows, end, null,
                null));
        catalog.chains().record(new ObjectChains.Link(key, db, ObjectChains.DIFFERENTIAL, base.base().key(),
                base.header().baseDumpSha256(), stored.summary().sha256(), digests(stored.summary().footer()
                        .result())));
        catalog.schemas().of(base.base().key()).ifPresent(s -> catalog.schemas().record(key, s.statements()));
        supersede(db, date, key, runId);
        long[] c = stored.summary().changeTotals();
        catalog.log(runId, "INFO", db + ": differential against " + base.base().key() + ": " + c[0] + " rows added, "
                + c[1] + " changed, " + c[2] + " removed");
        return new DatabaseOutcome(db, RunStatus.OK, key, rows, stored.size(), Duration.between(start, end), null,
                null);
    }

    /**
     * Stores the manifest just sealed here beside its full (ADR 0030), so that another node, or this machine after
     * losing its data folder, writes differentials against the full. A failure is logged, not fatal: the full is
     * stored and this data folder holds the manifest; elsewhere the next night is a full, saying why.
     */
    private void storeManifest(String db, ManifestHeader header, String runId) {
        String key = manifests.keyOf(header.baseKey());
        catalog.beginPut(runId, key);
        try {
            var stored = manifests.upload(db, header, policy.manifest(db));
            catalog.log(runId, "INFO", db + ": stored its row manifest " + key + " (" + stored.size() + " bytes) "
                    + "beside the full");
        } catch (java.io.IOException | RuntimeException e) {
            catalog.log(runId, "WARN", db + ": the row manifest could not be stored beside " + header.baseKey()
                    + " (" + e.getMessage() + "): only this data folder holds it, so a night on another node "
                    + "or after the data folder is lost writes a full");
        } finally {
            endPut(runId, key);
        }
    }

    /**
     * One daily per database and date: the other kind written earlier the same day (a full after the schema changed
     * since the morning's differential, say) is removed — unless a differential still applies to it.
     */
    private void supersede(String db, LocalDate date, String kept, String runId) {
        var same = catalog.findObjects(dev.grove.patina.catalog.ObjectQuery.firstPage(10).withDatabase(db)
                .withKind(ObjectKind.DAILY).withStatus(dev.grove.patina.catalog.ObjectStatus.PRESENT)
                .withDates(date, date)).items();
        for (StoredObject o : same) {
            if (o.key().equals(kept) || catalog.chains().differentialsOf(o.key()).stream()
                    .anyMatch(l -> catalog.object(l.key()).map(StoredObject::present).orElse(false))) {
                continue;
            }
            try {
                store.delete(o.key());
                catalog.markDeleted(o.key(), clock.instant());
                deleteManifestOf(o.key());
                catalog.log(runId, "INFO", db + ": " + o.key() + " removed: " + kept + " replaces it as the daily of "
                        + date);
            } catch (java.io.IOException | RuntimeException e) {
                catalog.log(runId, "WARN", db + ": could not remove " + o.key() + ", which " + kept
                        + " replaces: " + e.getMessage());
            }
        }
    }

    /** Removes the row manifest stored beside the full {@code key}, if any (ADR 0030). */
    private void deleteManifestOf(String key) throws java.io.IOException {
        if (!keys.parse(key).map(ObjectKeys.Parsed::differential).orElse(true)) {
            store.delete(manifests.keyOf(key));
        }
    }

    /** Manifest bodies an interrupted full of {@code db} left (one backup of a database runs at a time). */
    private void removeLeftBodies(String db) throws java.io.IOException {
        String prefix = "." + policy.manifest(db).getFileName() + ".body-";
        try (var files = Files.list(policy.folder())) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private void record(StoredObject object) {
        catalog.recordObject(settings.cipher().encrypting() ? object.encryptedTo(settings.cipher().recipients())
                : object);
    }

    private static Map<String, ObjectChains.Digest> digests(Map<String, TableDigest> digests) {
        Map<String, ObjectChains.Digest> out = new LinkedHashMap<>();
        digests.forEach((table, d) -> out.put(table, new ObjectChains.Digest(d.rows(), d.digest())));
        return out;
    }

    private void endPut(String runId, String key) {
        try {
            catalog.endPut(runId, key);
        } catch (RuntimeException e) {
            LOG.warn("cannot record the end of the put of {} in the catalog: {}", key, e.getMessage());
        }
    }
}
