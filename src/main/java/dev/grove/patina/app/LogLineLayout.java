package dev.grove.patina.app;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.util.TimeZone;

/**
 * The stderr log line, {@code HH:mm:ss.SSS LEVEL logger - message}, written by hand: what the pattern
 * {@code %d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n} gives, without compiling a pattern at start-up (Logback's
 * pattern parser, converters and date formatter cost a command-line run tens of milliseconds before its first
 * line — every run starts Logback, because sqlite-jdbc logs through SLF4J). A throwable follows on the next lines.
 */
public final class LogLineLayout extends LayoutBase<ILoggingEvent> {
    private static final int LOGGER_LENGTH = 24;

    private final TargetLengthBasedClassNameAbbreviator abbreviator =
            new TargetLengthBasedClassNameAbbreviator(LOGGER_LENGTH);
    private final TimeZone zone;

    /** Times in the JVM's default time zone, as Logback's {@code %d} writes them. */
    public LogLineLayout() {
        this(TimeZone.getDefault());
    }

    LogLineLayout(TimeZone zone) {
        this.zone = zone;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        long millis = event.getTimeStamp();
        long local = Math.floorMod(millis + zone.getOffset(millis), 86_400_000L);
        two(line, local / 3_600_000).append(':');
        two(line, local / 60_000 % 60).append(':');
        two(line, local / 1000 % 60).append('.');
        long ms = local % 1000;
        line.append(ms < 100 ? (ms < 10 ? "00" : "0") : "").append(ms).append(' ');
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        line.append(' ').append(abbreviator.abbreviate(event.getLoggerName())).append(" - ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown));
        }
        return line.toString();
    }

    private static StringBuilder two(StringBuilder line, long value) {
        return line.append(value < 10 ? "0" : "").append(value);
    }
}
