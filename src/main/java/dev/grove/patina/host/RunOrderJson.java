package dev.grove.patina.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grove.patina.backup.VerifyService;
import dev.grove.patina.backup.weekly.IsoWeek;
import dev.grove.patina.catalog.RestoreProofs;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunStatus;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.DatabaseProgress;
import dev.grove.patina.run.RunEvent;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunScope;
import dev.grove.patina.run.RunningJob;
import dev.grove.patina.run.TriggerResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A run handed over through the {@link ControlPort}, as JSON lines. The order: {@code {"kind":"nightly",
 * "databases":["shop"]}}, {@code {"kind":"weekly","week":"2026-W48"}}, {@code {"kind":"verify","databases":[],
 * "decrypt":false,"date":"2026-11-28","store":"usb"}} (date and store optional) or {@code {"kind":"cleanup"}} (the taker
 * computes the plan from its policy when the run starts: a plan is not sent). The answers: one {@code accepted}
 * line (the trigger's outcome and ticket), {@code progress} lines (the run's databases), and one {@code end} line
 * ({@code finished}, {@code failed}, {@code skipped} or {@code refused}, with the catalog's run id when it ran; a
 * verify's also carries its {@code verdicts}, each with the checks its test restore ran).
 */
final class RunOrderJson {
    private final ObjectMapper json = new ObjectMapper();

    /** The order as one line; a cleanup's plan is left out (the taker computes it). */
    String order(RunOrder order) {
        ObjectNode n = json.createObjectNode();
        n.put("kind", order.kind().id());
        if (order.scope() instanceof RunScope.NightlyScope s) {
            ArrayNode dbs = n.putArray("databases");
            s.databases().stream().sorted().forEach(dbs::add);
        } else if (order.scope() instanceof RunScope.VerifyScope s) {
            ArrayNode dbs = n.putArray("databases");
            s.databases().stream().sorted().forEach(dbs::add);
            n.put("decrypt", s.decrypt());
            if (s.date() != null) {
                n.put("date", s.date().toString());
            }
            if (s.store() != null) {
                n.put("store", s.store());
            }
        } else if (order.scope() instanceof RunScope.WeeklyScope s && s.week() != null) {
            n.put("week", s.week().toString());
        }
        return n.toString();
    }

    /**
     * The order a line asks for, with the CLI as its trigger whatever the line says.
     *
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    RunOrder order(String line) {
        JsonNode n;
        try {
            n = json.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a run order is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject() || !n.path("kind").isTextual()) {
            throw new IllegalArgumentException("a run order needs a kind (nightly, weekly or cleanup)");
        }
        String kind = n.get("kind").asText();
        switch (kind) {
            case "nightly" -> {
                Set<String> dbs = new LinkedHashSet<>();
                for (JsonNode d : n.path("databases")) {
                    if (!d.isTextual()) {
                        throw new IllegalArgumentException("databases: expected names");
                    }
                    dbs.add(d.asText());
                }
                return RunOrder.nightly(RunTrigger.CLI, dbs);
            }
            case "weekly" -> {
                return RunOrder.weekly(RunTrigger.CLI, n.path("week").isTextual()
                        ? IsoWeek.parse(n.get("week").asText()) : null);
            }
            case "cleanup" -> {
                return RunOrder.cleanup(RunTrigger.CLI, null);
            }
            case "verify" -> {
                Set<String> dbs = new LinkedHashSet<>();
                for (JsonNode d : n.path("databases")) {
                    if (!d.isTextual()) {
                        throw new IllegalArgumentException("databases: expected names");
                    }
                    dbs.add(d.asText());
                }
                java.time.LocalDate date = null;
                if (n.hasNonNull("date")) {
                    try {
                        date = java.time.LocalDate.parse(n.get("date").asText());
                    } catch (java.time.format.DateTimeParseException e) {
                        throw new IllegalArgumentException("date: '" + n.get("date").asText() + "' is not a date "
                                + "(YYYY-MM-DD)");
                    }
                }
                String store = null;
                if (n.hasNonNull("store")) {
                    if (!n.get("store").isTextual()) {
                        throw new IllegalArgumentException("store: expected a store's name");
                    }
                    store = n.get("store").asText();
                }
                return RunOrder.verify(RunTrigger.CLI, new RunScope.VerifyScope(dbs, n.path("decrypt")
                        .asBoolean(false), date, store));
            }
            default -> throw new IllegalArgumentException("kind: '" + kind + "' is not nightly, weekly, cleanup or "
                    + "verify");
        }
    }

    String accepted(TriggerResult r) {
        ObjectNode n = event("accepted");
        n.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        n.put("ticket", r.ticket());
        n.put("message", r.message());
        return n.toString();
    }

    String progress(RunningJob job) {
        ObjectNode n = event("progress");
        n.put("kind", job.kind().id());
        n.put("ticket", job.ticket());
        n.put("trigger", job.trigger());
        n.put("startedAt", job.startedAt().toString());
        ArrayNode dbs = n.putArray("databases");
        for (DatabaseProgress d : job.databases()) {
            ObjectNode o = dbs.addObject().put("database", d.database()).put("rows", d.rows())
                    .put("bytes", d.bytes()).put("status", d.status().id());
            if (d.node() != null) {
                o.put("node", d.node());
            }
            if (d.queued()) {
                o.put("queued", true);
            }
        }
        return n.toString();
    }

    /** The last line: how the run ended ({@code runId} when it ran) and why, for the operator. */
    String end(String state, String runId, String message) {
        return end(state, runId, message, List.of());
    }

    /**
     * The last line of a verify that ran: as {@link #end(String, String, String)}, with the verdict on each object
     * and the checks its test restore ran, so the CLI that handed it over prints them as a run of its own does.
     */
    String end(String state, String runId, String message, List<VerifyService.Verdict> verdicts) {
        ObjectNode n = event("end");
        n.put("state", state);
        n.put("runId", runId);
        n.put("message", message);
        if (!verdicts.isEmpty()) {
            ArrayNode list = n.putArray("verdicts");
            for (VerifyService.Verdict v : verdicts) {
                ObjectNode o = list.addObject();
                o.put("key", v.key());
                o.put("database", v.database());
                o.put("outcome", v.outcome().name());
                o.put("detail", v.detail());
                o.put("what", v.what());
                ArrayNode checks = o.putArray("checks");
                for (RestoreProofs.CheckRun c : v.checks()) {
                    checks.addObject().put("check", c.check()).put("passed", c.passed()).put("result", c.result());
                }
            }
        }
        return n.toString();
    }

    /** The verdicts an end line carries (a verify's); empty for other runs, or a taker that sends none. */
    List<VerifyService.Verdict> verdicts(TakerLine end) {
        List<VerifyService.Verdict> out = new ArrayList<>();
        for (JsonNode o : end.body().path("verdicts")) {
            List<RestoreProofs.CheckRun> checks = new ArrayList<>();
            for (JsonNode c : o.path("checks")) {
                checks.add(new RestoreProofs.CheckRun(c.path("check").asText(), c.path("passed").asBoolean(),
                        c.path("result").asText("")));
            }
            VerifyService.Finding finding;
            try {
                finding = VerifyService.Finding.valueOf(o.path("outcome").asText());
            } catch (IllegalArgumentException e) {
                finding = VerifyService.Finding.CHECK_FAILED; // a newer taker's finding: not ok, not damage
            }
            out.add(new VerifyService.Verdict(o.path("key").asText(), o.path("database").isTextual()
                    ? o.get("database").asText() : null, finding, o.path("detail").asText(""),
                    o.path("what").isTextual() ? o.get("what").asText() : null, checks));
        }
        return out;
    }

    private ObjectNode event(String name) {
        ObjectNode n = json.createObjectNode();
        n.put("event", name);
        return n;
    }

    /** What an answer line says. */
    record TakerLine(String event, JsonNode body) {
        boolean isEnd() {
            return "end".equals(event);
        }

        String text(String field) {
            JsonNode v = body.path(field);
            return v.isTextual() ? v.asText() : null;
        }
    }

    TakerLine answer(String line) {
        try {
            JsonNode n = json.readTree(line);
            return new TakerLine(n.path("event").asText(""), n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the run's taker answered something that is not JSON: "
                    + line.substring(0, Math.min(line.length(), 80)));
        }
    }

    /** A progress answer as the run event the taker's own listeners saw, for the same progress lines here. */
    Optional<RunEvent> progressEvent(TakerLine a) {
        if (!"progress".equals(a.event())) {
            return Optional.empty();
        }
        JsonNode b = a.body();
        List<DatabaseProgress> dbs = new ArrayList<>();
        for (JsonNode d : b.path("databases")) {
            dbs.add(new DatabaseProgress(d.path("database").asText(), d.path("rows").asLong(),
                    d.path("bytes").asLong(), RunStatus.parse(d.path("status").asText()),
                    d.hasNonNull("node") ? d.get("node").asText() : null, d.path("queued").asBoolean(false)));
        }
        RunKind kind = RunKind.parse(b.path("kind").asText());
        return Optional.of(new RunEvent.RunProgressed(new RunningJob(b.path("ticket").asText(), kind,
                b.path("trigger").asText(), null, Instant.parse(b.path("startedAt").asText()), dbs)));
    }
}
