package dev.grove.patina.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CatalogConcurrencyTest extends CatalogContract {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);


    private final TestClock clock = TestClock.at("2026-11-28T02:00:00Z");

    @Test
    @Timeout(60)
    void threeDatabaseJobsRecordIntoOneRunAtOnce() throws Exception {
        int perThread = 40;
        try (Catalog catalog = backend.open(clock)) {
            String runId = catalog.startRun(RunKind.NIGHTLY, "schedule", DAY);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int thread = t;
                    jobs.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            String db = "t" + thread + "-db" + i;
                            String key = "daily/" + DAY + "/" + db + ".sql";
                            catalog.log(runId, "INFO", db + " started");
                            catalog.recordObject(new StoredObject(key, db, ObjectKind.DAILY, DAY, i, null,
                                    Map.of("t", (long) i), clock.instant(), null, null));
                            catalog.recordOutcome(runId, new DatabaseOutcome(db, RunStatus.OK, key,
                                    Map.of("t", (long) i), i, Duration.ofMillis(i), null));
                        }
                        return null;
                    }));
                }
                // a reader (the console) polls while the jobs write
                jobs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 50; i++) {
                        catalog.run(runId).orElseThrow();
                        catalog.findObjects(ObjectQuery.firstPage(20));
                    }
                    return null;
                }));
                go.countDown();
                for (Future<?> job : jobs) {
                    job.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            catalog.finishRun(runId, RunStatus.OK);
            RunSummary run = catalog.run(runId).orElseThrow();
            assertEquals(3 * perThread, run.databases().size());
            assertEquals(3 * perThread, catalog.runLog(runId).size());
            assertEquals(3 * perThread, catalog.findObjects(ObjectQuery.firstPage(1)).total());
            for (DatabaseOutcome o : run.databases()) {
                assertEquals(o.bytes(), o.rows());
            }
        }
    }

    @Test
    @Timeout(60)
    void twoProcessesWritingOneFileWaitForEachOther() throws Exception {
        try (Catalog app = backend.open(clock); Catalog cli = backend.open(clock)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<String>>> jobs = new ArrayList<>();
                for (Catalog c : List.of(app, cli)) {
                    jobs.add(pool.submit(() -> {
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            String id = c.startRun(RunKind.VERIFY, "cli", DAY);
                            c.finishRun(id, RunStatus.OK);
                            ids.add(id);
                        }
                        return ids;
                    }));
                }
                for (Future<List<String>> job : jobs) {
                    assertEquals(50, job.get(60, TimeUnit.SECONDS).size());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(100, app.recentRuns(1000).size());
        }
    }
}
