package dev.grove.patina.alert;

import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.ReplicaOutcome;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.util.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The human message of a run for a chat service: one summary line, then one line per failed database (or, for a
 * success, per database), cut to the service's length limit with "… and N more".
 */
final class AlertText {
    /** Longest error text shown for one database. */
    static final int ERROR_MAX = 300;
    /** Longest database name shown. */
    static final int NAME_MAX = 100;

    private final Markup markup;

    AlertText(Markup markup) {
        this.markup = markup;
    }

    /** Whether the run is one an operator must hear about: it failed, partly failed, was interrupted. */
    static boolean isFailure(RunReport report) {
        RunStatus s = report.status();
        return s == RunStatus.FAILED || s == RunStatus.PARTIAL || s == RunStatus.INTERRUPTED
                || !report.failures().isEmpty() || !report.replicaFailures().isEmpty();
    }

    /** Whether a database's schema changed since its previous backup in this run. */
    static boolean hasSchemaChange(RunReport report) {
        return report.databases().stream().anyMatch(d -> d.schemaChange() != null);
    }

    /** The message, at most {@code maxChars} UTF-16 units. */
    String render(RunReport report, int maxChars) {
        boolean failure = isFailure(report);
        String summary = cut(summary(report, failure), maxChars);
        List<String> lines = new ArrayList<>();
        if (failure) {
            for (DatabaseOutcome d : report.failures()) {
                lines.add(failureLine(d));
            }
            for (DatabaseOutcome d : report.databases()) {
                if (d.status() == RunStatus.OK && d.schemaChange() != null) {
                    lines.add(schemaLine(d));
                }
            }
            for (ReplicaOutcome r : report.replicaFailures()) {
                lines.add(replicaLine(r));
            }
        } else {
            for (DatabaseOutcome d : report.databases()) {
                lines.add(successLine(d));
            }
        }
        return fit(summary, lines, maxChars);
    }

    /** The test message of "Send test alert". */
    String testMessage(Instant now) {
        return "\u2705 " + markup.bold("Patina test alert") + ": this webhook works (sent " + now + ").";
    }

    private String summary(RunReport r, boolean failure) {
        String status = r.status() == null ? "UNKNOWN" : r.status().name();
        String kind = r.kind() == null ? "" : " " + r.kind().id();
        StringBuilder b = new StringBuilder();
        b.append(emoji(r.status(), failure)).append(' ')
                .append(markup.bold("Patina" + kind + " run " + status));
        if (r.runDate() != null) {
            b.append(" for ").append(r.runDate());
        }
        b.append(": ");
        int total = r.databases().size();
        int failed = r.failures().size();
        if (!failure) {
            long rows = r.databases().stream().mapToLong(DatabaseOutcome::rows).sum();
            long bytes = r.databases().stream().mapToLong(d -> Math.max(0, d.bytes())).sum();
            b.append(plural(total, "database")).append(", ").append(plural(rows, "row")).append(", ")
                    .append(Bytes.formatBytes(bytes));
        } else if (failed > 0) {
            b.append(failed).append(" of ").append(plural(total, "database")).append(" failed");
        } else if (!r.replicaFailures().isEmpty() && r.status() == RunStatus.OK) {
            b.append(plural(total, "database")).append(" backed up; ")
                    .append(plural(r.replicaFailures().size(), "replica")).append(" behind");
        } else {
            b.append("stopped before it finished (").append(plural(total, "database")).append(" done)");
        }
        List<String> meta = new ArrayList<>();
        if (r.runId() != null) {
            meta.add("run " + markup.text(UrlScrubber.oneLine(r.runId(), NAME_MAX)));
        }
        if (r.trigger() != null && !r.trigger().isBlank()) {
            meta.add(markup.text(UrlScrubber.oneLine(r.trigger(), NAME_MAX)));
        }
        if (r.startedAt() != null && r.endedAt() != null && !r.endedAt().isBefore(r.startedAt())) {
            meta.add(duration(Duration.between(r.startedAt(), r.endedAt())));
        }
        if (!meta.isEmpty()) {
            b.append(" (").append(String.join(", ", meta)).append(')');
        }
        return b.toString();
    }

    private String failureLine(DatabaseOutcome d) {
        StringBuilder b = new StringBuilder("\u2022 ").append(name(d));
        if (d.status() != null && d.status() != RunStatus.FAILED) {
            b.append(" (").append(d.status().id()).append(')');
        }
        String error = d.error() == null || d.error().isBlank() ? "failed (no error recorded)"
                : UrlScrubber.oneLine(d.error(), ERROR_MAX);
        return b.append(": ").append(markup.text(error)).toString();
    }

    private String schemaLine(DatabaseOutcome d) {
        return "\u2022 " + name(d) + ": schema changed: " + markup.text(UrlScrubber.oneLine(d.schemaChange(),
                ERROR_MAX));
    }

    /** {@code • replica offsite: 3 behind — connection refused …}: which replica, and why. */
    private String replicaLine(ReplicaOutcome r) {
        String error = UrlScrubber.oneLine(r.error(), ERROR_MAX);
        return "\u2022 replica " + markup.code(UrlScrubber.oneLine(r.replica(), NAME_MAX)) + ": "
                + markup.text(r.behind() + " behind \u2014 " + error);
    }

    private String successLine(DatabaseOutcome d) {
        StringBuilder b = new StringBuilder("\u2022 ").append(name(d)).append(" \u2014 ")
                .append(plural(d.rows(), "row")).append(", ").append(Bytes.formatBytes(Math.max(0, d.bytes())));
        if (d.duration() != null) {
            b.append(" in ").append(duration(d.duration()));
        }
        if (d.schemaChange() != null) {
            b.append("; schema changed: ").append(markup.text(UrlScrubber.oneLine(d.schemaChange(), ERROR_MAX)));
        }
        return b.toString();
    }

    private String name(DatabaseOutcome d) {
        String n = d.database() == null || d.database().isBlank() ? "(unnamed)"
                : UrlScrubber.oneLine(d.database(), NAME_MAX);
        return markup.code(n);
    }

    /**
     * The summary and as many lines as fit in {@code max}, the rest counted in a closing "… and N more" line.
     * Lines are kept whole and in order.
     */
    static String fit(String head, List<String> lines, int max) {
        int n = lines.size();
        long[] length = new long[n + 1];
        length[0] = head.length();
        for (int i = 0; i < n; i++) {
            length[i + 1] = length[i] + 1 + lines.get(i).length();
        }
        for (int k = n; k >= 0; k--) {
            long total = length[k] + (k == n ? 0 : 1 + more(n - k).length());
            if (total <= max) {
                StringBuilder b = new StringBuilder(head);
                for (int i = 0; i < k; i++) {
                    b.append('\n').append(lines.get(i));
                }
                if (k < n) {
                    b.append('\n').append(more(n - k));
                }
                return b.toString();
            }
        }
        return cut(head, max);
    }

    static String more(int count) {
        return "\u2026 and " + count + " more";
    }

    /** {@code s} cut to {@code max} UTF-16 units, ending in an ellipsis when cut, never splitting a surrogate pair. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Math.max(0, max - 1);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "\u2026";
    }

    /** {@code 350 ms}, {@code 12.3 s}, {@code 4m 05s}, {@code 1h 02m}. */
    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    private static String plural(long count, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", count, noun, count == 1 ? "" : "s");
    }

    private static String emoji(RunStatus status, boolean failure) {
        if (status == RunStatus.FAILED) {
            return "\u274C";
        }
        if (failure) {
            return "\u26A0\uFE0F";
        }
        return "\u2705";
    }
}
