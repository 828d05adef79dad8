package dev.vsid.operator.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Bounds on what one request may cost: its body size (as the API server bounds a request) and the
 * time to receive it and to send the answer.
 */
public final class RequestLimits {
  /**
   * As the API server, which refuses request bodies above 3 MiB (and stores objects of 1.5 MiB).
   */
  static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

  /** The API server gives up after the webhook's timeout (5 s); a request is not served longer. */
  static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(10);

  private RequestLimits() {}

  /**
   * The JDK HTTP server closes a connection whose request, or response, takes longer than these
   * JVM-wide properties say (in seconds); they are read once, when its first server is made, and
   * are set here only when nobody set them. Every JDK server of the process (the webhook's, the
   * metrics server) calls this before it is made.
   */
  public static void applyToJdkServer() {
    String seconds = String.valueOf(MAX_REQUEST_TIME.toSeconds());
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", seconds);
    }
    if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
      System.setProperty("sun.net.httpserver.maxRspTime", seconds);
    }
  }

  /** The whole body, or null when it is longer than {@link #MAX_BODY_BYTES}. */
  static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }
}
