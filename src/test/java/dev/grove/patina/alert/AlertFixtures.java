package dev.grove.patina.alert;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run reports for the alert tests. */
final class AlertFixtures {
    static final Instant STARTED = Instant.parse("2025-03-14T02:00:00Z");
    static final Instant ENDED = Instant.parse("2025-03-14T02:01:05Z");
    static final LocalDate RUN_DATE = LocalDate.of(2025, 3, 14);

    private AlertFixtures() {
    }

    static DatabaseOutcome ok(String name, long rows, long bytes) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("t1", rows - rows / 3);
        counts.put("t2", rows / 3);
        return new DatabaseOutcome(name, RunStatus.OK, "daily/2025-03-14/" + name + ".sql.zst", counts, bytes,
                Duration.ofMillis(1234), null);
    }

    static DatabaseOutcome failed(String name, String error) {
        return new DatabaseOutcome(name, RunStatus.FAILED, null, Map.of(), 0, Duration.ofMillis(250), error);
    }

    static RunReport report(RunStatus status, List<DatabaseOutcome> dbs) {
        return new RunReport("run-0042", RunKind.NIGHTLY, "schedule", RUN_DATE, STARTED, ENDED, status, dbs);
    }

    /** Two failures, one success. */
    static RunReport partial() {
        return report(RunStatus.PARTIAL, List.of(
                ok("shop", 12_345, 1536),
                failed("orders", "disk full while writing <tmp> & co"),
                failed("users_*prod*", "D1 API answered 503\nservice unavailable")));
    }

    static RunReport success() {
        return report(RunStatus.OK, List.of(ok("shop", 12_345, 1536), ok("blog", 10, 2 * 1024 * 1024)));
    }

    static RunReport manyFailures(int count) {
        List<DatabaseOutcome> dbs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            dbs.add(failed(String.format("database_%03d", i),
                    "could not open a read transaction: the database file is locked by another process " + i));
        }
        return report(RunStatus.FAILED, dbs);
    }
}
