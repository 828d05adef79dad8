package dev.vsid.operator.pki;

import dev.vsid.operator.spiffe.SpiffeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What to issue: an X509-SVID for {@code spiffeId} with optional DNS SANs (in order; the first
 * becomes the subject CN), a fresh key of {@code keyType}, valid for {@code ttl}. A null {@code
 * dnsNames} means none. {@link SvidIssuer#issue} checks the values.
 */
public record SvidRequest(SpiffeId spiffeId, List<String> dnsNames, KeyType keyType, Duration ttl) {
  public SvidRequest {
    dnsNames =
        dnsNames == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(dnsNames));
  }
}
