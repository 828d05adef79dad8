package dev.vsid.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of the embedded mode found, for the summary and for tests.
 *
 * @param apiUrl the local Kubernetes API's URL
 * @param examples the folder the objects were applied from
 * @param applied the objects applied from it, in order
 * @param identities every WorkloadIdentity, in namespace/name order
 * @param bundles the bundle ConfigMap of each namespace that holds identities, in namespace order
 * @param handshake the mutual TLS proof, or why it was skipped
 * @param federation the federation with the partner cluster, when the examples have one
 * @param out the folder the SVID files were written to
 */
record EmbeddedResult(
    String apiUrl,
    Path examples,
    List<ExampleLoader.Applied> applied,
    List<IdentityReport> identities,
    List<BundleReport> bundles,
    HandshakeResult handshake,
    FederationResult federation,
    Path out) {

  /**
   * True when there were identities, every one verified, every bundle ConfigMap was there and
   * agreed with itself, and the handshake succeeded.
   */
  boolean ok() {
    return problems().isEmpty();
  }

  /** Why the run is not OK, one sentence each; empty when it is. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (identities.isEmpty()) {
      problems.add("no WorkloadIdentity was found in " + examples);
    }
    for (IdentityReport identity : identities) {
      if (!identity.verified()) {
        problems.add(identity.state().id() + ": " + identity.describe());
      }
    }
    for (BundleReport bundle : bundles) {
      if (!bundle.ok()) {
        problems.add("ConfigMap " + bundle.id() + ": " + bundle.problem());
      }
    }
    if (!handshake.ok()) {
      problems.add(handshake.describe());
    }
    problems.addAll(federation.allProblems());
    return problems;
  }
}
