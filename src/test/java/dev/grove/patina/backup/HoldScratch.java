package dev.grove.patina.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM's verify held mid-restore, for {@link ScratchSweepTest}: makes a real {@link ScratchSpace} under the
 * work folder given as the argument, writes a partial restored file into it, prints the folder, and waits until it is
 * killed ({@code kill -9}: nothing of it runs after that, its OS lock is freed).
 */
public final class HoldScratch {
    private HoldScratch() {
    }

    public static void main(String[] args) throws Exception {
        ScratchSpace scratch = ScratchSpace.create(Path.of(args[0]));
        Files.write(scratch.resolve("restored.sqlite"), new byte[4096]);
        System.out.println("holding " + scratch.folder());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
