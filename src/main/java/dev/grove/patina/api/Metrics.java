package dev.grove.patina.api;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /metrics}: Micrometer's Prometheus registry (text format 0.0.4), with the JVM's own metrics and
 * Patina's, read from the catalog at each scrape. A database with no value for a gauge (no good backup yet, a
 * failed last nightly) has no sample of it, as before.
 */
final class Metrics implements AutoCloseable {
    /** How many recent runs are searched for each database's last nightly outcome. */
    static final int RUNS_SEARCHED = 200;
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PatinaRuntime runtime;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final MultiGauge lastSuccess;
    private final MultiGauge backupBytes;
    private final MultiGauge backupDuration;
    private final MultiGauge replicaBehind;
    private final MultiGauge replicaStale;
    private final MultiGauge lastProven;
    private final MultiGauge proofOverdue;
    private volatile Map<String, Long> failures = Map.of();

    Metrics(PatinaRuntime runtime, BooleanSupplier schedulerRunning) {
        this.runtime = runtime;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("patina.up", () -> 1).description("1 while the Patina API answers.").register(registry);
        Gauge.builder("patina.scheduler.running", () -> schedulerRunning.getAsBoolean() ? 1 : 0)
                .description("1 when the scheduler runs in this process, else 0.").register(registry);
        lastSuccess = MultiGauge.builder("patina.last.success.timestamp.seconds")
                .description("Unix time of the database's newest good (present) daily backup.").register(registry);
        backupBytes = MultiGauge.builder("patina.backup.bytes")
                .description("Bytes stored by the database's last nightly backup.").register(registry);
        backupDuration = MultiGauge.builder("patina.backup.duration.seconds")
                .description("Duration of the database's last nightly backup.").register(registry);
        lastProven = MultiGauge.builder("patina.last.proven.timestamp.seconds")
                .description("Unix time of the database's newest passing test restore (patina verify).")
                .register(registry);
        proofOverdue = MultiGauge.builder("patina.proof.overdue")
                .description("1 when the database has no passing test restore younger than verify_max_age_days.")
                .register(registry);
        replicaBehind = MultiGauge.builder("patina.replica.behind")
                .description("Objects of the primary store the replica has no verified copy of (0: in sync).")
                .register(registry);
        replicaStale = MultiGauge.builder("patina.replica.stale")
                .description("1 when the replica is stale: its last sync failed, or it lacks an object older than 26 h.")
                .register(registry);
        for (String db : runtime.backups().databaseNames()) {
            FunctionCounter.builder("patina.backup.failures", this, m -> m.failures.getOrDefault(db, 0L))
                    .description("Failed database backups recorded in the catalog.").tag("db", db)
                    .register(registry);
        }
    }

    /** The exposition, Patina's values read from the catalog now. */
    synchronized String scrape() {
        refresh();
        return registry.scrape();
    }

    private void refresh() {
        List<String> dbs = runtime.backups().databaseNames();
        List<MultiGauge.Row<?>> success = new ArrayList<>();
        for (String db : dbs) {
            Optional<StoredObject> good = runtime.catalog().latestGood(db);
            good.ifPresent(o -> success.add(MultiGauge.Row.of(Tags.of("db", db),
                    o.createdAt().toEpochMilli() / 1000.0)));
        }
        lastSuccess.register(success, true);

        Map<String, DatabaseOutcome> lastOutcome = new LinkedHashMap<>();
        for (RunSummary run : runtime.catalog().recentRuns(RUNS_SEARCHED)) {
            if (run.kind() != RunKind.NIGHTLY) {
                continue;
            }
            for (DatabaseOutcome o : run.databases()) {
                lastOutcome.putIfAbsent(o.database(), o);
            }
        }
        List<MultiGauge.Row<?>> bytes = new ArrayList<>();
        List<MultiGauge.Row<?>> durations = new ArrayList<>();
        for (String db : dbs) {
            DatabaseOutcome o = lastOutcome.get(db);
            if (o != null && o.status() == RunStatus.OK) {
                bytes.add(MultiGauge.Row.of(Tags.of("db", db), o.bytes()));
            }
            if (o != null && o.duration() != null) {
                durations.add(MultiGauge.Row.of(Tags.of("db", db), o.duration().toMillis() / 1000.0));
            }
        }
        backupBytes.register(bytes, true);
        backupDuration.register(durations, true);
        failures = Map.copyOf(runtime.catalog().failedOutcomeCounts());
        List<MultiGauge.Row<?>> behind = new ArrayList<>();
        List<MultiGauge.Row<?>> stale = new ArrayList<>();
        for (var r : runtime.replicaSync().states()) {
            behind.add(MultiGauge.Row.of(Tags.of("replica", r.name()), r.behind()));
            stale.add(MultiGauge.Row.of(Tags.of("replica", r.name()), r.isStale() ? 1 : 0));
        }
        replicaBehind.register(behind, true);
        replicaStale.register(stale, true);
        List<MultiGauge.Row<?>> proven = new ArrayList<>();
        List<MultiGauge.Row<?>> overdue = new ArrayList<>();
        java.time.Instant now = runtime.clock().instant();
        for (String db : dbs) {
            var state = dev.grove.patina.backup.ProofAge.of(runtime.catalog(), db, now,
                    runtime.config().schedule().verifyMaxAgeDays());
            if (state.proof() != null) {
                proven.add(MultiGauge.Row.of(Tags.of("db", db), state.proof().verifiedAt().toEpochMilli() / 1000.0));
            }
            overdue.add(MultiGauge.Row.of(Tags.of("db", db), state.overdue() ? 1 : 0));
        }
        lastProven.register(proven, true);
        proofOverdue.register(overdue, true);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
