package dev.grove.patina.api;

import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code GET /metrics}: the Prometheus text exposition format (version 0.0.4), built from the catalog. */
final class Metrics {
    /** How many recent runs are searched for each database's last nightly outcome. */
    static final int RUNS_SEARCHED = 200;

    private Metrics() {
    }

    static String render(PatinaRuntime runtime, boolean schedulerRunning) {
        List<String> dbs = runtime.backups().databaseNames();
        StringBuilder sb = new StringBuilder(1024);
        family(sb, "patina_up", "gauge", "1 while the Patina API answers.");
        sb.append("patina_up 1\n");
        family(sb, "patina_scheduler_running", "gauge", "1 when the scheduler runs in this process, else 0.");
        sb.append("patina_scheduler_running ").append(schedulerRunning ? 1 : 0).append('\n');

        family(sb, "patina_last_success_timestamp_seconds", "gauge",
                "Unix time of the database's newest good (present) daily backup.");
        for (String db : dbs) {
            Optional<StoredObject> good = runtime.catalog().latestGood(db);
            good.ifPresent(o -> sample(sb, "patina_last_success_timestamp_seconds", db,
                    format(o.createdAt().toEpochMilli() / 1000.0)));
        }

        Map<String, DatabaseOutcome> lastOutcome = new LinkedHashMap<>();
        for (RunSummary run : runtime.catalog().recentRuns(RUNS_SEARCHED)) {
            if (run.kind() != RunKind.NIGHTLY) {
                continue;
            }
            for (DatabaseOutcome o : run.databases()) {
                lastOutcome.putIfAbsent(o.database(), o);
            }
        }
        family(sb, "patina_backup_bytes", "gauge", "Bytes stored by the database's last nightly backup.");
        for (String db : dbs) {
            DatabaseOutcome o = lastOutcome.get(db);
            if (o != null && o.status() == RunStatus.OK) {
                sample(sb, "patina_backup_bytes", db, Long.toString(o.bytes()));
            }
        }
        family(sb, "patina_backup_duration_seconds", "gauge", "Duration of the database's last nightly backup.");
        for (String db : dbs) {
            DatabaseOutcome o = lastOutcome.get(db);
            if (o != null && o.duration() != null) {
                sample(sb, "patina_backup_duration_seconds", db, format(o.duration().toMillis() / 1000.0));
            }
        }
        family(sb, "patina_backup_failures_total", "counter",
                "Failed database backups recorded in the catalog.");
        Map<String, Long> failures = runtime.catalog().failedOutcomeCounts();
        for (String db : dbs) {
            sample(sb, "patina_backup_failures_total", db, Long.toString(failures.getOrDefault(db, 0L)));
        }
        var replicas = runtime.replicaSync().states();
        if (!replicas.isEmpty()) {
            family(sb, "patina_replica_behind", "gauge",
                    "Objects of the primary store the replica has no verified copy of (0: in sync).");
            for (var r : replicas) {
                sb.append("patina_replica_behind{replica=\"").append(escapeLabel(r.name())).append("\"} ")
                        .append(r.behind()).append('\n');
            }
        }
        return sb.toString();
    }

    private static void family(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder sb, String name, String db, String value) {
        sb.append(name).append("{db=\"").append(escapeLabel(db)).append("\"} ").append(value).append('\n');
    }

    /** Escapes a label value: backslash, double quote and line feed, as the text format requires. */
    static String escapeLabel(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
