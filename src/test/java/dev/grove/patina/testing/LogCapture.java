package dev.grove.patina.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything logged while open, at DEBUG (or a given level) and above, through a Logback ListAppender on the root logger. */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level previous = root.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        this(Level.DEBUG);
    }

    /**
     * Captures at {@code level} and above. INFO where a test moves object bytes over HTTP: at DEBUG the HTTP
     * client's wire log holds every byte as text, enough to exhaust the test JVM's heap late in the suite.
     */
    public LogCapture(Level level) {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        root.setLevel(level);
    }

    public List<ILoggingEvent> events() {
        return new ArrayList<>(appender.list);
    }

    /** Formatted messages at {@code level} or above. */
    public List<String> messages(Level level) {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(level))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every text a log event carries: message, raw arguments, MDC, and the whole throwable chain. */
    public String everything() {
        StringBuilder b = new StringBuilder();
        for (ILoggingEvent e : events()) {
            b.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(' ')
                    .append(e.getFormattedMessage()).append(' ').append(e.getMessage()).append('\n');
            if (e.getArgumentArray() != null) {
                for (Object a : e.getArgumentArray()) {
                    b.append("  arg ").append(a).append('\n');
                }
            }
            b.append("  mdc ").append(e.getMDCPropertyMap()).append('\n');
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                b.append("  thrown ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        root.setLevel(previous);
    }
}
