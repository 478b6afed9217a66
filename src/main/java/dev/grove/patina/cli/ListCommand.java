package dev.grove.patina.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.grove.patina.app.PatinaRuntime;
import dev.grove.patina.app.Services;
import dev.grove.patina.catalog.ObjectQuery;
import dev.grove.patina.catalog.ObjectStatus;
import dev.grove.patina.catalog.Page;
import dev.grove.patina.catalog.StoredObject;
import dev.grove.patina.model.ObjectKind;
import dev.grove.patina.util.Bytes;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = {
        "Lists stored backups from the catalog, newest first. In a cluster's catalog a NODE column (and \"node\" in",
        "--json) names the node that stored each backup.",
        "Example: patina list --db shop --kind daily --since 2026-11-01"})
final class ListCommand extends PatinaCommand {
    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--db", paramLabel = "NAME", description = "Only this database.")
    String database;

    @Option(names = "--kind", paramLabel = "daily|weekly", description = "Only dailies or only weeklies.")
    String kind;

    @Option(names = "--since", paramLabel = "DATE", description = "Only backups of this date (YYYY-MM-DD) or later.")
    LocalDate since;

    @Option(names = "--deleted", description = "Also list objects retention has deleted (history).")
    boolean deleted;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    ListCommand(Services services) {
        super(services);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (PatinaRuntime rt = runtime.open(services, err())) {
            ObjectQuery q = ObjectQuery.firstPage(Math.max(1, Math.min(limit, ObjectQuery.MAX_LIMIT)));
            if (database != null) {
                q = q.withDatabase(database);
            }
            if (kind != null) {
                q = q.withKind(ObjectKind.parse(kind));
            }
            if (since != null) {
                q = q.withDates(since, null);
            }
            if (!deleted) {
                q = q.withStatus(ObjectStatus.PRESENT);
            }
            Page<StoredObject> page = rt.catalog().findObjects(q);
            // the cluster node that stored each (ADR 0034): a column only when some object has one
            Map<String, String> nodes = rt.catalog().nodesOf(page.items().stream().map(StoredObject::key).toList());
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (StoredObject o : page.items()) {
                    Map<String, Object> row = o.toJsonMap();
                    row.put("node", nodes.get(o.key()));
                    rows.add(row);
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("total", page.total());
                doc.put("objects", rows);
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } else if (page.items().isEmpty()) {
                out.println("no backups match (the catalog is " + rt.catalog().location() + ")");
            } else {
                int nodeWidth = nodes.values().stream().mapToInt(String::length).max().orElse(0);
                String nodeColumn = nodeWidth == 0 ? "" : "%-" + Math.max(4, nodeWidth) + "s  ";
                out.printf("%-10s  %-20s  %-6s  %10s  %12s  %-9s  " + nodeColumn + "%s%n", nodeWidth == 0
                        ? new Object[] {"DATE", "DATABASE", "KIND", "SIZE", "ROWS", "VERIFIED", "KEY"}
                        : new Object[] {"DATE", "DATABASE", "KIND", "SIZE", "ROWS", "VERIFIED", "NODE", "KEY"});
                for (StoredObject o : page.items()) {
                    long rows = o.rowCounts().entrySet().stream().filter(e -> !"sqlite_sequence".equals(e.getKey()))
                            .mapToLong(Map.Entry::getValue).sum();
                    out.printf("%-10s  %-20s  %-6s  %10s  %,12d  %-9s  %s%s%s%n", o.date(),
                            o.database() == null ? "(all)" : o.database(), o.kind().id(), Bytes.formatBytes(o.size()),
                            rows, o.verifiedAt() == null ? "no" : o.verifiedAt().toString().substring(0, 10),
                            nodeWidth == 0 ? "" : String.format(nodeColumn, nodes.getOrDefault(o.key(), "-")),
                            o.key(), o.deletedAt() != null ? "  (deleted " + o.deletedAt() + ")"
                                    : o.damaged() ? "  (DAMAGED: " + o.damage() + ")" : "");
                }
                if (page.total() > page.items().size()) {
                    out.printf("(%d of %d shown; use --limit)%n", page.items().size(), page.total());
                }
            }
            out.flush();
            return 0;
        }
    }
}
