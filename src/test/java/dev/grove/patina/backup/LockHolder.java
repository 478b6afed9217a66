package dev.grove.patina.backup;

import java.nio.file.Path;

/**
 * A second process for {@link DatabaseLocksTest}: takes one database's lock in a folder, prints "locked", and holds
 * it until its standard input ends.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (DatabaseLocks.Held held = new DatabaseLocks(Path.of(args[0])).lock(args[1])) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin
            }
        }
    }
}
