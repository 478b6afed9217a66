package dev.grove.patina.backup;

import dev.grove.patina.catalog.BackupSchemas;
import dev.grove.patina.catalog.Catalog;
import dev.grove.patina.dump.DumpSummary;
import dev.grove.patina.schema.ChangeKind;
import dev.grove.patina.schema.DatabaseSchema;
import dev.grove.patina.schema.SchemaChange;
import dev.grove.patina.schema.SchemaComparison;
import dev.grove.patina.schema.SchemaReader;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the schema each nightly daily holds (catalog version 4) and says what changed since the previous recorded
 * backup of the same database: "column users.email dropped, index users_big added". What is compared is what SQLite
 * reports for the two sets of CREATE statements ({@link SchemaComparison}), never their text: a schema whose text
 * changed but whose meaning did not (SQLite rewrote a statement after an ALTER) is no change.
 *
 * <p>A backup never fails because of this: a schema that cannot be recorded or compared is logged and skipped.
 */
final class SchemaWatch {
    /** Changes named in one line at most; the rest are counted ("and 3 more"). */
    static final int NAMED = 5;
    private static final Logger LOG = LoggerFactory.getLogger(SchemaWatch.class);

    private final Catalog catalog;
    private final SchemaReader reader;

    SchemaWatch(Catalog catalog, SchemaReader reader) {
        this.catalog = catalog;
        this.reader = reader;
    }

    /** The newest recorded schema of {@code database}, read before this backup records its own. */
    Optional<BackupSchemas.Recorded> previous(String database) {
        try {
            return catalog.schemas().latest(database);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the previous schema of {}: {}", database, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Records that {@code key} holds the schema of {@code summary}, and compares it with {@code previous}.
     *
     * @return what changed in one line, or null when nothing changed, there is no previous schema, or it failed
     */
    String record(String key, String database, DumpSummary summary, Optional<BackupSchemas.Recorded> previous) {
        String fingerprint;
        try {
            fingerprint = catalog.schemas().record(key, summary.schema());
        } catch (RuntimeException e) {
            LOG.warn("cannot record the schema of {} ({}): {}", database, key, e.getMessage());
            return null;
        }
        if (previous.isEmpty() || previous.get().fingerprint().equals(fingerprint)) {
            return null;
        }
        try {
            BackupSchemas.Recorded before = previous.get();
            DatabaseSchema from = reader.fromStatements(database, "backup " + before.key(), before.statements(),
                    null);
            DatabaseSchema to = reader.fromStatements(database, "backup " + key, summary.schema(), null);
            SchemaComparison comparison = SchemaComparison.of(from, to, before.date().toString(), key);
            return comparison.schemaChanged() ? headline(comparison.changes()) : null;
        } catch (RuntimeException e) {
            LOG.warn("cannot compare the schema of {} with its previous backup: {}", database, e.getMessage());
            return null;
        }
    }

    /** "column users.email dropped, index users_big added" — row counts left out, at most {@link #NAMED} named. */
    static String headline(List<SchemaChange> changes) {
        List<String> texts = changes.stream().filter(c -> c.kind() != ChangeKind.ROWS).map(SchemaChange::text)
                .toList();
        String named = String.join(", ", texts.subList(0, Math.min(NAMED, texts.size())));
        return texts.size() > NAMED ? named + " and " + (texts.size() - NAMED) + " more" : named;
    }
}
