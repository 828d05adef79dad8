package dev.vsid.operator.spiffe;

/**
 * A SPIFFE ID, {@code spiffe://<trust domain>/<path>}, parsed strictly by the SPIFFE ID
 * specification. Nothing is decoded, normalised or lower-cased: an input is either already in
 * canonical form or rejected with the kind of error and the offending character.
 */
public record SpiffeId(TrustDomainName trustDomain, String path) {
  public static final String SCHEME_PREFIX = "spiffe://";
  public static final int MAX_LENGTH = 2048;

  public SpiffeId {
    SpiffePaths.validate(path);
    int length = SCHEME_PREFIX.length() + trustDomain.name().length() + path.length();
    if (length > MAX_LENGTH) {
      throw new InvalidSpiffeIdException(
          SpiffeIdError.TOO_LONG, "SPIFFE ID", SCHEME_PREFIX + trustDomain.name() + path, -1);
    }
  }

  /** Parses a full SPIFFE ID string. */
  public static SpiffeId parse(String input) {
    if (input == null || input.isEmpty()) {
      throw new InvalidSpiffeIdException(SpiffeIdError.EMPTY, "SPIFFE ID", "", -1);
    }
    if (!input.startsWith(SCHEME_PREFIX)) {
      throw new InvalidSpiffeIdException(SpiffeIdError.WRONG_SCHEME, "SPIFFE ID", input, -1);
    }
    int start = SCHEME_PREFIX.length();
    int slash = input.indexOf('/', start);
    int end = slash < 0 ? input.length() : slash;
    int bad = TrustDomainName.firstInvalidChar(input, start, end);
    if (bad >= 0) {
      throw new InvalidSpiffeIdException(SpiffeIdError.BAD_TD_CHAR, "SPIFFE ID", input, bad);
    }
    if (end == start) {
      throw new InvalidSpiffeIdException(SpiffeIdError.MISSING_TD, "SPIFFE ID", input, -1);
    }
    String path = input.substring(end);
    SpiffePaths.validate(path, input, end);
    if (end - start > TrustDomainName.MAX_LENGTH || input.length() > MAX_LENGTH) {
      throw new InvalidSpiffeIdException(SpiffeIdError.TOO_LONG, "SPIFFE ID", input, -1);
    }
    return new SpiffeId(new TrustDomainName(input.substring(start, end)), path);
  }

  /** Builds an ID from a trust domain and a path such as {@code /ns/default/sa/web}. */
  public static SpiffeId of(TrustDomainName trustDomain, String path) {
    return new SpiffeId(trustDomain, path);
  }

  /** True for the ID of a trust domain itself (no path). */
  public boolean isTrustDomainId() {
    return path.isEmpty();
  }

  @Override
  public String toString() {
    return SCHEME_PREFIX + trustDomain.name() + path;
  }
}
