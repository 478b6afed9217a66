package dev.grove.patina.backup.replica;

import dev.grove.patina.backup.retention.Decision;
import dev.grove.patina.backup.retention.RetentionPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Says in a retention plan's reasons what the plan means for the replicas: the same plan applies to each (a removal
 * from the primary is a removal from every replica, done by {@link ReplicaSync} after the cleanup), except that
 * nothing is deleted from a replica that the primary lacks — an object the primary lost (found damaged or missing)
 * keeps its replica copies, which may be the only good ones left. Pure: the decisions themselves do not change.
 */
public final class ReplicaPlanNotes implements UnaryOperator<RetentionPlan> {
    private final List<String> replicas;

    /** @param replicas the replicas' names, in config order */
    public ReplicaPlanNotes(List<String> replicas) {
        this.replicas = List.copyOf(replicas);
    }

    @Override
    public RetentionPlan apply(RetentionPlan plan) {
        if (replicas.isEmpty()) {
            return plan;
        }
        String names = String.join(", ", replicas);
        List<Decision> noted = new ArrayList<>(plan.decisions().size());
        for (Decision d : plan.decisions()) {
            if (d.action() != Decision.Action.REMOVE) {
                noted.add(d);
            } else if (d.object().damaged()) {
                noted.add(new Decision(d.object(), d.action(), d.reason() + " — the primary lost it, so the replica"
                        + (replicas.size() == 1 ? " " : "s ") + names + " keep" + (replicas.size() == 1 ? "s" : "")
                        + " its copy (nothing is deleted from a replica that the primary lacks)", d.safety()));
            } else {
                noted.add(new Decision(d.object(), d.action(), d.reason() + " — removed from the replica"
                        + (replicas.size() == 1 ? " " : "s ") + names + " too", d.safety()));
            }
        }
        return new RetentionPlan(plan.today(), plan.policy(), noted);
    }
}
