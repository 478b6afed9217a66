package dev.grove.patina.backup.retention;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The result of {@link RetentionPlanner#plan}: one decision per present object, dailies first (by database, newest
 * first), then weeklies (newest first).
 *
 * @param today     the day the plan was made for
 * @param policy    the policy it applies
 * @param decisions one per object; no key appears twice
 */
public record RetentionPlan(LocalDate today, RetentionPolicy policy, List<Decision> decisions) {
    public RetentionPlan {
        Objects.requireNonNull(today, "today");
        Objects.requireNonNull(policy, "policy");
        decisions = List.copyOf(decisions);
        Set<String> keys = new HashSet<>();
        for (Decision d : decisions) {
            if (!keys.add(d.key())) {
                throw new IllegalArgumentException("the plan decides twice about " + d.key());
            }
        }
    }

    /** The objects to remove, in plan order. */
    public List<Decision> removals() {
        return decisions.stream().filter(d -> d.action() == Decision.Action.REMOVE).toList();
    }

    /** The objects to keep, in plan order. */
    public List<Decision> keeps() {
        return decisions.stream().filter(d -> d.action() == Decision.Action.KEEP).toList();
    }

    /** How many objects are kept only by the safety rule. */
    public long keptBySafety() {
        return decisions.stream().filter(Decision::safety).count();
    }

    /** The decision about {@code key}, if the plan has one. */
    public Optional<Decision> decision(String key) {
        return decisions.stream().filter(d -> d.key().equals(key)).findFirst();
    }

    /** Tells whether the plan decides about nothing. */
    public boolean isEmpty() {
        return decisions.isEmpty();
    }
}
