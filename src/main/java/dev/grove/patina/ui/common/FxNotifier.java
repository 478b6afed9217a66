package dev.grove.patina.ui.common;

import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link UiNotifier} showing a ControlsFX {@link Notifications} popup at the bottom right of the console's window.
 * A popup that cannot be shown (no window yet, no screen) is logged and dropped: a notification never breaks a run.
 */
public final class FxNotifier implements UiNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(FxNotifier.class);

    private final Supplier<Window> owner;

    public FxNotifier(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void notify(String title, String text, boolean failed) {
        try {
            Window window = owner.get();
            if (window == null || !window.isShowing()) {
                LOG.info("{}: {}", title, text);
                return;
            }
            Notifications n = Notifications.create().title(title).text(text).owner(window)
                    .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(8));
            if (failed) {
                n.showError();
            } else {
                n.showInformation();
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.info("{}: {} (notification not shown: {})", title, text, Messages.of(e));
        }
    }
}
