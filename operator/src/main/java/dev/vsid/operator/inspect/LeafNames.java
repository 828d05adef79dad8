package dev.vsid.operator.inspect;

import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.SpiffeId;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The names of a leaf for display, read leniently: the profile check says what is wrong with them,
 * this only shows what is there.
 */
final class LeafNames {
  private static final int DNS_NAME = 2;
  private static final int URI = 6;

  private LeafNames() {}

  /** The SPIFFE ID when the leaf has exactly one URI SAN and it is a valid SPIFFE ID. */
  static Optional<SpiffeId> spiffeId(X509Certificate leaf) {
    List<String> uris = names(leaf, URI);
    if (uris.size() != 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(SpiffeId.parse(uris.get(0)));
    } catch (InvalidSpiffeIdException e) {
      return Optional.empty();
    }
  }

  static List<String> dnsNames(X509Certificate leaf) {
    List<String> names = names(leaf, DNS_NAME);
    return names.isEmpty() ? List.of("none") : names;
  }

  private static List<String> names(X509Certificate leaf, int type) {
    List<String> names = new ArrayList<>();
    Collection<List<?>> all;
    try {
      all = leaf.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return names;
    }
    if (all == null) {
      return names;
    }
    for (List<?> name : all) {
      if (name.size() == 2 && name.get(0) instanceof Integer kind && kind == type) {
        names.add(String.valueOf(name.get(1)));
      }
    }
    return names;
  }
}
