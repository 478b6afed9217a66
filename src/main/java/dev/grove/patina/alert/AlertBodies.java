package dev.grove.patina.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grove.patina.model.AlertFormat;
import dev.grove.patina.model.DatabaseOutcome;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunReport;
import dev.grove.patina.model.RunStatus;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;

/** The JSON body of a webhook request, per {@link AlertFormat}. */
final class AlertBodies {
    /** Discord refuses content longer than this. */
    static final int DISCORD_MAX = 2000;
    /** Slack accepts far more, but a message longer than this is not read; the rest is counted. */
    static final int SLACK_MAX = 4000;

    private final ObjectMapper json = new ObjectMapper();
    private final AlertText slack = new AlertText(Markup.SLACK);
    private final AlertText discord = new AlertText(Markup.DISCORD);

    /** The body reporting {@code report}. */
    String report(AlertFormat format, RunReport report) {
        return switch (format) {
            case SLACK -> write(slack(slack.render(report, SLACK_MAX)));
            case DISCORD -> write(discord(discord.render(report, DISCORD_MAX)));
            case GENERIC -> write(generic(report));
        };
    }

    /**
     * The body of "Send test alert": a short message for the chat formats; for the generic format a well-formed
     * run document with {@code "test": true}, trigger {@code test} and no databases.
     */
    String test(AlertFormat format, Instant now) {
        return switch (format) {
            case SLACK -> write(slack(slack.testMessage(now)));
            case DISCORD -> write(discord(discord.testMessage(now)));
            case GENERIC -> {
                RunReport sample = new RunReport("test", RunKind.NIGHTLY, "test",
                        now.atZone(ZoneOffset.UTC).toLocalDate(), now, now, RunStatus.OK, java.util.List.of());
                ObjectNode node = generic(sample);
                node.put("test", true);
                yield write(node);
            }
        };
    }

    /**
     * The body of a notice that is not about one run: the text for the chat formats (prefixed with "Patina: ");
     * for the generic format {@code {"notice": kind, "text": …, "at": …}}.
     */
    String notice(AlertFormat format, String kind, String text, Instant at) {
        return switch (format) {
            case SLACK -> write(slack("Patina: " + text));
            case DISCORD -> write(discord("Patina: " + (text.length() > DISCORD_MAX - 8
                    ? text.substring(0, DISCORD_MAX - 9) + "…" : text)));
            case GENERIC -> {
                ObjectNode node = json.createObjectNode();
                node.put("notice", kind);
                node.put("text", text);
                node.put("at", at.toString());
                yield write(node);
            }
        };
    }

    private ObjectNode slack(String text) {
        ObjectNode node = json.createObjectNode();
        node.put("text", text);
        return node;
    }

    private ObjectNode discord(String content) {
        ObjectNode node = json.createObjectNode();
        node.put("content", content);
        // Error texts are foreign: never let them ping @everyone, roles or users.
        node.putObject("allowed_mentions").putArray("parse");
        return node;
    }

    private ObjectNode generic(RunReport r) {
        ObjectNode node = json.createObjectNode();
        node.put("runId", r.runId());
        node.put("kind", r.kind() == null ? null : r.kind().id());
        node.put("trigger", r.trigger());
        node.put("runDate", r.runDate() == null ? null : r.runDate().toString());
        node.put("status", r.status() == null ? null : r.status().id());
        node.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
        node.put("endedAt", r.endedAt() == null ? null : r.endedAt().toString());
        ArrayNode dbs = node.putArray("databases");
        for (DatabaseOutcome d : r.databases()) {
            ObjectNode o = dbs.addObject();
            o.put("name", d.database());
            o.put("status", d.status() == null ? null : d.status().id());
            o.put("rows", d.rows());
            o.put("bytes", d.bytes());
            if (d.duration() == null) {
                o.putNull("durationMs");
            } else {
                o.put("durationMs", d.duration().toMillis());
            }
            o.put("error", d.error());
            o.put("objectKey", d.objectKey());
            if (d.schemaChange() != null) {
                o.put("schemaChange", d.schemaChange());
            }
        }
        if (!r.replicas().isEmpty()) {
            ArrayNode replicas = node.putArray("replicas");
            for (dev.grove.patina.model.ReplicaOutcome x : r.replicas()) {
                ObjectNode o = replicas.addObject();
                o.put("name", x.replica());
                o.put("copied", x.copied());
                o.put("deleted", x.deleted());
                o.put("behind", x.behind());
                o.put("error", x.error());
            }
        }
        return node;
    }

    private String write(ObjectNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write the alert body", e);
        }
    }
}
