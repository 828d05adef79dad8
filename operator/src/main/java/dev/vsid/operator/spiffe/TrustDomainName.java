package dev.vsid.operator.spiffe;

/**
 * A SPIFFE trust domain name, validated strictly: lowercase ASCII letters, digits, '.', '-' and
 * '_', at most 255 bytes. Not a DNS name: underscores, empty labels and long labels are allowed.
 */
public record TrustDomainName(String name) implements Comparable<TrustDomainName> {
  public static final int MAX_LENGTH = 255;

  public TrustDomainName {
    if (name == null || name.isEmpty()) {
      throw new InvalidSpiffeIdException(SpiffeIdError.MISSING_TD, "trust domain", "", -1);
    }
    int bad = firstInvalidChar(name, 0, name.length());
    if (bad >= 0) {
      throw new InvalidSpiffeIdException(SpiffeIdError.BAD_TD_CHAR, "trust domain", name, bad);
    }
    if (name.length() > MAX_LENGTH) {
      throw new InvalidSpiffeIdException(SpiffeIdError.TOO_LONG, "trust domain", name, -1);
    }
  }

  /**
   * Parses a trust domain name. A SPIFFE ID is accepted too (anything containing ":/"), in which
   * case the whole ID is validated and its trust domain returned.
   */
  public static TrustDomainName parse(String input) {
    if (input != null && input.contains(":/")) {
      return SpiffeId.parse(input).trustDomain();
    }
    return new TrustDomainName(input == null ? "" : input);
  }

  /** The ID of the trust domain itself: {@code spiffe://<name>}, with no path. */
  public SpiffeId id() {
    return new SpiffeId(this, "");
  }

  static boolean isTrustDomainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  }

  static int firstInvalidChar(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isTrustDomainChar(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int compareTo(TrustDomainName other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
