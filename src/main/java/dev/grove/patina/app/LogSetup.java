package dev.grove.patina.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback in code (found through {@code META-INF/services}): warnings and errors to stderr, one line
 * each ({@link LogLineLayout}). Parsing an XML configuration costs a command-line run ~0.1 s of start-up, and
 * compiling a pattern layout tens of milliseconds; this does neither. The level can
 * be raised with {@code -Dpatina.log.level=DEBUG}; the daemon adds its rolling file ({@link #addDailyFile}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogLineLayout layout = new LogLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("patina.log.level", "WARN"), Level.WARN));
        root.addAppender(stderr);
        // the console's one start-up line (its first painted frame, ADR 0025) shows at the default WARN level too
        context.getLogger("dev.grove.patina.ui.app.FirstFrameProbe").setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Adds the daemon's log file: {@code <dir>/patina.log}, rolled daily to {@code patina.YYYY-MM-DD.log}, the last
     * {@code keepDays} kept; the level becomes INFO unless {@code -Dpatina.log.level} says otherwise. Does nothing
     * when Logback is not the SLF4J binding.
     *
     * @return the log file, or null when Logback is not in use
     */
    public static Path addDailyFile(Path dir, int keepDays) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        Path file = dir.resolve("patina.log").toAbsolutePath();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(file.toString());
        TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(file.getParent().resolve("patina.%d{yyyy-MM-dd}.log").toString());
        policy.setMaxHistory(keepDays);
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.toLevel(System.getProperty("patina.log.level", "INFO"), Level.INFO));
        // Quartz prints a multi-line banner at INFO on every start; its warnings still come through
        context.getLogger("org.quartz").setLevel(Level.WARN);
        // the API's server: ApiServer logs its own one line on start and stop
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("io.javalin").setLevel(Level.WARN);
        // the cluster's pool and schema migrations: ClusterDatabase logs its own one line (server, schema version)
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        return file;
    }

    /** Detaches and closes the log file {@link #addDailyFile} added (a console that quits; tests). */
    public static void removeDailyFile() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            ch.qos.logback.core.Appender<ILoggingEvent> file = root.getAppender("FILE");
            if (file != null) {
                root.detachAppender(file);
                file.stop();
            }
        }
    }
}
