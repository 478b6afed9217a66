package dev.grove.patina.util;

import java.util.UUID;
import java.util.regex.Pattern;

/** Identifiers of runs and jobs: random UUIDs in their canonical lower-case text form. */
public final class JobIds {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private JobIds() {
    }

    /** Returns a new random job id such as {@code 3f2b8c1e-…}. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Tells whether {@code id} is a job id in canonical form (what {@link #newId()} returns). */
    public static boolean isValid(String id) {
        return id != null && CANONICAL.matcher(id).matches();
    }
}
