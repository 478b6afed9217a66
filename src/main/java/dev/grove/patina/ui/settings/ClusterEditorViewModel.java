package dev.grove.patina.ui.settings;

import dev.grove.patina.config.ClusterConfig;
import dev.grove.patina.config.ConfigException;
import dev.grove.patina.config.ConfigKey;
import dev.grove.patina.config.ConfigLoader;
import dev.grove.patina.config.ConfigRules;
import dev.grove.patina.config.PatinaConfig;
import dev.grove.patina.schedule.cluster.ClusterNodes;
import dev.grove.patina.schedule.cluster.ClusterNodes.ClusterNode;
import dev.grove.patina.schedule.cluster.ClusterProbe;
import dev.grove.patina.schedule.cluster.ClusterProbe.ClusterProbeResult;
import dev.grove.patina.ui.common.Messages;
import dev.grove.patina.util.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Cluster" dialog (issue 17, ADR 0029): the {@code [cluster]} table that makes this config a node of a cluster
 * on PostgreSQL — its JDBC URL ({@code jdbc:postgresql://…} only), user, password as a reference ({@code env:NAME},
 * {@code file:/path}, {@code keyring:NAME}; resolved only in the background, only the reference is shown or written)
 * and node name (empty: the host name). Fields are checked with {@link ConfigRules} as {@link ConfigLoader} checks
 * them. "Test connection" asks the server, in the background and changing nothing there, for its version, the
 * cluster schema's version against this Patina's and the nodes ({@link ClusterProbe}). Save writes
 * {@code patina.toml} with every other table kept; the console and the daemon use it at their next start.
 */
public final class ClusterEditorViewModel extends EditorViewModel<ClusterEditorViewModel.ClusterField> {
    /** The fields that can be wrong, each with its own inline error. */
    public enum ClusterField { JDBC_URL, USER, PASSWORD, NODE }

    private final SettingsViewModel owner;
    /** The {@code [cluster]} in the file when the dialog opened; null: the config is stand-alone (an add). */
    private final ClusterConfig original;
    private final ClusterProbe probe;
    private final Clock clock;

    private final StringProperty jdbcUrl = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty node = new SimpleStringProperty("");

    ClusterEditorViewModel(SettingsViewModel owner, ClusterConfig original, ClusterProbe probe, Clock clock) {
        super(ClusterField.class);
        this.owner = owner;
        this.original = original;
        this.probe = probe;
        this.clock = clock;
        if (original != null) {
            jdbcUrl.set(original.jdbcUrl());
            user.set(original.user());
            password.set(original.password().source());
            node.set(original.node().orElse(""));
        }
        for (StringProperty p : new StringProperty[] {jdbcUrl, user, password, node}) {
            p.addListener((o, was, is) -> check());
        }
        check();
    }

    /** True when this dialog adds {@code [cluster]} to a stand-alone config. */
    public boolean adding() {
        return original == null;
    }

    private void check() {
        for (ClusterField f : ClusterField.values()) {
            errors.get(f).set(problem(f));
        }
    }

    private String problem(ClusterField f) {
        return switch (f) {
            case JDBC_URL -> EditorSupport.required(jdbcUrl.get().strip(),
                    "Required: jdbc:postgresql://host:port/database", ConfigRules.clusterJdbcUrl(jdbcUrl.get().strip()));
            case USER -> EditorSupport.required(user.get().strip(), "Required: the PostgreSQL user", Optional.empty());
            case PASSWORD -> keepsOriginalSecret() ? "" : EditorSupport.required(password.get().strip(),
                    "Required: where the password is, e.g. env:PATINA_PG_PASSWORD",
                    ConfigRules.secretReference(password.get().strip()));
            case NODE -> node.get().isBlank() ? "" : ConfigRules.clusterNode(node.get().strip())
                    .map(EditorSupport::sentence).orElse("");
        };
    }

    /** True while the password field still shows the configured password's source: that secret is kept as it is. */
    private boolean keepsOriginalSecret() {
        return original != null && password.get().strip().equals(original.password().source());
    }

    private record ClusterDraft(ClusterConfig config, Map<ClusterField, String> problems) {
    }

    /** The edited {@code [cluster]}, or problems per field; resolves the password's reference (background only). */
    private ClusterDraft build() {
        Map<ClusterField, String> problems = new EnumMap<>(ClusterField.class);
        Secret secret;
        if (keepsOriginalSecret()) {
            secret = original.password();
        } else {
            String key = ConfigKey.CLUSTER_PASSWORD.id();
            try {
                secret = owner.loader().resolveSecret(owner.file(), key, password.get().strip());
            } catch (ConfigException e) {
                problems.put(ClusterField.PASSWORD, EditorSupport.of(e, key, "The password"));
                return new ClusterDraft(null, problems);
            }
        }
        String n = node.get().strip();
        return new ClusterDraft(new ClusterConfig(jdbcUrl.get().strip(), user.get().strip(), secret,
                n.isEmpty() ? Optional.empty() : Optional.of(n)), problems);
    }

    private record ClusterAnswer(String text, boolean ok, PatinaConfig next, Map<ClusterField, String> problems) {
    }

    /**
     * In the background: connects to the edited server (short timeout) and reads its version, the cluster schema's
     * version against this Patina's, and the nodes with their last check-in; the answer goes to status, a failure
     * names host:port and never the password.
     */
    public void testConnection() {
        if (busy.get()) {
            return;
        }
        if (!valid.get()) {
            statusOk.set(false);
            status.set("Fix the fields marked in red first.");
            return;
        }
        busy.set(true);
        statusOk.set(false);
        status.set("Connecting to " + hostPort() + "…");
        owner.executor().executeInBackground(() -> {
            ClusterDraft built = build();
            if (!built.problems().isEmpty()) {
                return new ClusterAnswer(null, false, null, built.problems());
            }
            String self = ClusterNodes.nodeName(built.config());
            ClusterProbeResult r = probe.check(built.config(), self);
            return new ClusterAnswer(describe(r, self), r.schemaFits(), null, Map.of());
        }, tested -> {
            busy.set(false);
            if (!tested.problems().isEmpty()) {
                show(tested.problems());
                status.set("Fix the fields marked in red.");
                return;
            }
            statusOk.set(tested.ok());
            status.set(tested.text());
        }, e -> {
            busy.set(false);
            statusOk.set(false);
            status.set("Connection failed: " + Messages.of(e));
        });
    }

    /** The server named by the URL field, for the progress text; the field itself when it names none. */
    private String hostPort() {
        try {
            return new ClusterConfig(jdbcUrl.get().strip(), "", new Secret("", ""), Optional.empty()).hostPort();
        } catch (RuntimeException e) {
            return "the server";
        }
    }

    /** The answer of a test, in a few lines. */
    private String describe(ClusterProbeResult r, String self) {
        StringBuilder text = new StringBuilder("Connected to PostgreSQL ").append(r.serverVersion()).append(" at ")
                .append(r.hostPort()).append(".\n");
        String verdict = r.schemaVerdict();
        text.append(verdict.substring(0, 1).toUpperCase(java.util.Locale.ROOT)).append(verdict.substring(1))
                .append(".\n");
        if (r.nodes().isEmpty()) {
            text.append("No node has checked in: no patina daemon runs on this cluster now.");
        } else {
            Instant now = clock.instant();
            text.append(r.nodes().size() == 1 ? "1 node:" : r.nodes().size() + " nodes:");
            r.nodes().forEach(n -> text.append("\n    ").append(node(n, now)));
        }
        text.append("\nThis machine joins as node ").append(self).append('.');
        return text.toString();
    }

    private static String node(ClusterNode n, Instant now) {
        long ago = Math.max(0, Duration.between(n.lastCheckIn(), now).toSeconds());
        return n.name() + " " + n.state() + ", last check-in " + n.lastCheckIn().truncatedTo(ChronoUnit.SECONDS)
                + " (" + ago + " s ago)";
    }

    /**
     * Resolves the password's reference in the background, then writes {@code patina.toml} with this
     * {@code [cluster]} (every other table kept) and runs {@code onSaved}. Problems go under their fields and nothing
     * is written. Does nothing while a field shows an error.
     */
    public void save(Runnable onSaved) {
        if (!beginSave("Saving…")) {
            return;
        }
        PatinaConfig base = owner.saved();
        owner.executor().executeInBackground(() -> {
            ClusterDraft built = build();
            if (!built.problems().isEmpty()) {
                return new ClusterAnswer(null, false, null, built.problems());
            }
            PatinaConfig next = ConfigEdits.withCluster(base, Optional.of(built.config()));
            owner.write(next);
            return new ClusterAnswer(null, true, next, Map.of());
        }, saved -> {
            busy.set(false);
            if (!saved.problems().isEmpty()) {
                show(saved.problems());
                status.set("Not saved: fix the fields marked in red.");
                return;
            }
            owner.clusterApplied(saved.next(), adding());
            status.set("");
            onSaved.run();
        }, e -> {
            busy.set(false);
            statusOk.set(false);
            status.set("Not saved: " + Messages.of(e));
        });
    }

    /** {@code jdbc:postgresql://host:port/database}; no password in it. */
    public StringProperty jdbcUrlProperty() {
        return jdbcUrl;
    }

    public StringProperty userProperty() {
        return user;
    }

    /** The password's reference, never its value. */
    public StringProperty passwordProperty() {
        return password;
    }

    /** This machine's node name; empty: its host name. */
    public StringProperty nodeProperty() {
        return node;
    }
}
