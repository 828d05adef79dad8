package dev.vsid.operator.pki;

import dev.vsid.operator.text.Text;
import java.util.regex.Pattern;

/** Checks DNS names for SANs: letters, digits and hyphens in dot-separated labels. */
final class DnsNames {
  private static final int MAX_LENGTH = 253;
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
              + Text.quote(name)
              + " is not a valid DNS name (letters, digits, '-' and '.',"
              + " labels of at most 63 characters, an optional leading '*.')");
    }
  }
}
