package dev.grove.patina.cli;

import dev.grove.patina.app.LogSetup;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.host.InstanceLock;
import dev.grove.patina.host.ResidentServices;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "daemon", mixinStandardHelpOptions = true, description = {
        "Runs the schedule without a window until stopped (SIGTERM or Ctrl-C): the nightly, the weekly archive and "
                + "the retention cleanup on their crons, one catch-up of a missed run at start and after the machine "
                + "slept; serves the local HTTP API and the web dashboard (/dashboard) when [api] enabled = true.",
        "Needs a config: it never creates the demo workspace (a service that forgot --config fails instead).",
        "One process runs the schedule over a catalog: it refuses to start, naming the holder, while the console or "
                + "another daemon runs it (the lock is instance.lock beside the catalog).",
        "With [cluster] in the config, this daemon is one node of a cluster: the schedule lives in the cluster's "
                + "PostgreSQL (Quartz's clustered job store), each scheduled run fires on one node, and a run of a node "
                + "that died is recovered on another. PostgreSQL unreachable at start: one line, exit 1. Lost later: the "
                + "node keeps running and retries (one line when lost, one when back), and sends one webhook alert "
                + "after PATINA_PG_OUTAGE_ALERT_AFTER seconds (default 120) unreachable, and a note when it is back.",
        "Logs to <catalog folder>/logs/patina.log (daily files, 14 kept). On stop it waits up to --grace seconds "
                + "for a running backup, then interrupts it; unfinished runs are marked interrupted.",
        "Example: patina daemon --config /etc/patina/patina.toml"})
final class DaemonCommand extends PatinaCommand {
    static final int KEEP_LOG_DAYS = 14;

    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long a stop waits for running backups (default: ${DEFAULT-VALUE}).")
    int graceSeconds;

    DaemonCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = err();
        PatinaRuntime rt = runtime.openExisting(services, err);
        Path folder = rt.config().catalog().path().toAbsolutePath().getParent();
        InstanceLock lock;
        ResidentServices resident;
        Path log;
        try {
            lock = InstanceLock.tryAcquire(folder, InstanceLock.Role.DAEMON).orElseThrow(() ->
                    new IllegalStateException("the schedule over " + rt.config().catalog().path() + " is already run by "
                            + InstanceLock.holder(folder).map(InstanceLock.Holder::describe).orElse("another process")
                            + "; stop it first (one process runs the schedule over a catalog)"));
            // the log only once the lock is ours: a refused daemon must not write into the running one's file
            log = LogSetup.addDailyFile(folder.resolve("logs"), KEEP_LOG_DAYS);
            try {
                resident = ResidentServices.start(rt);
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        try {
            lock.listen(new dev.grove.patina.host.RunTaker(rt.runs()).headless());
        } catch (java.io.IOException e) {
            err.println("patina daemon: warning: the CLI cannot hand its runs to this daemon (" + e.getMessage()
                    + "); they run in their own process");
            err.flush();
        }
        resident.apiPort().ifPresent(port -> {
            String root = (rt.config().api().tls() ? "https://" : "http://") + rt.config().api().bind() + ":" + port;
            out().println("patina daemon: API on " + root + "/");
            out().println("patina daemon: web dashboard on " + root + "/dashboard");
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resident.stop(Duration.ofSeconds(graceSeconds));
                rt.close();
                lock.close();
            } finally {
                stopped.countDown();
            }
        }, "patina-shutdown"));
        StringBuilder next = new StringBuilder();
        resident.scheduler().nextFireTimes().forEach((kind, at) -> next.append(next.length() == 0 ? "" : ", ")
                .append(kind.id()).append(' ').append(at));
        resident.scheduler().clusterNode().ifPresent(node -> out().println("patina daemon: node " + node
                + " of the cluster at " + rt.config().cluster().orElseThrow().hostPort()));
        out().println("patina daemon: running (log " + log + "); next runs: " + next);
        out().flush();
        stopped.await();
        return 0;
    }
}
