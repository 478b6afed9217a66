package dev.grove.patina.restore;

import dev.grove.patina.backup.DownloadService;
import dev.grove.patina.backup.weekly.WeeklyArchiver;
import dev.grove.patina.config.D1DatabaseConfig;
import dev.grove.patina.dump.RestoreOptions;
import dev.grove.patina.dump.RestoreReport;
import dev.grove.patina.dump.Restorer;
import dev.grove.patina.restore.RestoreOutcome.RestoreCancelled;
import dev.grove.patina.restore.RestoreOutcome.RestoreFailed;
import dev.grove.patina.restore.RestoreOutcome.RestoreRefused;
import dev.grove.patina.restore.RestoreOutcome.RestoredToFile;
import dev.grove.patina.restore.RestoreTarget.D1Database;
import dev.grove.patina.restore.RestoreTarget.DumpFile;
import dev.grove.patina.restore.RestoreTarget.SqliteFile;
import dev.grove.patina.source.d1.D1ApiException;
import dev.grove.patina.source.d1.D1Importer;
import dev.grove.patina.util.FileTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * Restores a chosen backup — a daily, a member of a weekly archive, or a dump on disk — into a new or replaced SQLite
 * file, saves it as a file, or imports it into a configured D1 database; for the console's wizard, the CLI and the
 * API alike. A backup is fetched into a temp folder (downloaded and SHA-256-checked, or extracted and checked against
 * the archive's manifest) that is deleted afterwards, whatever happens; the restore goes through {@link Restorer}
 * (temp file, checks, rename; a replaced file kept as {@code .bak}, stray sidecars set aside) and files through
 * {@link FileTargets} (never onto a file Patina reads). A cancel stops the run between steps and while it streams and
 * leaves nothing local behind; what was already sent to D1 is D1's, and the outcome says when it was sent.
 */
public final class RestoreWorkflow {
    private final DownloadService downloads;
    private final WeeklyArchiver archiver;
    private final Function<String, D1Importer> d1Importers;
    private final ConfiguredTargets targets;
    private final Restorer restorer;
    private final Clock clock;
    private final Path tempRoot;

    /**
     * @param d1Importers the importer of a configured D1 database, by its name
     * @param targets     the files Patina reads (which no export may write, no restore replace), the D1 databases
     * @param tempRoot    where the temp folder of a run is made
     */
    public RestoreWorkflow(DownloadService downloads, WeeklyArchiver archiver, Function<String, D1Importer> d1Importers,
                           ConfiguredTargets targets, Clock clock, Path tempRoot) {
        this.downloads = downloads;
        this.archiver = archiver;
        this.d1Importers = d1Importers;
        this.targets = targets;
        this.restorer = new Restorer(clock);
        this.clock = clock;
        this.tempRoot = tempRoot;
    }

    /** What the configuration says about targets: the files Patina reads, the D1 databases. */
    public ConfiguredTargets targets() {
        return targets;
    }

    /** Runs the restore, export or import; never throws: every end is an outcome. */
    public RestoreOutcome run(RestoreSource source, RestoreTarget target, RestoreListener listener) {
        RestoreSteps steps = new RestoreSteps(listener);
        try {
            String refused = refusal(source, target);
            if (refused != null) {
                return new RestoreRefused(refused);
            }
            steps.check();
            return perform(source, target, steps);
        } catch (FileTargets.RefusedException e) {
            return new RestoreRefused(e.getMessage());
        } catch (IOException | RuntimeException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            if (listener.cancelled() || cause instanceof java.util.concurrent.CancellationException
                    || cause.getCause() instanceof java.util.concurrent.CancellationException) {
                return new RestoreCancelled(steps.sentToD1());
            }
            boolean ranNothing = cause instanceof D1ApiException && String.valueOf(cause.getMessage())
                    .contains("D1 ran nothing");
            return new RestoreFailed(cause, steps.sentToD1(), ranNothing);
        }
    }

    /** Why this request may not run at all, or null. */
    private String refusal(RestoreSource source, RestoreTarget target) {
        if (source instanceof RestoreSource.LocalDump local && !Files.isRegularFile(local.file())) {
            return "The dump " + local.file() + " does not exist.";
        }
        if (source instanceof RestoreSource.LocalDump && target instanceof DumpFile) {
            return "The dump is already a local file; restore it or import it instead.";
        }
        if (target instanceof SqliteFile f && targets.neverRestoredOnto(f.file()) != null) {
            return f.file().getFileName() + " is " + targets.neverRestoredOnto(f.file()) + ": choose another file.";
        }
        if (target instanceof D1Database d && targets.d1Database(d.database()).isEmpty()) {
            return "No D1 database named " + d.database() + " is configured in " + targets.configFile() + ".";
        }
        if (target instanceof D1Database d && !d.database().equals(d.confirmation())) {
            return "Importing into D1 database " + d.database() + " needs its name typed as confirmation (got '"
                    + d.confirmation() + "'): nothing was sent.";
        }
        return null;
    }

    private RestoreOutcome perform(RestoreSource source, RestoreTarget target, RestoreSteps steps)
            throws IOException {
        double fetchShare = target instanceof DumpFile ? 1.0 : 0.4;
        if (target instanceof DumpFile out && source instanceof BackupChoice o && !o.weekly()) {
            DownloadService.Downloaded d = downloads.download(new DownloadService.Target(o.key(), o.sha256()),
                    out.file(), out.decompress(), out.replace(), targets.readFiles(),
                    n -> steps.step(fetchShare * n / Math.max(1, o.size()), null));
            return new RestoreOutcome.ExportedToFile(d.file(), d.sha256(), d.writtenBytes(), d.previousFile(), false);
        }
        Path temp = Files.createTempDirectory(Files.createDirectories(tempRoot), "patina-restore-");
        steps.workingIn(temp);
        try {
            if (target instanceof SqliteFile f && source instanceof BackupChoice o && !o.weekly()
                    && f.tables().isEmpty() && f.excludeTables().isEmpty() && downloads.isDifferential(o.key())) {
                return restoreDifferential(o, f, temp, fetchShare, steps);
            }
            Path dump = source instanceof RestoreSource.LocalDump local ? local.file()
                    : fetch((BackupChoice) source, temp, fetchShare, steps);
            if (target instanceof DumpFile out) {
                return new MemberSaver(targets).save((BackupChoice) source, dump, out, steps);
            }
            if (target instanceof D1Database d) {
                String id = targets.d1Database(d.database()).map(D1DatabaseConfig::databaseId).orElse("?");
                return new D1ImportStep(d1Importers.apply(d.database()), clock).importInto(dump, d, id, steps);
            }
            return restore(dump, (SqliteFile) target, fetchShare, steps);
        } finally {
            TempFolders.deleteTree(temp);
            steps.workingIn(null);
        }
    }

    /** Downloads the daily, or extracts the weekly member (checked against the manifest), into {@code temp}. */
    private Path fetch(BackupChoice o, Path temp, double share, RestoreSteps steps) throws IOException {
        if (o.weekly()) {
            long archive = Math.max(1, o.object().size());
            if (o.member().path().endsWith(".diff.sql")) { // a differential day: combined with the week's full
                return archiver.extractCombined(o.key(), o.member().path(), temp.resolve("weekly"),
                        n -> steps.step(share * Math.min(1.0, n / (double) archive), null));
            }
            return archiver.extract(o.key(), o.member().path(), temp.resolve("weekly"),
                    n -> steps.step(share * n / archive, null));
        }
        Path dump = temp.resolve(o.fileName());
        downloads.download(new DownloadService.Target(o.key(), o.sha256()), dump, false,
                n -> steps.step(share * n / Math.max(1, o.size()), null));
        return dump;
    }

    private RestoreOutcome restore(Path dump, SqliteFile f, double fetchShare, RestoreSteps steps)
            throws IOException {
        steps.step(fetchShare, "Restoring into " + f.file().getFileName() + "…");
        RestoreOptions options = new RestoreOptions(f.tables(), f.excludeTables(), f.replace());
        RestoreReport done = restorer.restore(dump, f.file(), options, progress(fetchShare, steps));
        return outcome(done, steps);
    }

    /**
     * A differential day into a SQLite file: its full and it fetched into {@code temp}, then restored in one load
     * with every table's digest checked (ADR 0028) — no combined dump written and read again in between.
     */
    private RestoreOutcome restoreDifferential(BackupChoice o, SqliteFile f, Path temp, double fetchShare,
                                               RestoreSteps steps) throws IOException {
        RestoreOptions options = new RestoreOptions(f.tables(), f.excludeTables(), f.replace());
        RestoreReport done = downloads.restoreDifferential(new DownloadService.Target(o.key(), o.sha256()), temp,
                f.file(), restorer, options, n -> steps.step(Math.min(fetchShare, fetchShare * n
                        / Math.max(1, o.size())), null), progress(fetchShare, steps));
        return outcome(done, steps);
    }

    private static dev.grove.patina.dump.RestoreProgress progress(double fetchShare, RestoreSteps steps) {
        return (phase, statements, read, total) -> {
            // "integrity" and "done" come after the rename: too late to stop
            if (!"done".equals(phase) && !"integrity".equals(phase)) {
                steps.step(fetchShare + (1 - fetchShare) * read / Math.max(1, total),
                        "check".equals(phase) ? "Checking integrity and row counts…" : null);
            }
        };
    }

    private RestoreOutcome outcome(RestoreReport done, RestoreSteps steps) throws IOException {
        RestoredToFile restored = new RestoredToFile(done.target(), done.previousFile(), done.setAside(),
                done.rowCounts(), done.checksumVerified(), done.countsVerified(), done.foreignKeyViolations(),
                done.warnings());
        if (steps.cancelled() && takeBack(restored)) {
            return new RestoreCancelled(null);
        }
        return restored; // a replaced file stays replaced (the old one is the .bak): the outcome says so
    }

    /**
     * Deletes a file restored into a new file after a cancel came too late to stop it: taking it back loses nothing.
     * A replaced file stays (its old version is the {@code .bak} beside it).
     *
     * @return true when it was taken back
     */
    public boolean takeBack(RestoredToFile restored) throws IOException {
        if (restored.previousFile() != null) {
            return false;
        }
        Files.deleteIfExists(restored.target());
        return true;
    }
}
