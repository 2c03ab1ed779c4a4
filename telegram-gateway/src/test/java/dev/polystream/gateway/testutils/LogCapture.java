package dev.polystream.gateway.testutils;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what one class logs, to check how often something is logged. It listens on the root
 * logger, so the class's normal output is unchanged.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final String loggerName;
    private final LoggerContext context;
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();

    private LogCapture(Class<?> type) {
        super(
                "capture-" + (type == null ? "all" : type.getName()),
                null,
                null,
                true,
                Property.EMPTY_ARRAY);
        this.loggerName = type == null ? null : type.getName();
        this.context = (LoggerContext) LogManager.getContext(false);
    }

    public static LogCapture of(Class<?> type) {
        LogCapture capture = new LogCapture(type);
        capture.start();
        root(capture.context).addAppender(capture, null, null);
        capture.context.updateLoggers();
        return capture;
    }

    /** Collects what every logger logs. */
    public static LogCapture everything() {
        return of(null);
    }

    /** Every formatted message with its thrown exception's text, at any level. */
    public List<String> allText() {
        return events.stream()
                .map(
                        e ->
                                e.getMessage().getFormattedMessage()
                                        + (e.getThrown() == null ? "" : " " + e.getThrown()))
                .toList();
    }

    @Override
    public void append(LogEvent event) {
        if (loggerName == null || loggerName.equals(event.getLoggerName())) {
            events.add(event.toImmutable());
        }
    }

    /** The formatted messages logged at {@code level}. */
    public List<String> messages(Level level) {
        return events.stream()
                .filter(e -> e.getLevel() == level)
                .map(e -> e.getMessage().getFormattedMessage())
                .toList();
    }

    @Override
    public void close() {
        root(context).removeAppender(getName());
        context.updateLoggers();
        stop();
    }

    private static LoggerConfig root(LoggerContext context) {
        return context.getConfiguration().getRootLogger();
    }
}
