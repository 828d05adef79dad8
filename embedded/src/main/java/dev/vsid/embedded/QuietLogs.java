package dev.vsid.embedded;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns down library logs that only make noise here, so the operator's own lines stay readable: the
 * mock server's per-request log, and the client's warning that v1alpha1 is not stable.
 */
final class QuietLogs {
  /** Kept in a field: java.util.logging forgets a level set on a logger nobody references. */
  private static Logger mockRequestLog;

  private static final String MOCK_SERVER = "io.fabric8.mockwebserver";
  private static final String VERSION_WARNING =
      "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils";

  private QuietLogs() {}

  static synchronized void apply() {
    if (mockRequestLog == null) {
      mockRequestLog = Logger.getLogger(MOCK_SERVER);
      mockRequestLog.setLevel(Level.WARNING);
    }
    if (LoggerFactory.getLogger(VERSION_WARNING) instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }
}
