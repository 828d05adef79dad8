package dev.vsid.embedded;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses who talks to whom in the mutual TLS proof. With the shipped examples the shop's frontend
 * calls the payments API; otherwise the first two Ready identities in namespace/name order are
 * used, the first as client.
 */
final class ProofPair {
  static final String EXAMPLE_CLIENT = "shop/frontend";
  static final String EXAMPLE_SERVER = "payments/payments-api";

  /** The chosen pair, or why there is none. */
  record Choice(IdentityReport client, IdentityReport server, String skipReason) {
    static Choice skip(String reason) {
      return new Choice(null, null, reason);
    }
  }

  private ProofPair() {}

  static Choice choose(List<IdentityReport> identities) {
    List<IdentityReport> usable = identities.stream().filter(ProofPair::usable).toList();
    if (isExamplePair(identities) && usable.size() == 2) {
      return new Choice(find(usable, EXAMPLE_CLIENT), find(usable, EXAMPLE_SERVER), null);
    }
    if (usable.size() < 2) {
      return Choice.skip(
          "needs two Ready identities with their files written; found " + usable.size());
    }
    return new Choice(usable.get(0), usable.get(1), null);
  }

  private static boolean usable(IdentityReport identity) {
    return identity.state().ready() && identity.files() != null;
  }

  private static boolean isExamplePair(List<IdentityReport> identities) {
    Set<String> ids = Set.of(EXAMPLE_CLIENT, EXAMPLE_SERVER);
    return identities.size() == 2
        && identities.stream().allMatch(i -> ids.contains(i.state().id()));
  }

  private static IdentityReport find(List<IdentityReport> identities, String id) {
    Optional<IdentityReport> found =
        identities.stream().filter(i -> i.state().id().equals(id)).findFirst();
    return found.orElseThrow();
  }
}
