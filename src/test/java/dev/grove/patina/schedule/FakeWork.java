package dev.grove.patina.schedule;

import dev.grove.patina.run.WorkResult;

import dev.grove.patina.run.WorkRequest;
import dev.grove.patina.run.RunWork;

import dev.grove.patina.backup.BackupProgress;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run that records itself in the catalog like the real services do, reports progress for one database, and
 * (when {@link #block()} was called) waits on a latch until {@link #release()}.
 */
final class FakeWork implements RunWork {
    final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    private final Catalog catalog;
    private final Clock clock;
    private final ZoneId zone;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    FakeWork(Catalog catalog, Clock clock, ZoneId zone) {
        this.catalog = catalog;
        this.clock = clock;
        this.zone = zone;
    }

    void block() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    @Override
    public WorkResult run(WorkRequest request, BackupProgress progress) throws Exception {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        runs.incrementAndGet();
        try {
            LocalDate date = LocalDate.ofInstant(request.now(), zone);
            String id = catalog.startRun(request.kind(), request.trigger(), date, request.catchUpOf());
            progress.started("shop");
            progress.progress("shop", 10, 100);
            entered.countDown();
            if (!gate.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the run");
            }
            DatabaseOutcome o = new DatabaseOutcome("shop", RunStatus.OK, "daily/" + date + "/shop.sql", null, 100,
                    Duration.ZERO, null);
            progress.finished(o);
            catalog.finishRun(id, RunStatus.OK);
            return new WorkResult.ReportedRun(new RunReport(id, request.kind(), request.trigger(), date,
                    request.now(), clock.instant(), RunStatus.OK, List.of(o)));
        } finally {
            concurrent.decrementAndGet();
        }
    }
}
