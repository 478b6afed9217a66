package dev.grove.patina.store.local;

import dev.grove.patina.util.SlowAtomicWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child JVM of {@link LocalFolderStoreCrashTest}: puts versions 1, 2, 3, … of {@code KEY} into a
 * {@link LocalFolderStore} at {@code ROOT} until killed, each written slowly ({@link SlowAtomicWriter#version}) with
 * the metadata {@code version: n}, printing {@code put N} after each.
 */
public final class SlowStorePut {
    private SlowStorePut() {
    }

    public static void main(String[] args) throws Exception {
        LocalFolderStore store = new LocalFolderStore(Path.of(args[0]));
        String key = args[1];
        long pauseMillis = Long.parseLong(args[2]);
        for (int n = 1; ; n++) {
            int version = n;
            store.put(key, out -> {
                SlowAtomicWriter.version(out, version, pauseMillis);
                return Map.of("version", Integer.toString(version));
            });
            System.out.println("put " + n);
            System.out.flush();
        }
    }
}
