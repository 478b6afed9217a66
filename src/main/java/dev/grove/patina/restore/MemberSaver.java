package dev.grove.patina.restore;

import dev.grove.patina.restore.RestoreOutcome.ExportedToFile;
import dev.grove.patina.util.AtomicFiles;
import dev.grove.patina.util.FileTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Saves an extracted weekly member (plain SQL, already checked against the manifest) as the chosen file: temp file
 * beside it → fsync → {@link FileTargets#install}; a file there that holds data is kept as the first free
 * {@code .bak} (its replacement was asked for).
 */
final class MemberSaver {
    private final ConfiguredTargets files;

    MemberSaver(ConfiguredTargets files) {
        this.files = files;
    }

    ExportedToFile save(BackupChoice o, Path member, RestoreTarget.DumpFile out, RestoreSteps steps)
            throws IOException {
        Path file = out.file();
        FileTargets.checkOutput(file, out.replace(), files.readFiles());
        Path dir = file.toAbsolutePath().getParent();
        Path part = Files.createTempFile(dir, "." + file.getFileName() + ".", ".part");
        try {
            Files.copy(member, part, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.syncFile(part);
            steps.check();
            Path previous = FileTargets.install(part, file, out.replace());
            return new ExportedToFile(file, o.sha256(), Files.size(file), previous, true);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
