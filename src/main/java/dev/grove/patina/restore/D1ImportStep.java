package dev.grove.patina.restore;

import dev.grove.patina.restore.RestoreOutcome.ImportedToD1;
import dev.grove.patina.source.d1.D1Client;
import dev.grove.patina.source.d1.D1Importer;
import dev.grove.patina.util.Bytes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/** A fetched dump into D1: every statement checked first (nothing sent when one fails), then sent and waited for. */
final class D1ImportStep {
    private final D1Importer importer;
    private final Clock clock;

    D1ImportStep(D1Importer importer, Clock clock) {
        this.importer = importer;
        this.clock = clock;
    }

    /** Checks the dump for D1, then (unless cancelled meanwhile) sends it; D1's messages are passed on. */
    ImportedToD1 importInto(Path dump, RestoreTarget.D1Database target, String databaseId, RestoreSteps steps) {
        String name = target.database();
        steps.step(0.4, "Checking every statement of " + dump.getFileName() + " for D1…");
        try (D1Importer.PreparedImport check = importer.check(dump)) {
            steps.step(0.5, "Checked: " + String.format(Locale.ROOT, "%,d", check.statements()) + " statements, "
                    + Bytes.formatBytes(check.bytes()) + " of SQL. Sending it to D1 database " + name + "…");
            steps.check();
            Instant sent = clock.instant();
            steps.sentToD1(sent);
            steps.indeterminate("Importing into D1 database " + name + " (D1 blocks it until the import ends). "
                    + "Cancel now only stops Patina waiting: D1 finishes the import.");
            D1Client.ImportResult r = importer.importInto(check, target.confirmation(), target.pollEvery(),
                    message -> {
                        steps.check();
                        steps.message("D1: " + message);
                    });
            return new ImportedToD1(name, databaseId, r.statements(), r.finalBookmark(), sent, check.statements(),
                    check.bytes(), check.tables());
        }
    }
}
