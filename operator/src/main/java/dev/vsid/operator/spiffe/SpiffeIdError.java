package dev.vsid.operator.spiffe;

/** The kinds of mistake a SPIFFE ID, trust domain name or path can contain. */
public enum SpiffeIdError {
  EMPTY("is empty"),
  WRONG_SCHEME("must start with \"spiffe://\" (lowercase)"),
  MISSING_TD("has no trust domain"),
  BAD_TD_CHAR("trust domain may only contain lowercase letters, digits, '.', '-' and '_'"),
  BAD_PATH_CHAR("path segments may only contain letters, digits, '.', '-' and '_'"),
  EMPTY_SEGMENT("path has an empty segment (\"//\")"),
  DOT_SEGMENT("path has a \".\" or \"..\" segment"),
  TRAILING_SLASH("path ends with '/'"),
  MISSING_LEADING_SLASH("path must start with '/'"),
  TOO_LONG("is too long");

  private final String explanation;

  SpiffeIdError(String explanation) {
    this.explanation = explanation;
  }

  /** A short phrase a user can act on. */
  public String explanation() {
    return explanation;
  }
}
