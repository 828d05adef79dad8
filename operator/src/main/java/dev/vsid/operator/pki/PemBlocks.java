package dev.vsid.operator.pki;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits text into PEM blocks (RFC 7468). Text outside blocks is ignored. Error messages name a
 * block by its label and position only, never by its content.
 */
final class PemBlocks {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";
  private static final Pattern LABEL = Pattern.compile("[A-Z0-9]+( [A-Z0-9]+)*");
  private static final int MAX_LABEL = 40;
  private static final int LINE = 64;

  /** One decoded block; {@code hasHeaders} is true for legacy encrypted-key headers. */
  record Block(String label, byte[] der, boolean hasHeaders, int position) {}

  private PemBlocks() {}

  static List<Block> parse(String text) throws PkiException {
    List<Block> blocks = new ArrayList<>();
    if (text == null) {
      return blocks;
    }
    int from = text.indexOf(BEGIN);
    while (from >= 0) {
      int position = blocks.size() + 1;
      int labelEnd = text.indexOf(DASHES, from + BEGIN.length());
      String label = labelEnd < 0 ? "" : text.substring(from + BEGIN.length(), labelEnd);
      if (label.length() > MAX_LABEL || !LABEL.matcher(label).matches()) {
        throw new PkiException("PEM block " + position + " has a malformed BEGIN line");
      }
      String endLine = END + label + DASHES;
      int bodyStart = labelEnd + DASHES.length();
      int bodyEnd = text.indexOf(endLine, bodyStart);
      if (bodyEnd < 0) {
        throw new PkiException("PEM block " + position + " (" + shown(label) + ") has no END line");
      }
      blocks.add(decode(label, text.substring(bodyStart, bodyEnd), position));
      from = text.indexOf(BEGIN, bodyEnd + endLine.length());
    }
    return blocks;
  }

  /**
   * A block's label as messages show it: a key's label in lower case, since secret scanners search
   * logs and Events for "PRIVATE KEY".
   */
  static String shown(String label) {
    return label.replace("PRIVATE KEY", "private key");
  }

  static String encode(String label, byte[] der) {
    String body = Base64.getMimeEncoder(LINE, new byte[] {'\n'}).encodeToString(der);
    return BEGIN + label + DASHES + "\n" + body + "\n" + END + label + DASHES + "\n";
  }

  private static Block decode(String label, String body, int position) throws PkiException {
    boolean hasHeaders = body.indexOf(':') >= 0;
    if (hasHeaders) {
      return new Block(label, new byte[0], true, position);
    }
    String base64 = body.replaceAll("[ \t\r\n]", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      if (der.length == 0) {
        throw new PkiException("PEM block " + position + " (" + shown(label) + ") is empty");
      }
      return new Block(label, der, false, position);
    } catch (IllegalArgumentException e) {
      throw new PkiException(
          "PEM block " + position + " (" + shown(label) + ") does not contain valid base64");
    }
  }
}
