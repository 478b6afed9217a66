package dev.grove.patina.backup.replica;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far a replica is behind the primary now, from the catalog: what {@code patina status}, the API's
 * {@code /status} and the dashboard show.
 *
 * @param name      the replica's name
 * @param where     the store, as {@code describe()} says it (never a secret)
 * @param behind    the primary's present objects it has no matching copy of
 * @param lastError why its latest pending copy failed, or null
 */
public record ReplicaState(String name, String where, long behind, String lastError) {
    /** {@code offsite: in sync} or {@code offsite: 3 behind — connection refused …}. */
    public String line() {
        return name + ": " + (behind == 0 ? "in sync" : behind + " behind" + (lastError == null ? ""
                : " \u2014 " + lastError));
    }

    /** The state as the JSON of {@code status --json} and {@code /status} has it. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("store", where);
        m.put("inSync", behind == 0);
        m.put("behind", behind);
        m.put("lastError", lastError);
        return m;
    }
}
