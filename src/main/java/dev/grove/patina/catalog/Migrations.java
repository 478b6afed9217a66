package dev.grove.patina.catalog;

import java.util.List;

/**
 * The ordered upgrade chain 0 → 1 → … → {@link #latest()}. To change the schema, add a class {@code V2…} that
 * implements {@link Migration} with {@code target() == 2} and append it to {@link #standard()}; never edit a step
 * that has shipped, since catalogs in the field are already past it.
 */
final class Migrations {
    private final List<Migration> steps;

    Migrations(List<Migration> steps) {
        this.steps = List.copyOf(steps);
        for (int i = 0; i < this.steps.size(); i++) {
            if (this.steps.get(i).target() != i + 1) {
                throw new IllegalArgumentException("migration " + (i + 1) + " targets version "
                        + this.steps.get(i).target() + "; the chain must be 1, 2, 3, … without gaps");
            }
        }
    }

    /** The chain of this version of Patina. */
    static Migrations standard() {
        return new Migrations(List.of(new V1InitialSchema(), new V2DamageAndRunPuts(), new V3EncryptionAndCopies(),
                new V4RecordedSchemas(), new V5Verifications(), new V6ObjectChains(), new V7Nodes()));
    }

    /** The schema version this code reads and writes. */
    int latest() {
        return steps.size();
    }

    /** The steps that take a catalog at {@code version} to {@link #latest()}. */
    List<Migration> after(int version) {
        return steps.subList(Math.min(Math.max(version, 0), steps.size()), steps.size());
    }
}
