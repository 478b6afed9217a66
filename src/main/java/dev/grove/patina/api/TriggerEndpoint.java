package dev.grove.patina.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.patina.backup.Redactor;
import dev.grove.patina.model.RunKind;
import dev.grove.patina.model.RunTrigger;
import dev.grove.patina.run.RunOrder;
import dev.grove.patina.run.RunScope;
import dev.grove.patina.run.RunService;
import dev.grove.patina.run.TriggerResult;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code POST /trigger}: an order to the process's run service (trigger {@code api}), scheduler or not — the same
 * road, queue, catalog record and alert as every other run.
 */
final class TriggerEndpoint {
    private final RunService runs;
    private final ObjectMapper json;
    private final Redactor redactor;
    /** The configured database of that name, or a 400 naming the configured ones. */
    private final UnaryOperator<String> databaseName;
    /** The store of that name ({@code primary} or a replica), or a 400 naming the stores there are. */
    private final UnaryOperator<String> storeName;

    TriggerEndpoint(RunService runs, ObjectMapper json, Redactor redactor, UnaryOperator<String> databaseName,
                    UnaryOperator<String> storeName) {
        this.runs = runs;
        this.json = json;
        this.redactor = redactor;
        this.databaseName = databaseName;
        this.storeName = storeName;
    }

    void trigger(Context ex) throws IOException {
        JsonNode body;
        byte[] raw = ApiHttp.readBody(ex);
        try {
            body = raw.length == 0 ? json.createObjectNode() : json.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "body: not valid JSON (expected {\"kind\":\"nightly\"})");
        }
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "body: expected a JSON object such as {\"kind\":\"nightly\"}");
        }
        JsonNode kindNode = body.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            throw new ApiException(400, "kind: required, one of nightly, weekly, cleanup, verify");
        }
        RunKind kind = switch (kindNode.asText()) {
            case "nightly" -> RunKind.NIGHTLY;
            case "weekly" -> RunKind.WEEKLY;
            case "cleanup" -> RunKind.CLEANUP;
            case "verify" -> RunKind.VERIFY;
            default -> throw new ApiException(400, "kind: '" + ApiHttp.printable(kindNode.asText())
                    + "' is unknown (expected nightly, weekly, cleanup or verify)");
        };
        if (kind == RunKind.VERIFY) {
            verify(ex, body);
            return;
        }
        for (String key : new String[] {"date", "store", "decrypt"}) {
            if (body.has(key)) {
                throw new ApiException(400, key + ": only a verify takes it");
            }
        }
        JsonNode dbNode = body.get("db");
        if (dbNode != null && !dbNode.isNull()) {
            if (!dbNode.isTextual()) {
                throw new ApiException(400, "db: expected a database name");
            }
            if (kind != RunKind.NIGHTLY) {
                throw new ApiException(400, "db: only a nightly can be run for one database");
            }
            String db = databaseName.apply(dbNode.asText());
            sendTrigger(ex, runs.submit(RunOrder.nightly(RunTrigger.API, Set.of(db))), db);
            return;
        }
        sendTrigger(ex, runs.submit(RunOrder.of(kind, RunTrigger.API)), null);
    }

    /**
     * {@code {"kind":"verify","db":…,"date":"YYYY-MM-DD","store":…,"decrypt":true}} (all but kind optional): the
     * test restore of the latest backup of each database (or {@code db}), or of a date's dailies, on the primary or
     * a replica — the same order as {@code patina verify} with those options.
     */
    private void verify(Context ex, JsonNode body) {
        Set<String> dbs = Set.of();
        String db = null;
        JsonNode dbNode = body.get("db");
        if (dbNode != null && !dbNode.isNull()) {
            if (!dbNode.isTextual()) {
                throw new ApiException(400, "db: expected a database name");
            }
            db = databaseName.apply(dbNode.asText());
            dbs = Set.of(db);
        }
        LocalDate date = null;
        JsonNode dateNode = body.get("date");
        if (dateNode != null && !dateNode.isNull()) {
            if (!dateNode.isTextual()) {
                throw new ApiException(400, "date: expected a date such as \"2026-03-02\"");
            }
            try {
                date = LocalDate.parse(dateNode.asText());
            } catch (DateTimeParseException e) {
                throw new ApiException(400, "date: '" + ApiHttp.printable(dateNode.asText())
                        + "' is not a date (expected YYYY-MM-DD)");
            }
        }
        String store = null;
        JsonNode storeNode = body.get("store");
        if (storeNode != null && !storeNode.isNull()) {
            if (!storeNode.isTextual()) {
                throw new ApiException(400, "store: expected a store name");
            }
            store = storeName.apply(storeNode.asText());
        }
        boolean decrypt = false;
        JsonNode decryptNode = body.get("decrypt");
        if (decryptNode != null && !decryptNode.isNull()) {
            if (!decryptNode.isBoolean()) {
                throw new ApiException(400, "decrypt: expected true or false");
            }
            decrypt = decryptNode.asBoolean();
        }
        sendTrigger(ex, runs.submit(RunOrder.verify(RunTrigger.API, new RunScope.VerifyScope(dbs, decrypt, date,
                store))), db);
    }

    /** The answer to a trigger: 202 when it runs now or next, 409 when merged or refused, 503 when closing. */
    private void sendTrigger(Context ex, TriggerResult r, String db) {
        RunKind kind = r.kind();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("accepted", r.outcome() == TriggerResult.TriggerOutcome.STARTED
                || r.outcome() == TriggerResult.TriggerOutcome.QUEUED);
        doc.put("kind", kind.id());
        if (db != null) {
            doc.put("db", db);
        }
        doc.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
        doc.put("ticket", r.ticket());
        int code;
        switch (r.outcome()) {
            case STARTED, QUEUED -> code = 202;
            case MERGED -> {
                code = 409;
                doc.put("error", "already queued: a " + kind.id() + " is running and another is queued behind it");
            }
            case UNAVAILABLE, BUSY -> {
                code = 409;
                doc.put("error", redactor.redact(ApiHttp.oneLine(r.message())));
            }
            default -> {
                code = 503;
                doc.put("error", "Patina is shutting down");
            }
        }
        if (r.message() != null && !doc.containsKey("error")) {
            doc.put("message", redactor.redact(ApiHttp.oneLine(r.message())));
        }
        ApiHttp.sendJson(json, ex, code, doc);
    }
}
