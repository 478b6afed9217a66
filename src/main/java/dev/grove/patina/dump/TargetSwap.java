package dev.grove.patina.dump;

import dev.grove.patina.util.AtomicFiles;
import dev.grove.patina.util.FileTargets;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The restored temporary file taking the target's place: what {@link #place} moved aside (a replaced target kept
 * as {@code .bak}, leftover sidecars as {@code .stray-<time>}), so that a failure after the rename can put it all
 * back ({@link #takeBack}).
 */
final class TargetSwap {
    /** Where a replaced, non-empty target is kept, or null. */
    Path previous;
    /** Leftover sidecars of a missing or empty target, at their new names. */
    final List<Path> setAside = new ArrayList<>();
    /** Every rename done, in order: {from, to}. */
    private final List<Path[]> moves = new ArrayList<>();
    /** The target was kept by a hard link: until the rename it had both names. */
    private boolean linked;

    private TargetSwap() {
    }

    /**
     * Sets aside everything SQLite would open together with {@code target} and renames {@code temp} onto it. A
     * non-empty target (force only) is kept under the first free {@code .bak} name with its sidecars beside it;
     * the sidecars of a missing or empty target (force only) become {@code <name>.stray-<time>}. Nothing is
     * deleted. A failure before the rename puts back what was moved.
     *
     * @param now the time in the names of set-aside leftovers
     */
    static TargetSwap place(Path temp, Path target, boolean force, Instant now) throws IOException {
        TargetSwap placed = new TargetSwap();
        try {
            if (FileTargets.holdsData(target)) {
                if (!force) {
                    throw new DumpException("restore target " + target + " appeared during the restore; not "
                            + "replaced");
                }
                Path kept = null;
                for (int attempt = 0; kept == null; attempt++) {
                    Path candidate = FileTargets.nextKept(target, FileTargets.SQLITE_SIDECARS);
                    try {
                        placed.linked = FileTargets.keepAs(target, candidate);
                        kept = candidate;
                    } catch (FileAlreadyExistsException e) {
                        if (attempt > 100) {
                            throw e;
                        }
                    }
                }
                placed.previous = kept;
                if (!placed.linked) {
                    placed.moves.add(new Path[] {target, kept});
                }
                for (String suffix : FileTargets.SQLITE_SIDECARS) {
                    Path side = FileTargets.withSuffix(target, suffix);
                    if (Files.exists(side, LinkOption.NOFOLLOW_LINKS)) {
                        Path to = FileTargets.withSuffix(kept, suffix);
                        FileTargets.moveNoReplace(side, to);
                        placed.moves.add(new Path[] {side, to});
                    }
                }
            } else {
                List<Path> sidecars = FileTargets.sqliteSidecars(target);
                if (!sidecars.isEmpty() && !force) {
                    throw new DumpException(TargetRules.strayMessage(target, sidecars)
                            + " — they appeared during the restore; nothing was written");
                }
                for (Path side : sidecars) {
                    Path to = FileTargets.nextStray(side, now);
                    FileTargets.moveNoReplace(side, to);
                    placed.moves.add(new Path[] {side, to});
                    placed.setAside.add(to);
                }
            }
            AtomicFiles.rename(temp, target); // the caller fsyncs the folder, taking all back if that fails
        } catch (IOException | RuntimeException e) {
            for (int i = placed.moves.size() - 1; i >= 0; i--) {
                Path[] m = placed.moves.get(i);
                try {
                    FileTargets.moveNoReplace(m[1], m[0]);
                } catch (IOException ignored) {
                    // named in the message below
                }
            }
            if (placed.previous != null && placed.linked) {
                FileTargets.deleteQuietly(placed.previous); // a second name of the untouched target
            }
            throw e;
        }
        return placed;
    }

    /** Undoes the moves of a failed restore; says what became of the files. */
    String takeBack(Path target) {
        List<String> stuck = new ArrayList<>();
        try {
            Files.deleteIfExists(target); // the restored file: the dump it came from is still there
        } catch (IOException e) {
            stuck.add("the restored " + target + " could not be removed (" + e.getMessage() + ")");
        }
        List<Path> putBack = new ArrayList<>();
        boolean sidecarStuck = false;
        for (int i = moves.size() - 1; i >= 0; i--) {
            Path[] m = moves.get(i);
            try {
                FileTargets.moveNoReplace(m[1], m[0]);
                putBack.add(m[0]);
            } catch (IOException e) {
                stuck.add(m[0].getFileName() + " is still at " + m[1]);
                sidecarStuck = true;
            }
        }
        if (previous != null && linked) {
            // a -wal/-journal beside the target that is not the previous database's own (an application opened
            // the restored file meanwhile) would be replayed over it: then it stays where it is kept
            List<Path> foreign = new ArrayList<>(FileTargets.sqliteSidecars(target));
            foreign.removeAll(putBack);
            if (sidecarStuck || !foreign.isEmpty()) {
                stuck.add("the previous database stays at " + previous + " (its own sidecar files could not all "
                        + "be put back beside " + target + (foreign.isEmpty() ? "" : ", where " + foreign
                        + " now lie") + ", and SQLite would replay them over it) — move it back by hand once "
                        + "nothing has " + target + " open");
            } else {
                try {
                    FileTargets.moveNoReplace(previous, target);
                } catch (IOException e) {
                    stuck.add("the previous database is still at " + previous);
                }
            }
        }
        FileTargets.syncDirectory(target.toAbsolutePath().getParent());
        if (!stuck.isEmpty()) {
            return " — the restore was taken back, but " + String.join("; ", stuck);
        }
        return previous != null ? " — the restore was taken back: " + target + " is the previous database again"
                : " — the restore was taken back: no target was left" + (setAside.isEmpty() ? ""
                : " and the leftover files are back where they were");
    }
}
