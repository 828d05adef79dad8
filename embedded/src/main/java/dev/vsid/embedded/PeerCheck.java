package dev.vsid.embedded;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Authorises a TLS peer by SPIFFE ID: its leaf must carry exactly one URI SAN, equal to the one
 * expected. The chain was already verified by the handshake; this decides who may talk.
 */
final class PeerCheck {
  private static final int URI_SAN = 6;

  private PeerCheck() {}

  /** The peer was authenticated but is not the workload expected. */
  static final class PeerRejected extends Exception {
    private static final long serialVersionUID = 1L;

    PeerRejected(String message) {
      super(message);
    }
  }

  /** Returns the peer's SPIFFE ID when it is {@code expected}; throws otherwise. */
  static String require(SSLSession session, String expected) throws PeerRejected {
    List<String> uris = uriSans(peerLeaf(session));
    if (uris.size() != 1) {
      throw new PeerRejected("peer certificate has " + uris.size() + " URI SANs, not exactly one");
    }
    if (!uris.get(0).equals(expected)) {
      throw new PeerRejected("peer is " + uris.get(0) + ", not the expected " + expected);
    }
    return uris.get(0);
  }

  private static X509Certificate peerLeaf(SSLSession session) throws PeerRejected {
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        throw new PeerRejected("peer presented no X.509 certificate");
      }
      return leaf;
    } catch (SSLPeerUnverifiedException e) {
      throw new PeerRejected("peer was not authenticated");
    }
  }

  private static List<String> uriSans(X509Certificate leaf) throws PeerRejected {
    Collection<List<?>> names;
    try {
      names = leaf.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new PeerRejected("peer certificate's subjectAlternativeName cannot be read");
    }
    List<String> uris = new ArrayList<>();
    if (names != null) {
      for (List<?> name : names) {
        if (Integer.valueOf(URI_SAN).equals(name.get(0))) {
          uris.add(String.valueOf(name.get(1)));
        }
      }
    }
    return uris;
  }
}
