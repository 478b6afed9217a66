package dev.grove.patina.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.backup.BackupFreshness;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.schedule.CronSchedule;
import dev.grove.patina.schedule.cluster.ClusterNodes;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, description = {
        "Shows whether every database is safe: its last good backup and age, and the last run's result.",
        "Exit 0 when every database has a backup younger than 26 hours, else 1 (also when a database's newest "
                + "backup is known damaged: verify found it damaged or missing, and when a replica is stale: its "
                + "last sync failed, or it lacks a copy of an object stored more than 26 hours ago).",
        "A damaged backup is never called \"last good\"; every damaged backup is listed by key with what failed.",
        "With [cluster]: also lists the cluster's nodes with their last check-in (Quartz's scheduler state) as "
                + "alive, late (past Quartz's check-in interval + 7.5 s: its jobs are being recovered) or dead "
                + "(past twice the interval + 7.5 s); the nodes do not change the exit code.",
        "Example: patina status --json"})
final class StatusCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /** How long status waits for the cluster's PostgreSQL to list the nodes. */
    static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(5);

    StatusCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (PatinaRuntime rt = runtime.open(services, err())) {
            Instant now = rt.clock().instant();
            Optional<RunSummary> last = rt.catalog().lastRun(RunKind.NIGHTLY);
            List<Map<String, Object>> dbs = new ArrayList<>();
            boolean allFresh = true;
            List<StoredObject> damaged = rt.catalog().damagedObjects();
            for (String name : rt.backups().databaseNames()) {
                Optional<StoredObject> good = rt.catalog().latestGood(name);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("database", name);
                boolean fresh = good.isPresent() && BackupFreshness.isFresh(good.get().createdAt(), now);
                boolean newestDamaged = rt.catalog().latestDaily(name).map(StoredObject::damaged).orElse(false);
                allFresh &= fresh && !newestDamaged;
                m.put("healthy", fresh && !newestDamaged);
                m.put("newestDamaged", newestDamaged);
                m.put("lastGoodKey", good.map(StoredObject::key).orElse(null));
                m.put("lastGoodAt", good.map(o -> o.createdAt().toString()).orElse(null));
                m.put("lastGoodAgeHours", good.map(o -> Duration.between(o.createdAt(), now).toMinutes() / 60.0)
                        .orElse(null));
                m.put("lastGoodSize", good.map(StoredObject::size).orElse(null));
                // the cluster node that did this database's part of the last nightly (ADR 0034); null: none recorded
                m.put("lastNode", last.flatMap(r -> r.databases().stream().filter(d -> d.database().equals(name))
                        .map(DatabaseOutcome::node).filter(java.util.Objects::nonNull).findFirst()).orElse(null));
                m.put("lastError", last.flatMap(r -> r.databases().stream().filter(d -> d.database().equals(name)
                        && d.status() != RunStatus.OK).map(DatabaseOutcome::error).findFirst()).orElse(null));
                m.put("damaged", damaged.stream().filter(o -> name.equals(o.database())).map(o -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("key", o.key());
                    d.put("damage", o.damage());
                    d.put("foundAt", o.damagedAt().toString());
                    return d;
                }).toList());
                dev.grove.patina.backup.ProofAge.ProofState proven = dev.grove.patina.backup.ProofAge.of(rt.catalog(),
                        name, now, rt.config().schedule().verifyMaxAgeDays());
                m.put("lastProvenAt", proven.proof() == null ? null : proven.proof().verifiedAt().toString());
                m.put("lastProvenKey", proven.proof() == null ? null : proven.proof().key());
                m.put("lastProvenChecksPassed", proven.proof() == null ? null : proven.proof().passed());
                m.put("provenOverdue", proven.overdue());
                m.put("provenLine", proven.line());
                dbs.add(m);
            }
            List<dev.grove.patina.backup.replica.ReplicaState> replicas = rt.replicaSync().states(now);
            allFresh &= replicas.stream().noneMatch(dev.grove.patina.backup.replica.ReplicaState::isStale);
            Optional<ClusterNodes.ClusterLook> cluster = rt.clusterNodes().map(n -> n.look(CLUSTER_TIMEOUT));
            Map<String, String> nextRuns = new LinkedHashMap<>();
            new CronSchedule(rt.config().schedule()).nextFireTimes(now)
                    .forEach((kind, at) -> nextRuns.put(kind.id(), at.toString()));
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("healthy", allFresh);
                doc.put("store", rt.store().describe());
                doc.put("lastRun", last.map(r -> {
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("id", r.id());
                    run.put("status", r.status().id());
                    run.put("runDate", r.runDate().toString());
                    run.put("startedAt", r.startedAt().toString());
                    run.put("node", r.node());           // the cluster node that ran it (ADR 0034); null: stand-alone
                    run.put("recovered", r.recovered()); // a recovered fire
                    return run;
                }).orElse(null));
                doc.put("nextRuns", nextRuns);
                doc.put("databases", dbs);
                doc.put("damaged", damaged.stream().map(StoredObject::key).toList());
                doc.put("replicas", replicas.stream()
                        .map(dev.grove.patina.backup.replica.ReplicaState::toJsonMap).toList());
                cluster.ifPresent(c -> doc.put("cluster", c.toJsonMap()));
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } else {
                out.println("store:    " + rt.store().describe());
                for (dev.grove.patina.backup.replica.ReplicaState r : replicas) {
                    out.println("replica:  " + r.line() + " (" + r.where() + ")");
                    if (r.isStale()) {
                        out.println("  STALE  " + r.stale());
                    }
                }
                out.println("catalog:  " + rt.catalog().location());
                cluster.ifPresent(c -> printCluster(out, c, now));
                out.println("last run: " + last.map(r -> r.runDate() + " " + r.status().id() + " (run " + r.id()
                        + ", started " + r.startedAt() + (r.node() == null ? "" : " on node " + r.node())
                        + (r.recovered() ? ", recovered from a node that died" : "") + ")")
                        .orElse("none yet — run `patina backup`"));
                out.println("next:     " + nextRuns.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()
                        + (e.getKey().equals("cleanup") && rt.config().schedule().cleanupAfterWeekly()
                        ? " (after the weekly)" : "")).collect(java.util.stream.Collectors.joining(", "))
                        + " (" + rt.config().schedule().timezone() + " crons)");
                for (Map<String, Object> m : dbs) {
                    String state = Boolean.TRUE.equals(m.get("newestDamaged")) ? "DAMAGED"
                            : Boolean.TRUE.equals(m.get("healthy")) ? "ok   " : "STALE";
                    out.printf("  %s  %-24s %s%s%n", state, m.get("database"),
                            m.get("lastGoodKey") == null ? "no backup yet"
                                    : String.format("last good %s (%.1f h ago, %s)", m.get("lastGoodKey"),
                                    (Double) m.get("lastGoodAgeHours"), Bytes.formatBytes((Long) m.get("lastGoodSize"))),
                            m.get("lastError") == null ? "" : " — last error: " + m.get("lastError"));
                    out.printf("  %s  %-24s %s%n", Boolean.TRUE.equals(m.get("provenOverdue")) ? "WARN " : "     ", "",
                            m.get("provenLine"));
                }
                for (StoredObject o : damaged) {
                    out.printf("  DAMAGED  %s is damaged: %s (found %s) — never counted as a good copy%n", o.key(),
                            o.damage(), o.damagedAt());
                }
                if (!damaged.isEmpty()) {
                    out.println("  what to do: run `patina backup` for a fresh copy; see docs/troubleshooting.md "
                            + "(Runs, retention and damaged backups)");
                }
            }
            out.flush();
            return allFresh ? 0 : 1;
        }
    }

    private static void printCluster(PrintWriter out, ClusterNodes.ClusterLook c, Instant now) {
        out.println("cluster:  this node is " + c.node() + "; " + (c.reachable() ? c.nodes().size() + " node"
                + (c.nodes().size() == 1 ? "" : "s") + " checked in at " + c.server() : c.problem()));
        for (ClusterNodes.ClusterNode n : c.nodes()) {
            long ago = Math.max(0, Duration.between(n.lastCheckIn(), now).toSeconds());
            out.printf("  %-5s  %-24s last check-in %s (%d s ago, every %.1f s)%s%n", switch (n.state()) {
                case ClusterNodes.ALIVE -> "ok";
                case ClusterNodes.LATE -> "LATE";
                default -> "DEAD";
            }, n.name(), n.lastCheckIn(), ago, n.interval().toMillis() / 1000.0, n.self() ? " (this node)" : "");
        }
    }
}
