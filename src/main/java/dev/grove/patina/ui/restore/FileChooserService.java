package dev.grove.patina.ui.restore;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks the operator for a file to write. The console answers with the OS save dialog; tests answer directly, so no
 * native dialog is ever needed to drive the wizard.
 */
public interface FileChooserService {
    /**
     * @param title     the dialog's title
     * @param suggested the file to propose (its folder and name)
     * @return the chosen file, empty when the operator cancelled
     */
    Optional<Path> chooseSaveFile(String title, Path suggested);
}
