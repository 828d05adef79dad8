package dev.vsid.operator.pki;

import java.util.regex.Pattern;

/** Checks DNS names for SANs: letters, digits and hyphens in dot-separated labels. */
final class DnsNames {
  private static final int MAX_LENGTH = 253;
  private static final int MAX_QUOTED = 80;
  private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  private static final Pattern NAME = Pattern.compile("(\\*\\.)?" + LABEL + "(\\." + LABEL + ")*");

  private DnsNames() {}

  static void check(String name) throws PkiException {
    if (name == null || name.isEmpty()) {
      throw new PkiException("a DNS name is empty");
    }
    if (name.length() > MAX_LENGTH || !NAME.matcher(name).matches()) {
      throw new PkiException(
          "DNS name "
              + quote(name)
              + " is not a valid DNS name (letters, digits, '-' and '.',"
              + " labels of at most 63 characters, an optional leading '*.')");
    }
  }

  /** Quotes a user value for a message: control characters escaped, long values cut. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < Math.min(value.length(), MAX_QUOTED); i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    if (value.length() > MAX_QUOTED) {
      out.append("...");
    }
    return out.append('"').toString();
  }
}
