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
 * @param stale     why the replica is stale — the last sync to it failed and left objects missing, or an object it
 *                  lacks was stored on the primary more than {@link dev.grove.patina.backup.BackupFreshness#STALE_AFTER}
 *                  ago — or null: a warning {@code status} and {@code /health} carry
 */
public record ReplicaState(String name, String where, long behind, String lastError, String stale) {
    /** A state that is not stale. */
    public ReplicaState(String name, String where, long behind, String lastError) {
        this(name, where, behind, lastError, null);
    }

    /** Whether monitoring is to be told ({@link #stale()} says why). */
    public boolean isStale() {
        return stale != null;
    }

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
        m.put("stale", isStale());
        m.put("staleReason", stale);
        return m;
    }
}
