package dev.grove.patina.ui.restore;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The OS save dialog behind {@link FileChooserService}. */
public final class FxFileChooserService implements FileChooserService {
    private final Supplier<Window> owner;

    public FxFileChooserService(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Path> chooseSaveFile(String title, Path suggested) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        if (suggested != null) {
            Path folder = suggested.toAbsolutePath().getParent();
            if (folder != null && Files.isDirectory(folder)) {
                chooser.setInitialDirectory(folder.toFile());
            }
            chooser.setInitialFileName(suggested.getFileName().toString());
        }
        File chosen = chooser.showSaveDialog(owner.get());
        return Optional.ofNullable(chosen).map(File::toPath);
    }
}
