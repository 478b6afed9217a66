package dev.grove.patina.backup.weekly;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.store.BackupStore;
import dev.grove.patina.store.ObjectKeys;
import dev.grove.patina.util.FileTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weekly archive: every configured database's dailies of one ISO week (Monday to Sunday), decompressed, in one
 * {@code weekly/YYYY-Www.tar.gz} with a {@code manifest.json} at its end. A plan (what exists, what is missing and
 * why) followed by an apply (stream the archive into the store, record it and the run in the catalog).
 *
 * <p>Each daily is checked against its recorded SHA-256 while it is read; a damaged or unreadable daily is listed as
 * missing with the reason and never archived. Memory stays bounded: dailies pass through one (plus one prefetched)
 * decompressed temporary file in the work folder.
 */
public final class WeeklyArchiver {
    private static final Logger LOG = LoggerFactory.getLogger(WeeklyArchiver.class);

    private final BackupStore store;
    private final ObjectKeys keys;
    private final Catalog catalog;
    private final Clock clock;
    private final String patinaVersion;
    private final List<String> databases;
    private final Path workDir;
    private final WeeklyEncryption encryption;

    /** An archiver whose temporary files go to the system's temporary folder. */
    public WeeklyArchiver(BackupStore store, ObjectKeys keys, Catalog catalog, Clock clock, String patinaVersion,
                          List<String> configuredDatabases) {
        this(store, keys, catalog, clock, patinaVersion, configuredDatabases,
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param workDir where decompressed dailies wait (one or two at a time) before they enter the archive */
    public WeeklyArchiver(BackupStore store, ObjectKeys keys, Catalog catalog, Clock clock, String patinaVersion,
                          List<String> configuredDatabases, Path workDir) {
        this(store, keys, catalog, clock, patinaVersion, configuredDatabases, workDir,
                dev.grove.patina.backup.ObjectCipher.none());
    }

    /** @param cipher encrypts new archives and opens encrypted dailies and archives */
    public WeeklyArchiver(BackupStore store, ObjectKeys keys, Catalog catalog, Clock clock, String patinaVersion,
                          List<String> configuredDatabases, Path workDir, dev.grove.patina.backup.ObjectCipher cipher) {
        this.encryption = new WeeklyEncryption(cipher, catalog);
        this.store = store;
        this.keys = keys;
        this.catalog = catalog;
        this.clock = clock;
        this.patinaVersion = patinaVersion;
        this.databases = List.copyOf(configuredDatabases);
        this.workDir = workDir;
    }

    /**
     * Plans the archive of the ISO week that contains {@code anyDayOfTheWeek}: for each day Monday to Sunday and each
     * configured database, the daily to archive or the reason there is none. Reads the catalog and lists the store;
     * writes nothing.
     */
    public WeeklyPlan plan(LocalDate anyDayOfTheWeek) throws IOException {
        return new WeeklyPlanner(store, keys, catalog, databases, encryption).plan(IsoWeek.of(anyDayOfTheWeek));
    }

    /** {@link #apply(WeeklyPlan, String)} with trigger {@code manual}. */
    public WeeklyResult apply(WeeklyPlan plan) {
        return apply(plan, RunTrigger.MANUAL);
    }

    /**
     * Streams the plan's dailies into {@code plan.key()} (replacing an archive of the same week), records the object
     * (kind weekly, dated the week's Monday) and a weekly run with one outcome per database. Never throws for a
     * daily's or the store's failure: the result says what happened.
     *
     * @param trigger who asked: {@code schedule}, {@code cli}, {@code manual}, …
     */
    public WeeklyResult apply(WeeklyPlan plan, String trigger) {
        Instant started = clock.instant();
        String runId = catalog.startRun(RunKind.WEEKLY, trigger, plan.week().monday());
        LOG.info("weekly run {} for {} started ({} dailies planned, {} missing)", runId, plan.week(),
                plan.members().size(), plan.missing().size());
        List<ArchivedMember> archived = new ArrayList<>();
        List<MissingDaily> missing = new ArrayList<>(plan.missing());
        String error = null;
        StoredObject recorded = null;
        String keyNeeded = encryption.keyNeeded(plan);
        if (keyNeeded != null) {
            LOG.warn("weekly {}: {}", plan.week(), keyNeeded);
            error = keyNeeded;
        } else if (plan.members().isEmpty()) {
            error = "no daily backups to archive for " + plan.week() + " (" + plan.week().monday() + " to "
                    + plan.week().sunday() + ")";
        } else {
            try {
                catalog.beginPut(runId, plan.key());
                ArchiveUpload upload = new ArchiveUpload(clock, patinaVersion, (writer, created) -> {
                    archived.clear();
                    missing.clear();
                    missing.addAll(plan.missing());
                    writeMembers(plan, runId, writer, archived, missing);
                    missing.sort(java.util.Comparator.comparing(MissingDaily::date)
                            .thenComparing(d -> databases.indexOf(d.database())));
                    WeeklyManifest manifest = new WeeklyManifest(plan.week(), created, patinaVersion, archived,
                            missing);
                    writer.addBytes(WeeklyManifest.PATH, manifest.toJson());
                    return described(plan, archived.size(), missing.size());
                }, encryption.cipher());
                upload.confirm(store.put(plan.key(), upload), store.describe());
                recorded = encryption.recorded(new StoredObject(plan.key(), null, ObjectKind.WEEKLY,
                        plan.week().monday(), upload.size(), upload.sha256(), Map.of(), clock.instant(), null, null));
                catalog.recordObject(recorded);
                encryption.retireOtherForm(store, keys, plan, runId, clock.instant());
            } catch (IOException | RuntimeException e) {
                error = "the weekly archive " + plan.key() + " could not be stored: " + message(e);
                LOG.warn("weekly run {}: {}", runId, error);
            } finally {
                try {
                    catalog.endPut(runId, plan.key());
                } catch (RuntimeException e) {
                    LOG.warn("weekly run {}: cannot record the end of the put of {}: {}", runId, plan.key(),
                            message(e));
                }
            }
        }
        if (error != null) {
            archived.clear();
            catalog.log(runId, "ERROR", error);
        }
        for (MissingDaily d : missing) {
            catalog.log(runId, "WARN", "missing " + d.date() + "/" + d.database() + ": " + d.reason());
        }
        Duration took = Duration.between(started, clock.instant());
        for (String db : databases) {
            catalog.recordOutcome(runId, outcome(db, plan, archived, missing, error, took));
        }
        // a cancel or a shutdown interrupted the upload: say so, as the nightly does, instead of a failure
        boolean stopped = error != null && Thread.currentThread().isInterrupted();
        RunStatus status = stopped ? RunStatus.INTERRUPTED : error != null ? RunStatus.FAILED
                : missing.isEmpty() ? RunStatus.OK : RunStatus.PARTIAL;
        catalog.finishRun(runId, status);
        LOG.info("weekly run {} ended {}", runId, status.id());
        return new WeeklyResult(runId, plan.key(), status, archived, missing,
                recorded == null ? 0 : recorded.size(), recorded == null ? null : recorded.sha256(), error);
    }

    /**
     * Extracts one member ({@code YYYY-MM-DD/<db>.sql} or {@code manifest.json}) of a weekly archive into
     * {@code targetDir}, checked against the manifest's SHA-256 (and the archive against the catalog's).
     *
     * @return the extracted file
     * @throws UnsafeArchiveException when the archive holds a member that could write outside {@code targetDir}
     *                                ({@code ../}, an absolute path, a link), naming it; nothing is written then
     * @throws IOException            when the member is absent, does not match the manifest, or the target exists
     */
    public Path extract(String weeklyKey, String memberPath, Path targetDir) throws IOException {
        return extract(weeklyKey, memberPath, targetDir, n -> { });
    }

    /**
     * {@link #extract(String, String, Path)}, telling {@code archiveBytesRead} how many bytes of the (compressed)
     * archive have been read so far. The listener may throw an unchecked exception to stop the extraction; nothing
     * is left in {@code targetDir} then.
     */
    public Path extract(String weeklyKey, String memberPath, Path targetDir, LongConsumer archiveBytesRead)
            throws IOException {
        return new WeeklyExtractor(store, catalog, encryption::open).extract(weeklyKey, memberPath, targetDir,
                archiveBytesRead);
    }

    /**
     * A differential day of a weekly archive as the one dump it stands for (ADR 0016, 0033): its member and its base
     * full's member — the same ISO week's full, in the same archive — each extracted and checked against the
     * archive's manifest, then combined with every table's rows and digest checked (as {@code patina download
     * --combined} does while the daily is kept). Written to a new file {@code <db>-<date>.combined.sql} in
     * {@code targetDir}.
     *
     * @throws IOException naming the archive and the member when the base full is not in the archive, or a check fails
     */
    public Path extractCombined(String weeklyKey, String diffMemberPath, Path targetDir,
                                LongConsumer archiveBytesRead) throws IOException {
        Files.createDirectories(targetDir);
        Path work = Files.createTempDirectory(targetDir, ".patina-weekly-combine-");
        try {
            Path diff = extract(weeklyKey, diffMemberPath, work.resolve("diff"), archiveBytesRead);
            dev.grove.patina.dump.DiffHeader header = dev.grove.patina.backup.DiffCombiner.header(diff);
            ObjectKeys.Parsed base = keys.parse(header.baseKey()).filter(b -> !b.differential()).orElseThrow(
                    () -> new IOException(weeklyKey + ": the differential " + diffMemberPath + " names a base that is"
                            + " not a full daily (" + header.baseKey() + ")"));
            String baseMember = base.date() + "/" + base.database() + ".sql";
            Path full;
            try {
                full = extract(weeklyKey, baseMember, work.resolve("full"), n -> { });
            } catch (UnsafeArchiveException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException(weeklyKey + " holds the differential " + diffMemberPath + " but not the full it "
                        + "applies to (" + baseMember + ", stored as " + header.baseKey() + "): " + e.getMessage()
                        + "; while the dailies are kept, patina download " + diffMemberPath.substring(0, 10) + " "
                        + base.database() + " --combined restores the day from them", e);
            }
            LocalDate day = LocalDate.parse(diffMemberPath.substring(0, 10));
            String diffKey = keys.differential(day, base.database(), base.suffix());
            Path combined = targetDir.resolve(base.database() + "-" + day + ".combined.sql");
            try (java.io.OutputStream o = Files.newOutputStream(combined, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                new dev.grove.patina.backup.DiffCombiner(catalog).combine(diffKey, full, diff, o, work);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(combined);
                throw e;
            }
            return combined;
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Writes {@code database}'s dump of {@code date} from the weekly archive of {@code week} in the store to
     * {@code out}: the archive checked against the catalog's SHA-256, every member by the tar-slip rules, the member
     * against the manifest; temp file → fsync → rename. A file at {@code out} that holds data is replaced only when
     * {@code force}, and kept as the first free {@code .bak}.
     *
     * @param date     the day, or null when the archive holds {@code database} for one day only
     * @param alsoRead files {@code out} must never be, besides the stored archive (in a folder store) and the
     *                 catalog — the config and the configured databases, say
     * @throws IOException naming the archive, and the days it holds when {@code date} is missing or wrong
     */
    public ExtractedMember extractMember(IsoWeek week, String database, LocalDate date, Path out, boolean force,
                                         java.util.Collection<Path> alsoRead, LongConsumer archiveBytesRead)
            throws IOException {
        String key = encryption.storedArchiveKey(keys, week.monday());
        java.util.List<Path> sources = new java.util.ArrayList<>(alsoRead);
        store.localFile(key).ifPresent(sources::add);
        if (!catalog.clustered()) { // a cluster's catalog is in PostgreSQL: no file to overwrite
            sources.add(catalog.file());
        }
        FileTargets.checkOutput(out, force, sources);
        WeeklyExtractor extractor = new WeeklyExtractor(store, catalog);
        java.io.InputStream in;
        try {
            in = store.get(key);
        } catch (dev.grove.patina.store.NoSuchObjectException e) {
            throw new dev.grove.patina.store.NoSuchObjectException("no weekly archive of " + week + " ("
                    + key + ") in " + store.describe());
        }
        try {
            return extractMember(in, key, week.toString(), extractor.recordedSha(key).orElse(null), database, date,
                    out, force, sources, archiveBytesRead, encryption::open);
        } catch (DifferentialDay differential) {
            // a differential day: its member and the week's full from the same archive, combined (ADR 0033)
            String member = date + "/" + database + ".diff.sql";
            Path work = Files.createTempDirectory(out.toAbsolutePath().getParent(), ".patina-extract-");
            try {
                Path combined = extractCombined(key, member, work, archiveBytesRead);
                FileTargets.refuseSources(out, sources);
                long size = Files.size(combined);
                String sha256 = sha256(combined);
                Path previous = FileTargets.install(combined, out, force);
                return new ExtractedMember(key, member, out, size, sha256, previous);
            } finally {
                deleteTree(work);
            }
        }
    }

    /** A differential day asked of a weekly archive's extract (combined by the store's road, ADR 0033). */
    private static final class DifferentialDay extends IOException {
        private static final long serialVersionUID = 1L;

        DifferentialDay(String message) {
            super(message);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Like {@link #extractMember(IsoWeek, String, LocalDate, Path, boolean, java.util.Collection, LongConsumer)} from a weekly archive
     * on this machine (no store, no catalog: the manifest checks the member). {@code out} is never the archive.
     */
    public static ExtractedMember extractMember(Path archive, String database, LocalDate date, Path out,
                                                boolean force, LongConsumer archiveBytesRead) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new java.nio.file.NoSuchFileException(archive + " is not a file");
        }
        FileTargets.checkOutput(out, force, java.util.List.of(archive));
        WeeklyEncryption.refuseEncryptedFile(archive);
        return extractMember(Files.newInputStream(archive), archive.toString(), archive.toString(), null, database,
                date, out, force, java.util.List.of(archive), archiveBytesRead, (name, stored) -> stored);
    }

    /** @param named the archive as the operator names it on the command line (a week, or the file) */
    private static ExtractedMember extractMember(java.io.InputStream in, String archive, String named,
                                                 String archiveSha,
                                                 String database, LocalDate date, Path out, boolean force,
                                                 java.util.List<Path> sources, LongConsumer archiveBytesRead,
                                                 WeeklyExtractor.ArchiveOpener opener)
            throws IOException {
        String wanted = date == null ? null : date + "/" + database + ".sql";
        java.util.regex.Pattern anyDay = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}/"
                + java.util.regex.Pattern.quote(database) + "\\.sql");
        Path root = out.toAbsolutePath().getParent().toRealPath();
        WeeklyExtractor.Pass pass = WeeklyExtractor.readOnce(in, archive, archiveSha,
                name -> wanted != null ? name.equals(wanted) : anyDay.matcher(name).matches(), root,
                archiveBytesRead, opener);
        boolean done = false;
        try {
            if (pass.temp() == null) {
                java.util.List<String> days = pass.members().stream().filter(m -> anyDay.matcher(m).matches())
                        .map(m -> m.substring(0, 10)).sorted().toList();
                if (pass.wanted().size() > 1) {
                    throw new IOException(archive + " holds " + database + " for " + days.size() + " days ("
                            + String.join(", ", days) + "): name the day, e.g. patina extract "
                            + named + " " + database + " " + days.get(days.size() - 1) + " -o "
                            + out);
                }
                if (date != null && pass.members().contains(date + "/" + database + ".diff.sql")) {
                    throw new DifferentialDay(archive + " holds " + database + " for " + date + " as a differential "
                            + "(ADR 0016): an archive file on this machine is not combined with its full; extract the "
                            + "day by its week from the store (patina extract " + String.format(java.util.Locale.ROOT,
                            "%d-W%02d", date.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                            date.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR)) + " " + database + " "
                            + date + " -o FILE), which combines them");
                }
                if (days.isEmpty()) {
                    java.util.List<String> databases = pass.members().stream()
                            .filter(m -> m.matches("\\d{4}-\\d{2}-\\d{2}/.+\\.sql") && !m.endsWith(".diff.sql"))
                            .map(m -> m.substring(11, m.length() - 4)).distinct().sorted().toList();
                    throw new IOException(archive + " holds no dump of " + database + (databases.isEmpty() ? ""
                            : "; it holds " + String.join(", ", databases)));
                }
                throw new IOException(archive + " holds no dump of " + database + " for " + date + "; it holds "
                        + database + " for " + String.join(", ", days));
            }
            FileTargets.refuseSources(out, sources); // a link made meanwhile
            Path previous = FileTargets.install(pass.temp(), out, force);
            done = true;
            return new ExtractedMember(archive, pass.memberPath(), out, pass.size(), pass.sha256(), previous);
        } finally {
            if (!done && pass.temp() != null) {
                Files.deleteIfExists(pass.temp());
            }
        }
    }

    /** Fetches member i+1 on a second thread while member i is compressed: at most two temp files at once. */
    private void writeMembers(WeeklyPlan plan, String runId, ArchiveWriter writer, List<ArchivedMember> archived,
                              List<MissingDaily> missing) throws IOException {
        DailyFetcher fetcher = new DailyFetcher(store, workDir, runId, encryption);
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "patina-weekly-fetch");
            t.setDaemon(true);
            return t;
        });
        List<PlannedMember> members = plan.members();
        List<Future<DailyFetcher.Fetched>> pending = new ArrayList<>(java.util.Collections.nCopies(members.size(),
                null));
        try {
            pending.set(0, prefetch.submit(() -> fetcher.fetch(members.get(0))));
            for (int i = 0; i < members.size(); i++) {
                if (i + 1 < members.size()) {
                    PlannedMember next = members.get(i + 1);
                    pending.set(i + 1, prefetch.submit(() -> fetcher.fetch(next)));
                }
                PlannedMember m = members.get(i);
                DailyFetcher.Fetched f;
                try {
                    f = pending.get(i).get();
                } catch (ExecutionException e) {
                    String reason = e.getCause() instanceof DailyFetcher.UnusableDaily u ? u.getMessage()
                            : m.sourceKey() + " could not be read: " + message(e.getCause());
                    if (e.getCause() instanceof DailyFetcher.UnusableDaily u && u.damage() != null) {
                        markDamaged(m.sourceKey(), u.damage()); // never again counted as a good copy
                    }
                    missing.add(new MissingDaily(m.database(), m.date(), reason));
                    LOG.warn("weekly {}: {}", plan.week(), reason);
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while archiving " + plan.week(), e);
                } finally {
                    pending.set(i, null);
                }
                try {
                    writer.addFile(m.path(), f.file(), f.size());
                } finally {
                    Files.deleteIfExists(f.file());
                }
                archived.add(new ArchivedMember(m.path(), m.database(), m.date(), f.sha256(), f.size(),
                        m.rowCounts(), m.sourceKey()));
            }
        } finally {
            // let a fetch in flight end (at most one), then remove what it fetched for a member never archived
            prefetch.shutdown();
            try {
                if (!prefetch.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES)) {
                    prefetch.shutdownNow();
                }
            } catch (InterruptedException e) {
                prefetch.shutdownNow();
                Thread.currentThread().interrupt();
            }
            for (Future<DailyFetcher.Fetched> f : pending) {
                if (f != null && f.isDone()) {
                    discard(f);
                }
            }
        }
    }

    /** Records in the catalog that the weekly found a daily damaged; the weekly goes on whatever happens. */
    private void markDamaged(String key, String what) {
        try {
            catalog.markDamaged(key, clock.instant(), what);
        } catch (RuntimeException e) {
            LOG.warn("cannot record in the catalog that {} is damaged: {}", key, message(e));
        }
    }

    private static void discard(Future<DailyFetcher.Fetched> f) {
        if (f == null) {
            return;
        }
        try {
            Files.deleteIfExists(f.get().file());
        } catch (Exception ignored) {
            // failed fetches leave no file; a leftover patina-weekly-*.sql in the work folder is harmless
        }
    }

    /** What the archive's metadata says of it besides its checksum, size and Patina's version. */
    private static Map<String, String> described(WeeklyPlan plan, int members, int missing) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("patina-week", plan.week().toString());
        m.put("patina-members", Integer.toString(members));
        m.put("patina-missing", Integer.toString(missing));
        return m;
    }

    private static DatabaseOutcome outcome(String db, WeeklyPlan plan, List<ArchivedMember> archived,
                                           List<MissingDaily> missing, String error, Duration took) {
        long bytes = archived.stream().filter(a -> a.database().equals(db)).mapToLong(ArchivedMember::size).sum();
        List<String> gaps = missing.stream().filter(d -> d.database().equals(db))
                .map(d -> d.date() + ": " + d.reason()).toList();
        if (error == null && gaps.isEmpty()) {
            return new DatabaseOutcome(db, RunStatus.OK, plan.key(), null, bytes, took, null);
        }
        String why = error != null ? error : "missing from " + plan.week() + ": " + String.join("; ", gaps);
        return new DatabaseOutcome(db, RunStatus.FAILED, error == null ? plan.key() : null, null, bytes, took, why);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replaceAll("\\s*\\R\\s*", " ");
    }
}
