package dev.vsid.operator.pki;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import java.security.cert.X509Certificate;
import java.util.List;

/** Names read from a certificate for callers outside this package, with no profile checks. */
public final class CertificateNames {
  private CertificateNames() {}

  /**
   * Every URI of the certificate's subjectAlternativeName extension, exactly as encoded and in
   * order; empty when it has none. Nothing is validated: a root of a foreign bundle may carry a URI
   * that is not a valid SPIFFE ID.
   *
   * @throws SvidCheckException if the extension is malformed
   */
  public static List<String> uris(X509Certificate certificate) throws SvidCheckException {
    return List.copyOf(Certificates.uriSans(certificate));
  }
}
