package dev.grove.patina.ui.dashboard;

import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.config.ScheduleConfig;
import dev.grove.patina.run.RunService;
import java.time.Clock;
import java.util.List;

/**
 * What the dashboard uses, handed in by the composition root: where it orders runs and hears of them, and what it
 * reads.
 *
 * @param databases  the configured databases' names, in configuration order
 * @param localStore true when backups go to a local folder (the dashboard then offers "Connect R2…")
 * @param replicas   the "replicas in sync / N behind" line, read from the catalog; empty without replicas
 * @param queue      with {@code [cluster]}: the cluster's queue the run buttons order into (ADR 0035); null: the
 *                   buttons order from {@code runs}
 */
public record DashboardSources(RunService runs, Catalog catalog, ScheduleConfig schedule, List<String> databases,
                               boolean localStore, Clock clock,
                               java.util.function.Supplier<java.util.Optional<String>> replicas,
                               dev.grove.patina.run.RunQueue queue) {
    public DashboardSources {
        databases = List.copyOf(databases);
        replicas = replicas == null ? java.util.Optional::empty : replicas;
    }

    /** Sources whose buttons order from the run service. */
    public DashboardSources(RunService runs, Catalog catalog, ScheduleConfig schedule, List<String> databases,
                            boolean localStore, Clock clock,
                            java.util.function.Supplier<java.util.Optional<String>> replicas) {
        this(runs, catalog, schedule, databases, localStore, clock, replicas, null);
    }

    /** Sources without replicas. */
    public DashboardSources(RunService runs, Catalog catalog, ScheduleConfig schedule, List<String> databases,
                            boolean localStore, Clock clock) {
        this(runs, catalog, schedule, databases, localStore, clock, null, null);
    }
}
