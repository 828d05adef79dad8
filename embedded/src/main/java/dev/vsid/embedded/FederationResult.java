package dev.vsid.embedded;

import java.util.ArrayList;
import java.util.List;

/**
 * What the federation part of a run found: the partner cluster's identities, the two trust domains'
 * exchange through their bundle endpoints, a mutual TLS handshake across them, and a workload of a
 * trust domain that is not federated being refused.
 *
 * @param partnerApiUrl the partner cluster's Kubernetes API, or null when there was none
 * @param steps what was done, one line each, for the summary
 * @param crossDomain the handshake between the two federated trust domains, or why it was skipped
 * @param stranger the handshake a workload of an unfederated trust domain tried, or why skipped
 * @param problems what went wrong before the handshakes
 */
record FederationResult(
    String partnerApiUrl,
    List<String> steps,
    HandshakeResult crossDomain,
    HandshakeResult stranger,
    List<String> problems) {

  /** No partner cluster in the examples: nothing to show, nothing wrong. */
  static FederationResult none() {
    return new FederationResult(null, List.of(), null, null, List.of());
  }

  boolean ran() {
    return partnerApiUrl != null;
  }

  /** True when the stranger's attempt was turned away by the federated side, and only that. */
  boolean strangerRefused() {
    return stranger != null
        && !stranger.wasSkipped()
        && !stranger.serverAcceptedClient()
        && !stranger.dataExchanged()
        && stranger.failure() != null
        && stranger.failure().startsWith("server could not verify the client's certificate");
  }

  /** Why the federation part is not OK; empty when it is, or did not run. */
  List<String> allProblems() {
    if (!ran()) {
      return List.of();
    }
    List<String> all = new ArrayList<>(problems);
    if (problems.isEmpty()) {
      if (crossDomain == null || !crossDomain.ok()) {
        all.add(
            "federation: "
                + (crossDomain == null ? "no cross-domain handshake" : crossDomain.describe()));
      }
      if (!strangerRefused()) {
        all.add(
            "federation: the workload of an unfederated trust domain was not refused as expected: "
                + (stranger == null ? "no attempt" : stranger.describe()));
      }
    }
    return all;
  }

  /** Lines for the summary. */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    if (!ran()) {
      return lines;
    }
    lines.add("federation: partner cluster's Kubernetes API at " + partnerApiUrl);
    steps.forEach(step -> lines.add("  " + step));
    if (crossDomain != null) {
      lines.add(
          "  "
              + (crossDomain.ok()
                  ? "mTLS "
                      + crossDomain.client()
                      + " -> "
                      + crossDomain.server()
                      + " across trust domains: OK ("
                      + crossDomain.protocol()
                      + "; each side trusted its Secret's all-roots.crt, then checked the peer's"
                      + " chain against the bundle of the peer's own trust domain and its SPIFFE"
                      + " ID)"
                  : crossDomain.describe()));
    }
    if (stranger != null) {
      lines.add(
          "  "
              + (strangerRefused() ? "refused as expected: " : "NOT refused as expected: ")
              + stranger.client()
              + " -> "
              + stranger.server()
              + ": "
              + (stranger.failure() == null ? "it was accepted" : stranger.failure()));
    }
    return lines;
  }
}
