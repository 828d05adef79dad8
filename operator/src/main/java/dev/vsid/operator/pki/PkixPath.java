package dev.vsid.operator.pki;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One certification path checked with the JDK's own PKIX validator (revocation off) at a given
 * instant. Validity times are checked here first, so that a message can say which certificate is
 * out of its window and since when; the trust anchor's window is checked too, which PKIX skips.
 */
final class PkixPath {
  private PkixPath() {}

  /** Validates {@code chain} up to one of {@code authorities} and returns that authority. */
  static X509Certificate validate(
      List<X509Certificate> chain, Collection<X509Certificate> authorities, Instant at)
      throws SvidCheckException {
    List<X509Certificate> path = belowAuthorities(chain, authorities);
    for (int i = 0; i < path.size(); i++) {
      checkValidity(path.get(i), describe(path, i), at);
    }

    X509Certificate anchor = runPkix(path, authorities, at);
    checkValidity(anchor, "the bundle authority (subject " + subject(anchor) + ")", at);
    return anchor;
  }

  /**
   * The chain up to, not including, its first certificate above the leaf that is itself an
   * authority: the bundle may hold the root or any CA of the chain.
   */
  private static List<X509Certificate> belowAuthorities(
      List<X509Certificate> chain, Collection<X509Certificate> authorities) {
    for (int i = 1; i < chain.size(); i++) {
      if (authorities.contains(chain.get(i))) {
        return chain.subList(0, i);
      }
    }
    return chain;
  }

  private static void checkValidity(X509Certificate cert, String what, Instant at)
      throws SvidCheckException {
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    if (at.isBefore(notBefore)) {
      throw new SvidCheckException(
          what
              + " is not yet valid: its validity starts at "
              + notBefore
              + " (checked at "
              + at
              + ")");
    }
    if (at.isAfter(notAfter)) {
      throw new SvidCheckException(
          what + " has expired: its validity ended at " + notAfter + " (checked at " + at + ")");
    }
  }

  private static X509Certificate runPkix(
      List<X509Certificate> path, Collection<X509Certificate> authorities, Instant at)
      throws SvidCheckException {
    Set<TrustAnchor> anchors =
        authorities.stream().map(cert -> new TrustAnchor(cert, null)).collect(Collectors.toSet());
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(at));
      PKIXCertPathValidatorResult result =
          (PKIXCertPathValidatorResult)
              CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
      return result.getTrustAnchor().getTrustedCert();
    } catch (CertPathValidatorException e) {
      throw new SvidCheckException(failure(e, path));
    } catch (InvalidAlgorithmParameterException e) {
      throw new SvidCheckException("the bundle's authorities cannot be used as trust anchors");
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SvidCheckException("the chain could not be validated: " + e.getClass().getName());
    }
  }

  /** The JDK's reason in its own words, with the certificate it concerns when it names one. */
  private static String failure(CertPathValidatorException e, List<X509Certificate> path) {
    String reason = e.getMessage() == null ? String.valueOf(e.getReason()) : e.getMessage();
    int index = e.getIndex();
    if (index >= 0 && index < path.size()) {
      return describe(path, index) + ": " + reason;
    }
    return reason;
  }

  private static String describe(List<X509Certificate> path, int index) {
    String role = index == 0 ? "the leaf, " : "";
    return "certificate " + (index + 1) + " (" + role + "subject " + subject(path.get(index)) + ")";
  }

  private static String subject(X509Certificate cert) {
    return cert.getSubjectX500Principal().getName();
  }
}
