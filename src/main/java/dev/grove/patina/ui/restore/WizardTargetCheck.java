package dev.grove.patina.ui.restore;

import dev.grove.patina.restore.ConfiguredTargets;
import dev.grove.patina.util.FileTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Why the wizard's target is not acceptable yet, in the words of its target page; empty when it is. A file that
 * holds data is replaced only when confirmed (and is then kept as {@code .bak}); no export goes onto a file Patina
 * reads; a leftover SQLite sidecar beside a new file is refused, beside a replaced one set aside when confirmed.
 */
final class WizardTargetCheck {
    private final ConfiguredTargets targets;

    WizardTargetCheck(ConfiguredTargets targets) {
        this.targets = targets;
    }

    String problem(WizardChoices c, String typed) {
        Path t = c.target();
        TargetMode mode = c.mode();
        if (mode == TargetMode.D1) {
            return d1Problem(c.d1Database(), typed == null ? "" : typed.strip());
        }
        if (t == null) {
            return "Choose a file.";
        } else if (Files.isDirectory(t)) {
            return t + " is a folder; choose a file.";
        } else if (t.toAbsolutePath().getParent() == null || !Files.isDirectory(t.toAbsolutePath().getParent())) {
            return "The folder of " + t + " does not exist.";
        } else if (mode.export() && targets.readBy(t) != null) {
            return t.getFileName() + " is " + targets.readBy(t) + ": choose another file.";
        } else if (!mode.export() && targets.neverRestoredOnto(t) != null) {
            return t.getFileName() + " is " + targets.neverRestoredOnto(t) + ": choose another file.";
        } else if (!mode.export() && nonEmpty(t)) {
            if (mode == TargetMode.NEW_FILE) {
                return t.getFileName() + " exists and is not empty: choose another file, or replace it.";
            } else if (!c.overwrite()) {
                return "Confirm that " + t.getFileName() + " may be replaced (it is kept as " + keptName(t, mode)
                        + ").";
            }
        } else if (!mode.export() && !FileTargets.sqliteSidecars(t).isEmpty()) {
            String names = sidecarNames(t);
            if (mode == TargetMode.NEW_FILE) {
                return names + " lies beside " + t.getFileName() + ": SQLite would replay it over the restored "
                        + "database. Choose another file, or choose to replace " + t.getFileName()
                        + " to keep it aside (as " + names + ".stray-<time>).";
            } else if (!c.overwrite()) {
                return "Confirm that the leftover " + names + " beside " + t.getFileName() + " may be set aside "
                        + "(kept as " + names + ".stray-<time>, never deleted).";
            }
        } else if (mode.export() && nonEmpty(t) && !c.overwrite()) {
            return t.getFileName() + " exists: confirm that it may be replaced (it is kept as " + keptName(t, mode)
                    + ").";
        }
        return "";
    }

    private String d1Problem(String name, String typed) {
        List<String> d1 = targets.d1Names();
        if (d1.isEmpty()) {
            return "No D1 database is configured in " + targets.configFile() + ".";
        } else if (name == null || !d1.contains(name)) {
            return "Choose the D1 database to import into.";
        } else if (typed.isEmpty()) {
            return "Type the D1 database's name, " + name + ", to confirm the import.";
        } else if (!typed.equals(name)) {
            return "'" + typed + "' is not " + name + ": type the D1 database's name exactly to confirm.";
        }
        return "";
    }

    /** The name a replaced file will be kept under: the first free .bak, .bak.1, … */
    static String keptName(Path t, TargetMode mode) {
        return FileTargets.nextKept(t, mode.export() ? List.of() : FileTargets.SQLITE_SIDECARS)
                .getFileName().toString();
    }

    static String sidecarNames(Path t) {
        return String.join(" and ", FileTargets.sqliteSidecars(t).stream().map(p -> p.getFileName().toString())
                .toList());
    }

    static boolean nonEmpty(Path t) {
        try {
            return Files.exists(t) && Files.size(t) > 0;
        } catch (IOException e) {
            return true;
        }
    }
}
