package dev.grove.patina.backup.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.grove.patina.alert.DeliveryPolicy;
import dev.grove.patina.alert.WebhookNotifier;
import dev.grove.patina.backup.CleanupService;
import dev.grove.patina.backup.retention.RetentionPolicy;
import dev.grove.patina.backup.weekly.WeeklyArchiver;
import dev.grove.patina.catalog.CopyState;
import dev.grove.patina.catalog.ObjectCopy;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.ReplicaOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunFollower;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunService;
import dev.grove.patina.run.RunWorks;
import dev.grove.patina.util.Secret;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's "done when", replayed time: 30 days of a replicated nightly, weekly (Sundays) and cleanup through the
 * one run service, with the replica {@code offsite} (a second S3 server) refusing every connection for 5 of them. The
 * primary never notices; every run of the outage alerts a real webhook naming the replica and why; and at the end
 * the primary, {@code offsite} and the local-folder replica {@code usb} hold the same objects with the same SHA-256
 * — retention's removals included, those owed from the outage too.
 */
class ReplicationReplayTest {
    static final LocalDate FIRST = LocalDate.of(2026, 11, 2);
    static final int DAYS = 30;
    static final LocalDate DOWN_FROM = FIRST.plusDays(11);
    static final LocalDate DOWN_UNTIL = DOWN_FROM.plusDays(4); // 5 days, both ends included

    @TempDir
    Path dir;

    @Test
    void thirtyDaysWithAReplicaDownForFiveEndWithEveryStoreHoldingTheSameObjectsAndAlertsForTheOutage()
            throws Exception {
        List<String> alerts = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        try (ReplicaFixture fx = new ReplicaFixture(dir, FIRST.atTime(2, 0).toInstant(ZoneOffset.UTC),
                Duration.ofSeconds(20), 3)) {
            WebhookNotifier notifier = new WebhookNotifier(new Secret("http://127.0.0.1:"
                    + webhook.getAddress().getPort() + "/hook", "env:TEST_HOOK"), AlertFormat.GENERIC, false,
                    WebhookNotifier.newHttpClient(DeliveryPolicy.defaults()), fx.clock);
            ReplicaSync sync = fx.sync();
            CleanupService cleanup = new CleanupService(fx.primary, fx.keys, fx.catalog, fx.clock,
                    new ReplicaPlanNotes(List.of("offsite", "usb")));
            WeeklyArchiver weekly = new WeeklyArchiver(fx.primary, fx.keys, fx.catalog, fx.clock, "test",
                    List.of("shop", "jobs"), dir.resolve("tmp"));
            RunService runs = new RunService(RunWorks.of(fx.backups, weekly, cleanup, new RetentionPolicy(7, 2),
                    fx.catalog, ZoneOffset.UTC, sync), fx.catalog, ZoneOffset.UTC, false, notifier, fx.clock);
            List<RunReport> outageRuns = new ArrayList<>();
            try {
                for (int d = 0; d < DAYS; d++) {
                    LocalDate day = FIRST.plusDays(d);
                    boolean down = !day.isBefore(DOWN_FROM) && !day.isAfter(DOWN_UNTIL);
                    fx.proxyB.refuseAll(down);
                    fx.change("day " + day);
                    List<RunReport> today = new ArrayList<>();
                    today.add(run(runs, fx, day, 2, RunOrder.nightly(RunTrigger.MANUAL, Set.of())));
                    if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                        today.add(run(runs, fx, day, 3, RunOrder.of(RunKind.WEEKLY, RunTrigger.MANUAL)));
                    }
                    today.add(run(runs, fx, day, 4, RunOrder.of(RunKind.CLEANUP, RunTrigger.MANUAL)));
                    for (RunReport r : today) {
                        assertEquals(RunStatus.OK, r.status(), day + " " + r.kind() + ": the primary's run is OK");
                        ReplicaOutcome offsite = r.replicas().get(0);
                        assertEquals("offsite", offsite.replica());
                        assertEquals(down, offsite.failed(), day + " " + r.kind() + ": " + offsite);
                        assertFalse(r.replicas().get(1).failed(), day + ": usb is never held up");
                        if (down) {
                            outageRuns.add(r);
                        } else {
                            assertEquals(0, offsite.behind(), day + " " + r.kind() + ": " + offsite);
                        }
                    }
                }
            } finally {
                runs.shutdown(Duration.ofSeconds(5));
            }

            // the outage: one alert per run of those days, each naming the replica and why; none on other days
            assertEquals(outageRuns.size(), alerts.size(), "alerts: " + alerts);
            assertTrue(outageRuns.size() >= 10, "5 days of nightly and cleanup: " + outageRuns.size());
            for (String alert : alerts) {
                assertTrue(alert.contains("\"name\":\"offsite\"") && alert.contains("replica offsite failed"),
                        alert);
                assertFalse(alert.contains(dev.grove.patina.store.s3.S3ProxyServer.SECRET_KEY), alert);
                assertTrue(outageRuns.stream().anyMatch(r -> alert.contains(r.runId())), alert);
            }

            // every store holds the same objects, byte for byte
            TreeMap<String, String> primary = ReplicaFixture.contents(fx.primary, fx.keys);
            assertEquals(primary, ReplicaFixture.contents(fx.offsiteStore, fx.offsite.keys()));
            assertEquals(primary, ReplicaFixture.contents(fx.usbStore, fx.usb.keys()));
            List<StoredObject> present = fx.catalog.findObjects(ObjectQuery.firstPage(1000)
                    .withStatus(ObjectStatus.PRESENT)).items();
            assertEquals(primary.size(), present.size());
            assertEquals(2 * 7, present.stream().filter(o -> o.kind() == ObjectKind.DAILY).count(),
                    "the last 7 dailies of both databases");
            assertEquals(1, present.stream().filter(o -> o.kind() == ObjectKind.WEEKLY).count(),
                    "weekly_weeks = 2 keeps this ISO week's (none yet on Tuesday) and last week's");
            for (StoredObject o : present) {
                assertEquals(o.sha256(), primary.get(o.key()), o.key());
                for (String store : List.of("offsite", "usb")) {
                    ObjectCopy c = fx.catalog.copies().get(o.key(), store).orElseThrow();
                    assertEquals(CopyState.PRESENT, c.state(), c.toString());
                    assertEquals(o.sha256(), c.sha256());
                }
            }
            // what retention removed from the primary during the outage was removed from offsite after it
            List<StoredObject> deleted = fx.catalog.findObjects(ObjectQuery.firstPage(1000)
                    .withStatus(ObjectStatus.DELETED)).items();
            assertTrue(deleted.size() > 20, "retention removed " + deleted.size());
            long removedFromOffsite = deleted.stream().filter(o -> fx.catalog.copies().get(o.key(), "offsite")
                    .map(c -> c.state() == CopyState.DELETED).orElse(false)).count();
            assertTrue(removedFromOffsite > 0, "copies marked deleted on offsite");
            assertTrue(deleted.stream().noneMatch(o -> fx.catalog.copies().get(o.key(), "offsite")
                    .map(c -> c.state() == CopyState.PRESENT).orElse(false)), "no copy left behind");
        } finally {
            webhook.stop(0);
        }
    }

    private static RunReport run(RunService runs, ReplicaFixture fx, LocalDate day, int hour, RunOrder order) {
        fx.clock.now = day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
        RunFollower.Followed f = new RunFollower(runs).submitAndFollow(order, e -> { }, Duration.ofMinutes(2));
        return f.result().orElseThrow(() -> new AssertionError(day + " " + order.kind() + " did not finish: "
                + f.end().map(RunFollower::why).orElse("no end"))).report();
    }
}
