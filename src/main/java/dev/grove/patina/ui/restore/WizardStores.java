package dev.grove.patina.ui.restore;

import dev.grove.patina.config.ReplicaConfig;
import dev.grove.patina.restore.RestoreWorkflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The stores the restore wizard can read a backup from: {@code primary} (the {@code [store]}) and each replica, a
 * restore workflow for each. When a run that read the primary fails and replicas exist, the wizard offers them
 * ({@link #offerProperty()}): the primary may be down while a replica holds the same bytes (issue 14 §2).
 */
public final class WizardStores {
    private final Map<String, RestoreWorkflow> workflows;
    private final ObjectProperty<String> from = new SimpleObjectProperty<>(ReplicaConfig.PRIMARY);
    private final StringProperty offer = new SimpleStringProperty("");

    /** @param workflows by store name, {@code primary} first, then the replicas in config order */
    public WizardStores(Map<String, RestoreWorkflow> workflows) {
        if (!workflows.containsKey(ReplicaConfig.PRIMARY)) {
            throw new IllegalArgumentException("no workflow for the primary store");
        }
        this.workflows = new LinkedHashMap<>(workflows);
        from.addListener((o, was, is) -> {
            if (is == null || !this.workflows.containsKey(is)) {
                from.set(was);
            } else {
                offer.set("");
            }
        });
    }

    /** The primary store alone (a Patina without replicas). */
    public static WizardStores primaryOnly(RestoreWorkflow workflow) {
        return new WizardStores(Map.of(ReplicaConfig.PRIMARY, workflow));
    }

    /** Every store's name, {@code primary} first. */
    public List<String> names() {
        return List.copyOf(workflows.keySet());
    }

    /** True when there is a replica to read from. */
    public boolean hasReplicas() {
        return workflows.size() > 1;
    }

    /** The store the next run reads from. */
    public ObjectProperty<String> fromProperty() {
        return from;
    }

    /** What the wizard offers after a run from the primary failed ("read it from a replica …"), or empty. */
    public ReadOnlyStringProperty offerProperty() {
        return offer;
    }

    RestoreWorkflow current() {
        return workflows.get(from.get());
    }

    RestoreWorkflow primary() {
        return workflows.get(ReplicaConfig.PRIMARY);
    }

    /** A run failed: when it read the primary and replicas exist, offer them. */
    void failed() {
        if (hasReplicas() && ReplicaConfig.PRIMARY.equals(from.get())) {
            offer.set("The backup could not be read from the primary store. If it is down, a replica holds the same "
                    + "bytes (checked by SHA-256): choose " + String.join(" or ", names().subList(1, names().size()))
                    + " under “Read from” and run again.");
        }
    }
}
