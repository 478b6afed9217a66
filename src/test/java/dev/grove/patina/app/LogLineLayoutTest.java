package dev.grove.patina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The hand-written stderr line equals what Logback's pattern wrote before it. */
class LogLineLayoutTest {
    @Test
    void writesWhatThePatternLayoutWrote() {
        LoggerContext context = new LoggerContext();
        PatternLayout pattern = new PatternLayout();
        pattern.setContext(context);
        pattern.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
        pattern.start();
        LogLineLayout layout = new LogLineLayout(TimeZone.getDefault());
        layout.setContext(context);
        layout.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("dev.grove.patina.backup.BackupService");
        for (long at : new long[] {0L, 1_764_900_000_007L, 1_764_943_199_999L}) {
            LoggingEvent e = new LoggingEvent("x", logger, Level.WARN, "disk {} is full", null,
                    new Object[] {"/var"});
            e.setTimeStamp(at);
            assertEquals(pattern.doLayout(e), layout.doLayout(e));
        }
        LoggingEvent error = new LoggingEvent("x", context.getLogger("short"), Level.ERROR, "boom",
                new IllegalStateException("why"), null);
        String line = layout.doLayout(error);
        assertTrue(line.contains(" ERROR short - boom" + System.lineSeparator() + "java.lang.IllegalStateException: why"),
                line);
    }
}
