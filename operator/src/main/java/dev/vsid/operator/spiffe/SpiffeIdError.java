package dev.vsid.operator.spiffe;

/** The kinds of mistake a SPIFFE ID, trust domain name or path can contain. */
public enum SpiffeIdError {
  EMPTY("is empty"),
  WRONG_SCHEME("must start with \"spiffe://\" (lowercase)"),
  MISSING_TD("has no trust domain"),
  BAD_TD_CHAR(
      "has a character a trust domain cannot have (allowed: lowercase letters, digits, '.', '-'"
          + " and '_')"),
  BAD_PATH_CHAR("has a character a path cannot have (allowed: letters, digits, '.', '-' and '_')"),
  EMPTY_SEGMENT("has an empty path segment (\"//\")"),
  DOT_SEGMENT("has a \".\" or \"..\" path segment"),
  TRAILING_SLASH("ends with '/'"),
  MISSING_LEADING_SLASH("must start with '/'"),
  TOO_LONG(
      "is too long; shorten it: a trust domain has at most "
          + TrustDomainName.MAX_LENGTH
          + " characters and a whole SPIFFE ID at most "
          + SpiffeId.MAX_LENGTH);

  private final String explanation;

  SpiffeIdError(String explanation) {
    this.explanation = explanation;
  }

  /** A short phrase a user can act on. */
  public String explanation() {
    return explanation;
  }
}
