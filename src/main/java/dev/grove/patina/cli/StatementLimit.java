package dev.grove.patina.cli;

import dev.grove.patina.dump.Restorer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --max-statement-mib}: at least 1, at most what SQLite reads as one statement. */
final class StatementLimit {
    private StatementLimit() {
    }

    static int check(CommandSpec spec, int mib) {
        long max = Restorer.MAX_SQL_LENGTH >> 20;
        if (mib < 1 || mib > max) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-statement-mib must be between 1 and "
                    + max + " (SQLite reads no statement over " + Restorer.MAX_SQL_LENGTH + " bytes); found " + mib);
        }
        return mib;
    }
}
