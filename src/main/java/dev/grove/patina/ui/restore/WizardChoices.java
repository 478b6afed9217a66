package dev.grove.patina.ui.restore;

import dev.grove.patina.restore.BackupChoice;
import dev.grove.patina.restore.RestoreChoices;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the wizard's pages hold at one moment, for the texts that describe it (plan, warnings, guide, problems).
 *
 * @param backup     the chosen backup, or null
 * @param target     the chosen file, or null
 * @param d1Database the chosen D1 database's name, or null
 * @param d1Id       its database id, {@code ?} when unknown
 * @param chosen     the chosen tables, empty for all
 * @param tables     the backup's tables
 * @param base       the full the chosen daily applies to when it is a differential (ADR 0016), else null
 */
record WizardChoices(BackupChoice backup, TargetMode mode, Path target, boolean overwrite, String d1Database,
                     String d1Id, boolean allTables, Set<String> chosen, boolean skipMigrations,
                     List<String> tables, RestoreChoices.DifferentialBase base) {
    /** Table that D1 keeps its migrations in; usually not wanted in a local restore. */
    static final String D1_MIGRATIONS = "d1_migrations";

    /** The tables never restored: D1's migrations table, unless it was asked for. */
    Set<String> excludeTables() {
        return skipMigrations ? Set.of(D1_MIGRATIONS) : Set.of();
    }

    /** {@code all tables}, or the chosen ones, and whether D1's migrations table is skipped. */
    String tableWords() {
        String which = allTables ? "all tables" : "the tables " + String.join(", ", chosen);
        return skipMigrations && tables.contains(D1_MIGRATIONS) ? which + " except " + D1_MIGRATIONS : which;
    }
}
