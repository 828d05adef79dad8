package dev.vsid.operator.federation;

import dev.vsid.operator.status.Reasons;

/**
 * A bundle source that cannot be read now but may be later (a ConfigMap not created yet, an
 * endpoint that does not answer or serves what is refused): the bundle accepted before stays in use
 * and the source is tried again.
 */
final class SourceUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String reason;

  SourceUnavailableException(String message) {
    this(Reasons.BUNDLE_UNAVAILABLE, message);
  }

  SourceUnavailableException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** A CamelCase reason for a condition. */
  String reason() {
    return reason;
  }
}
