package dev.grove.patina.dump;

import java.util.Set;

/**
 * How to restore.
 *
 * @param tables        restore only these tables (with their indexes and triggers); empty means all
 * @param excludeTables never restore these (for example {@code d1_migrations})
 * @param force         replace a non-empty target (the old file is kept beside it as {@code <target>.bak})
 */
public record RestoreOptions(Set<String> tables, Set<String> excludeTables, boolean force) {
    public RestoreOptions {
        tables = Set.copyOf(tables);
        excludeTables = Set.copyOf(excludeTables);
    }

    public static RestoreOptions all() {
        return new RestoreOptions(Set.of(), Set.of(), false);
    }

    public RestoreOptions withForce(boolean value) {
        return new RestoreOptions(tables, excludeTables, value);
    }
}
