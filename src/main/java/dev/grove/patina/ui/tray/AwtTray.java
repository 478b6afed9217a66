package dev.grove.patina.ui.tray;

import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Image;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.Toolkit;
import java.awt.TrayIcon;
import java.net.URL;
import java.util.Optional;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray icon through AWT's {@link SystemTray} (Windows, macOS, and Linux desktops with a status-notifier or
 * XEmbed tray). Menu clicks arrive on AWT's thread and are handed to the FX thread here; calls from the console
 * are handed to AWT's thread. Only this package touches AWT (ArchitectureTest).
 */
public final class AwtTray implements TrayPort {
    private static final Logger LOG = LoggerFactory.getLogger(AwtTray.class);

    private final TrayIcon icon;
    private final MenuItem pause;

    private AwtTray(TrayIcon icon, MenuItem pause) {
        this.icon = icon;
        this.pause = pause;
    }

    /**
     * Puts Patina's icon in the system tray, with Open, Back up all now, Pause/Resume schedules and Quit.
     *
     * @return the tray, or empty when this platform or session has none (headless, no tray on the desktop)
     */
    public static Optional<TrayPort> install(TrayPort.Actions actions, boolean paused) {
        try {
            if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
                return Optional.empty();
            }
            URL url = AwtTray.class.getResource("/dev/grove/patina/ui/app/patina.png");
            Image image = Toolkit.getDefaultToolkit().getImage(url);
            PopupMenu menu = new PopupMenu();
            MenuItem open = new MenuItem("Open Patina");
            open.addActionListener(e -> Platform.runLater(actions::open));
            MenuItem backUp = new MenuItem("Back up all now");
            backUp.addActionListener(e -> Platform.runLater(actions::backUpAllNow));
            MenuItem pause = new MenuItem(pauseLabel(paused));
            pause.addActionListener(e -> Platform.runLater(actions::togglePause));
            MenuItem quit = new MenuItem("Quit Patina");
            quit.addActionListener(e -> Platform.runLater(actions::quit));
            menu.add(open);
            menu.add(backUp);
            menu.addSeparator();
            menu.add(pause);
            menu.addSeparator();
            menu.add(quit);
            TrayIcon icon = new TrayIcon(image, "Patina", menu);
            icon.setImageAutoSize(true);
            icon.addActionListener(e -> Platform.runLater(actions::open)); // double-click (Windows), click (Linux)
            SystemTray.getSystemTray().add(icon);
            return Optional.of(new AwtTray(icon, pause));
        } catch (Exception | java.awt.AWTError | LinkageError e) {
            LOG.info("no system tray here: {}", e.toString());
            return Optional.empty();
        }
    }

    private static String pauseLabel(boolean paused) {
        return paused ? "Resume schedules" : "Pause schedules";
    }

    @Override
    public void showMessage(String title, String text, boolean error) {
        EventQueue.invokeLater(() -> icon.displayMessage(title, text,
                error ? TrayIcon.MessageType.ERROR : TrayIcon.MessageType.INFO));
    }

    @Override
    public void setPaused(boolean paused) {
        EventQueue.invokeLater(() -> pause.setLabel(pauseLabel(paused)));
    }

    @Override
    public void remove() {
        EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
    }
}
