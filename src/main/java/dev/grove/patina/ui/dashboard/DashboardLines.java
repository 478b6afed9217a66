package dev.grove.patina.ui.dashboard;

import dev.grove.patina.backup.weekly.WeeklyResult;
import dev.grove.patina.catalog.RunSummary;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunningJob;
import dev.grove.patina.util.Bytes;
import java.time.Duration;
import java.util.List;
import java.time.ZoneId;
import java.util.Locale;
import dev.grove.patina.ui.common.Durations;

/** The dashboard's words for runs: names, who started them, how they ended. */
final class DashboardLines {
    private DashboardLines() {
    }

    static String runName(RunKind kind) {
        return switch (kind) {
            case NIGHTLY -> "Nightly backup";
            case WEEKLY -> "Weekly archive";
            case CLEANUP -> "Clean-up";
            case VERIFY -> "Test restore";
            default -> kind.id();
        };
    }

    static String triggerWords(RunningJob job) {
        return switch (job.trigger()) {
            case RunTrigger.SCHEDULE -> "scheduled";
            case RunTrigger.CATCH_UP -> "catching up a missed run";
            case RunTrigger.AFTER_WEEKLY -> "after the weekly";
            case RunTrigger.MANUAL -> "started by you";
            case RunTrigger.CLI -> "started by a patina command";
            case RunTrigger.API -> "started through the API";
            default -> job.trigger();
        };
    }

    /** A weekly or clean-up's end: "Weekly archive (scheduled) ended ok: 3 done". */
    static String endLine(RunningJob job, RunReport report) {
        return runName(job.kind()) + " (" + triggerWords(job) + ") ended " + report.status().id()
                + (report.databases().isEmpty() ? "" : ": " + report.databases().stream()
                .filter(d -> d.error() != null).map(d -> d.database() + ": " + d.error()).findFirst()
                .orElse(report.databases().size() + " done"));
    }

    static String weeklyLine(WeeklyResult r) {
        String week = r.key() == null ? "Weekly"
                : "Weekly " + r.key().replaceAll(".*/", "").replaceAll("\\.tar\\.gz$", "");
        if (!r.stored()) {
            return week + " failed: " + r.error() + (r.missing().isEmpty() ? "" : " (" + r.missing().size()
                    + " missing)");
        }
        String head = week + ": " + r.members().size() + " member" + (r.members().size() == 1 ? "" : "s") + ", "
                + Bytes.formatBytes(r.size()) + ", " + r.missing().size() + " missing";
        if (r.missing().isEmpty()) {
            return head;
        }
        return head + " — " + String.join("; ", r.missing().stream().limit(5)
                .map(m -> m.database() + " " + m.date() + ": " + m.reason()).toList())
                + (r.missing().size() > 5 ? "; …" : "");
    }

    static String summary(RunReport report) {
        long ok = report.databases().stream().filter(d -> d.status() == RunStatus.OK).count();
        long bytes = report.databases().stream().mapToLong(DatabaseOutcome::bytes).sum();
        String took = report.endedAt() == null ? "" : " in " + String.format(Locale.ROOT, "%.1f s",
                Duration.between(report.startedAt(), report.endedAt()).toMillis() / 1000.0);
        String head = (report.status() == RunStatus.INTERRUPTED ? "Backup stopped: " : "Backup finished: ") + ok
                + " of " + report.databases().size() + " ok, " + Bytes.formatBytes(bytes) + took;
        List<String> failed = report.failures().stream().map(DatabaseOutcome::database).toList();
        return failed.isEmpty() ? head : head + " — failed: " + String.join(", ", failed);
    }

    /** "Last nightly: Sat 28 Nov 02:00 (scheduled), 3.2 s — 6 of 6 ok, 4.0 MiB" or "… — failed: shop, jobs". */
    static String lastRunLine(RunSummary r, ZoneId zone) {
        String who = switch (r.trigger()) {
            case RunTrigger.SCHEDULE -> "scheduled";
            case RunTrigger.CATCH_UP -> "catch-up";
            default -> r.trigger();
        };
        String head = "Last nightly: " + Durations.dayTime(r.startedAt(), zone) + " (" + who + ")";
        if (r.status() == RunStatus.RUNNING) {
            return head + " — running";
        }
        if (r.endedAt() != null) {
            head += String.format(java.util.Locale.ROOT, ", %.1f s",
                    Duration.between(r.startedAt(), r.endedAt()).toMillis() / 1000.0);
        }
        long ok = r.databases().stream().filter(d -> d.status() == RunStatus.OK).count();
        long bytes = r.databases().stream().mapToLong(DatabaseOutcome::bytes).sum();
        String line = head + " — " + r.status().id() + ", " + ok + " of " + r.databases().size() + " ok, "
                + Bytes.formatBytes(bytes);
        List<String> failed = r.databases().stream().filter(d -> d.status() != RunStatus.OK)
                .map(DatabaseOutcome::database).toList();
        return failed.isEmpty() ? line : line + "; not backed up: " + String.join(", ", failed);
    }

    /** The last line of a database, from its outcome. */
    static DatabaseProgressLine finalLine(DatabaseOutcome o) {
        if (o.status() == RunStatus.OK) {
            double seconds = o.duration() == null ? 0 : o.duration().toMillis() / 1000.0;
            return new DatabaseProgressLine(o.database(), DatabaseProgressLine.Phase.OK, String.format(Locale.ROOT,
                    "ok — %s, %,d rows in %.1f s", Bytes.formatBytes(o.bytes()), o.rows(), seconds));
        }
        return new DatabaseProgressLine(o.database(), DatabaseProgressLine.Phase.FAILED,
                "FAILED — " + (o.error() == null ? "no reason recorded" : o.error()));
    }
}
