package dev.vsid.embedded;

import java.nio.file.Path;

/**
 * The outcome of the mutual TLS proof between two identities.
 *
 * @param client "namespace/name" of the identity that connected, or null when skipped
 * @param server "namespace/name" of the identity that listened, or null when skipped
 * @param serverAcceptedClient the server saw the SPIFFE ID it expected from the client
 * @param clientAcceptedServer the client saw the SPIFFE ID it expected from the server
 * @param dataExchanged a line of application data went each way
 * @param protocol the negotiated protocol, such as TLSv1.3, or null
 * @param failure what went wrong, why the proof was skipped, or null on success
 * @param clientTrustAnchors the file of roots the client trusted, or null
 * @param serverTrustAnchors the file of roots the server trusted, or null
 */
record HandshakeResult(
    String client,
    String server,
    boolean serverAcceptedClient,
    boolean clientAcceptedServer,
    boolean dataExchanged,
    String protocol,
    String failure,
    Path clientTrustAnchors,
    Path serverTrustAnchors) {

  static HandshakeResult skipped(String reason) {
    return new HandshakeResult(null, null, false, false, false, null, reason, null, null);
  }

  boolean wasSkipped() {
    return client == null;
  }

  boolean ok() {
    return !wasSkipped()
        && serverAcceptedClient
        && clientAcceptedServer
        && dataExchanged
        && failure == null;
  }

  /** One line for the summary. */
  String describe() {
    if (wasSkipped()) {
      return "mTLS: SKIPPED (" + failure + ")";
    }
    String outcome =
        ok()
            ? "OK ("
                + protocol
                + ", each side trusted its namespace's bundle ConfigMap and verified the peer's"
                + " SPIFFE ID)"
            : "FAILED: " + failure;
    return "mTLS " + client + " -> " + server + ": " + outcome;
  }
}
