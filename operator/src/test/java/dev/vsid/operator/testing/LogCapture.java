package dev.vsid.operator.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Captures every log event of the JVM, as text, while it is open: the formatted message, its
 * arguments, key-value pairs, the MDC and every exception in the chain. Nothing captured reaches
 * the console meanwhile (what is captured may be what a test is looking for, such as key material),
 * and on close the loggers' levels and appenders are as they were.
 */
public final class LogCapture implements AutoCloseable {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final Map<String, Level> levelsBefore = new HashMap<>();
  private final Map<String, Boolean> additivityBefore = new HashMap<>();
  private final List<Appender<ILoggingEvent>> rootAppenders = new ArrayList<>();
  private final Capturing appender = new Capturing();

  /** Starts capturing, with each named logger set to its level. */
  public LogCapture(Map<String, Level> levels) {
    appender.setContext(context);
    appender.setName("capture");
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      rootAppenders.add(it.next());
    }
    rootAppenders.forEach(root::detachAppender);
    root.addAppender(appender);
    levels.forEach(this::setLevel);
  }

  private void setLevel(String name, Level level) {
    Logger logger = context.getLogger(name);
    levelsBefore.put(name, logger.getLevel());
    additivityBefore.put(name, logger.isAdditive());
    logger.setLevel(level);
    logger.setAdditive(true);
  }

  /** The lines captured so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAppender(appender);
    rootAppenders.forEach(root::addAppender);
    levelsBefore.forEach((name, level) -> context.getLogger(name).setLevel(level));
    additivityBefore.forEach((name, additive) -> context.getLogger(name).setAdditive(additive));
    appender.stop();
  }

  private final class Capturing extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder line = new StringBuilder();
      line.append(event.getLevel())
          .append(' ')
          .append(event.getLoggerName())
          .append(" [")
          .append(event.getThreadName())
          .append("] ")
          .append(event.getMDCPropertyMap())
          .append(' ')
          .append(event.getFormattedMessage());
      Object[] arguments = event.getArgumentArray();
      if (arguments != null) {
        for (Object argument : arguments) {
          line.append(" | ").append(argument);
        }
      }
      List<KeyValuePair> pairs = event.getKeyValuePairs();
      if (pairs != null) {
        pairs.forEach(pair -> line.append(" | ").append(pair.key).append('=').append(pair.value));
      }
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        appendThrowable(line, t);
        for (IThrowableProxy suppressed : t.getSuppressed()) {
          appendThrowable(line, suppressed);
        }
      }
      lines.add(line.toString());
    }

    private void appendThrowable(StringBuilder line, IThrowableProxy t) {
      line.append("\n  ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
  }
}
