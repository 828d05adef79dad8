package dev.vsid.embedded;

import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  /**
   * With {@code bundle} (a PEM file of the roots of the peer's own trust domain), the peer's chain
   * must lead to one of them: under federation a workload trusts several trust domains' roots, and
   * the handshake accepts a chain to any of them, so this checks that the peer's SPIFFE ID was
   * vouched for by its own trust domain. Nothing is checked when {@code bundle} is null.
   */
  static void requireIssuedBy(SSLSession session, Path bundle) throws PeerRejected {
    if (bundle == null) {
      return;
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Certificate certificate : session.getPeerCertificates()) {
        chain.add((X509Certificate) certificate);
      }
    } catch (SSLPeerUnverifiedException e) {
      throw new PeerRejected("peer was not authenticated");
    }
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      for (X509Certificate root : Pem.parseCertificates(Files.readString(bundle))) {
        anchors.add(new TrustAnchor(root, null));
      }
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
      CertPathValidator.getInstance("PKIX").validate(path, parameters);
    } catch (IOException | PkiException | GeneralSecurityException e) {
      throw new PeerRejected(
          "peer's chain does not lead to a root of its trust domain in "
              + bundle.getFileName()
              + ": "
              + e.getMessage());
    }
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
