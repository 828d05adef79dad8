package dev.vsid.operator.federation;

import java.util.Objects;

/**
 * A bundle endpoint could not be used. The message is one short line fit for a status field: the
 * endpoint URL, what went wrong and what to check. It never holds a stack trace, a response body
 * beyond a short quoted excerpt, or key material. {@link #failure()} tells the kind, so that no
 * caller needs to match the message.
 */
public class BundleFetchException extends Exception {
  private static final long serialVersionUID = 1L;

  private final FetchFailure failure;

  public BundleFetchException(FetchFailure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public FetchFailure failure() {
    return failure;
  }
}
