package dev.grove.patina.schedule;

import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunFollower;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunScope;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An order a console (or a {@code patina} command) handed to the cluster's queue ({@link ClusterQueue}, ADR 0035),
 * executed by whichever node's scheduler takes it: the same road as a cron fire ({@link ClusterFireJob}) — the
 * order goes to this node's run service, the job holds its Quartz thread until the run ended, and a node that dies
 * mid-run has it recovered on another ({@code requestsRecovery}). Each execution is recorded in {@code patina_fires}
 * as kind {@code queued-<kind>} at the order's queued time, with the node: that is how the console follows it.
 */
@DisallowConcurrentExecution
final class ClusterOrderJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterOrderJob.class);

    static final String GROUP = "orders";
    static final String KIND = "kind";
    static final String TRIGGER = "trigger";
    static final String DATABASES = "databases";
    static final String WEEK = "week";
    static final String DECRYPT = "decrypt";
    static final String DATE = "date";
    static final String STORE = "store";
    static final String QUEUED_AT = "queuedAt";
    /** A console's cleanup: the keys its operator saw to be removed, one a line (not part of the job's name). */
    static final String KEYS = "keys";

    private final SchedulerService service;
    private final ClusterJobStore store;

    ClusterOrderJob(SchedulerService service, ClusterJobStore store) {
        this.service = service;
        this.store = store;
    }

    /** The kind under which {@code patina_fires} records a queued order of {@code kind}. */
    static String fireKind(RunKind kind) {
        return "queued-" + kind.id();
    }

    /** The job name of {@code order}: one per kind and scope, so the same order is never queued twice at once. */
    static String name(RunOrder order) {
        StringBuilder b = new StringBuilder(order.kind().id());
        data(order, "").forEach((k, v) -> {
            if (!k.equals(KIND) && !k.equals(TRIGGER) && !k.equals(QUEUED_AT) && !k.equals(KEYS) && !v.isEmpty()) {
                b.append(' ').append(k).append('=').append(v.replace('\n', ','));
            }
        });
        String name = b.toString();
        return name.length() <= 190 ? name : name.substring(0, 150) + " #" + Integer.toHexString(name.hashCode());
    }

    /** The job data that carries {@code order} (strings only: the store keeps them as properties). */
    static Map<String, String> data(RunOrder order, String trigger) {
        Map<String, String> m = new TreeMap<>();
        m.put(KIND, order.kind().id());
        m.put(TRIGGER, trigger);
        if (order.scope() instanceof RunScope.NightlyScope s) {
            m.put(DATABASES, String.join("\n", s.databases().stream().sorted().toList()));
        } else if (order.scope() instanceof RunScope.VerifyScope s) {
            m.put(DATABASES, String.join("\n", s.databases().stream().sorted().toList()));
            m.put(DECRYPT, String.valueOf(s.decrypt()));
            m.put(DATE, s.date() == null ? "" : s.date().toString());
            m.put(STORE, s.store() == null ? "" : s.store());
        } else if (order.scope() instanceof RunScope.WeeklyScope s) {
            m.put(WEEK, s.week() == null ? "" : s.week().toString());
        } else if (order.scope() instanceof RunScope.CleanupScope s && s.plan() != null) {
            throw new IllegalArgumentException("a cleanup with a plan made here cannot be queued in the cluster: the "
                    + "node that takes it computes its plan when it starts");
        } else if (order.scope() instanceof RunScope.CleanupScope s && s.seen() != null) {
            if (s.seen().size() > RunScope.CleanupScope.MAX_SEEN) {
                throw new IllegalArgumentException("the plan removes " + s.seen().size() + " objects, more than the "
                        + RunScope.CleanupScope.MAX_SEEN + " a clean-up order carries to the cluster: run patina "
                        + "cleanup on a node, or clean up in smaller steps");
            }
            m.put(KEYS, String.join("\n", s.seen().stream().sorted().toList()));
        }
        return m;
    }

    /** The order {@code data} carries. */
    static RunOrder order(JobDataMap data) {
        RunKind kind = RunKind.parse(data.getString(KIND));
        String trigger = data.getString(TRIGGER);
        return switch (kind) {
            case NIGHTLY -> RunOrder.nightly(trigger, names(data.getString(DATABASES)));
            case WEEKLY -> RunOrder.weekly(trigger, blank(data.getString(WEEK)) ? null
                    : IsoWeek.parse(data.getString(WEEK)));
            case CLEANUP -> data.getString(KEYS) == null ? RunOrder.cleanup(trigger, null)
                    : RunOrder.cleanupOf(trigger, names(data.getString(KEYS)));
            case VERIFY -> RunOrder.verify(trigger, new RunScope.VerifyScope(names(data.getString(DATABASES)),
                    Boolean.parseBoolean(data.getString(DECRYPT)), blank(data.getString(DATE)) ? null
                    : LocalDate.parse(data.getString(DATE)), blank(data.getString(STORE)) ? null
                    : data.getString(STORE)));
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Set<String> names(String joined) {
        if (blank(joined)) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(joined.split("\n")));
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        RunOrder order = order(data);
        Instant queuedAt = Instant.ofEpochMilli(Long.parseLong(data.getString(QUEUED_AT)));
        boolean recovering = context.isRecovering();
        long id = store.fires().started(fireKind(order.kind()), queuedAt, store.node(), recovering, service.now());
        LOG.info("{} run ordered by {} at {} taken by node {}{}", order.kind().id(), order.trigger(), queuedAt,
                store.node(), recovering ? " (recovered from a node that died)" : "");
        if (recovering) {
            service.markDeadRunsInterrupted();
        }
        String outcome;
        try {
            RunFollower.Followed f = service.orderAndFollow(order);
            outcome = !f.trigger().accepted() ? "refused" : f.end().map(ClusterOrderJob::outcome).orElse("unfinished");
        } catch (RuntimeException e) {
            outcome = "failed";
            LOG.error("the {} run ordered by {} failed: {}", order.kind().id(), order.trigger(), e.toString());
        }
        try {
            store.fires().ended(id, outcome, service.now());
        } catch (IllegalStateException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    private static String outcome(RunEvent end) {
        if (end instanceof RunEvent.RunFinished f) {
            return "finished " + f.report().status().name().toLowerCase(java.util.Locale.ROOT);
        }
        return end instanceof RunEvent.RunSkipped ? "skipped" : "failed";
    }
}
