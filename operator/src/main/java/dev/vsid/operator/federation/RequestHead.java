package dev.vsid.operator.federation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The request line of an HTTP/1.x request, read with its header lines (which the bundle endpoint
 * does not need) under strict limits: at most {@value #MAX_HEAD_BYTES} bytes and {@value
 * #MAX_HEADER_LINES} header lines. A body is never read; the connection closes after one answer.
 *
 * @param method the method token, as sent
 * @param path the raw path of the request target, without query
 */
record RequestHead(String method, String path) {
  static final int MAX_HEAD_BYTES = 8192;
  static final int MAX_HEADER_LINES = 64;
  private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
  private static final Pattern VERSION = Pattern.compile("HTTP/1\\.[01]");

  /** A request the endpoint answers with an error status and no further reading. */
  static final class Refused extends Exception {
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /**
   * Reads one request head from {@code in}.
   *
   * @throws Refused when it is malformed (400) or too large (431)
   * @throws IOException when the stream fails or ends before the head does
   */
  static RequestHead read(InputStream in) throws IOException, Refused {
    Lines lines = new Lines(in);
    RequestHead head = parseRequestLine(lines.next());
    for (int i = 0; ; i++) {
      String line = lines.next();
      if (line.isEmpty()) {
        return head;
      }
      if (i >= MAX_HEADER_LINES) {
        throw new Refused(431, "more than " + MAX_HEADER_LINES + " header lines");
      }
      if (line.indexOf(':') <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw new Refused(400, "a malformed header line");
      }
    }
  }

  private static RequestHead parseRequestLine(String line) throws Refused {
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || !METHOD.matcher(parts[0]).matches()) {
      throw new Refused(400, "a malformed request line");
    }
    if (!VERSION.matcher(parts[2]).matches()) {
      throw new Refused(400, "not HTTP/1.0 or HTTP/1.1");
    }
    try {
      String path = new URI(parts[1]).getRawPath();
      return new RequestHead(parts[0], path == null ? "" : path);
    } catch (URISyntaxException e) {
      throw new Refused(400, "a malformed request target");
    }
  }

  /** Lines ending in CRLF (or LF), ISO-8859-1, counted against the head's byte limit. */
  private static final class Lines {
    private final InputStream in;
    private final byte[] buffer = new byte[MAX_HEAD_BYTES];
    private int used;

    Lines(InputStream in) {
      this.in = in;
    }

    String next() throws IOException, Refused {
      int start = used;
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the request ended before its headers did");
        }
        if (b == '\n') {
          int end = used > start && buffer[used - 1] == '\r' ? used - 1 : used;
          return new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
        }
        if (used == buffer.length) {
          throw new Refused(431, "a request head over " + MAX_HEAD_BYTES + " bytes");
        }
        buffer[used++] = (byte) b;
      }
    }
  }
}
