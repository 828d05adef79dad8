package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.TrustBundle;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A bundle accepted from an endpoint: the bundle as served (its own refresh hint untouched), the
 * refresh interval to use ({@link RefreshHints#effective}) and when the fetch completed.
 */
public record FetchedBundle(TrustBundle bundle, Duration refreshHint, Instant fetchedAt) {
  public FetchedBundle {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(refreshHint, "refreshHint");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
  }

  /** When the endpoint should be asked again. */
  public Instant nextFetchAt() {
    return fetchedAt.plus(refreshHint);
  }
}
