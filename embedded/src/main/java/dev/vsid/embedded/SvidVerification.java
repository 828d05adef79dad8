package dev.vsid.embedded;

import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.X509SvidChecker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies an identity from its mounted files alone, as a workload would have to trust them: the
 * chain against the Secret's ca.crt and against the ca.crt of the namespace's bundle ConfigMap (JDK
 * PKIX), the X509-SVID profile and SPIFFE ID, the key pair, the validity window, and {@code openssl
 * verify} against both as a verifier written by someone else.
 */
final class SvidVerification {
  private static final String CONFIGMAP_CA = "the bundle ConfigMap's ca.crt";

  private final Clock clock;
  private final Optional<OpensslVerifier> openssl;

  SvidVerification(Clock clock, Optional<OpensslVerifier> openssl) {
    this.clock = clock;
    this.openssl = openssl;
  }

  /** A check that did not pass; the message is short and never quotes key material. */
  private static final class CheckFailed extends Exception {
    private static final long serialVersionUID = 1L;

    CheckFailed(String check, String message) {
      super(check + ": " + message);
    }
  }

  /**
   * @param bundle the files of the bundle ConfigMap in the identity's namespace, or null when there
   *     is none (the ConfigMap check then fails)
   */
  Verdict verify(SvidFiles.FileSet files, BundleFiles.FileSet bundle, String expectedSpiffeId) {
    List<String> passed = new ArrayList<>();
    List<X509Certificate> chain = List.of();
    try {
      chain = certificates(files.cert(), "tls.crt");
      List<X509Certificate> roots = certificates(files.bundle(), "ca.crt");
      checkChain(chain, roots, Verdict.CHAIN, "ca.crt");
      passed.add(Verdict.CHAIN);
      checkChain(chain, configMapRoots(bundle), Verdict.CONFIGMAP_CHAIN, CONFIGMAP_CA);
      passed.add(Verdict.CONFIGMAP_CHAIN);
      checkSpiffeId(chain.get(0), expectedSpiffeId);
      passed.add(Verdict.SPIFFE_ID);
      checkKey(chain.get(0), files.key());
      passed.add(Verdict.KEY);
      checkValidity(chain.get(0));
      passed.add(Verdict.VALIDITY);
      if (openssl.isPresent()) {
        checkWithOpenssl(files, files.bundle(), chain.size() > 1);
        checkWithOpenssl(files, bundle.caCert(), chain.size() > 1);
        passed.add(Verdict.OPENSSL);
      }
      return verdict(passed, null, chain);
    } catch (CheckFailed e) {
      return verdict(passed, e.getMessage(), chain);
    }
  }

  private static Verdict verdict(List<String> passed, String failure, List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      return new Verdict(List.copyOf(passed), failure, null, null);
    }
    X509Certificate leaf = chain.get(0);
    return new Verdict(
        List.copyOf(passed),
        failure,
        dev.vsid.operator.pki.Fingerprints.serialNumber(leaf),
        leaf.getNotAfter().toInstant());
  }

  private static List<X509Certificate> certificates(Path file, String name) throws CheckFailed {
    try {
      return Pem.parseCertificates(read(file, name));
    } catch (PkiException e) {
      throw new CheckFailed(name, e.getMessage());
    }
  }

  private static List<X509Certificate> configMapRoots(BundleFiles.FileSet bundle)
      throws CheckFailed {
    if (bundle == null) {
      throw new CheckFailed(
          Verdict.CONFIGMAP_CHAIN,
          "the identity's namespace has no bundle ConfigMap to check with");
    }
    return certificates(bundle.caCert(), CONFIGMAP_CA);
  }

  /** PKIX path validation of tls.crt up to a root of {@code roots}, at "now", revocation off. */
  private void checkChain(
      List<X509Certificate> chain, List<X509Certificate> roots, String check, String rootsName)
      throws CheckFailed {
    Set<TrustAnchor> anchors =
        roots.stream().map(r -> new TrustAnchor(r, null)).collect(Collectors.toSet());
    List<X509Certificate> path = chain.stream().filter(c -> !roots.contains(c)).toList();
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(Instant.now(clock)));
      CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    } catch (GeneralSecurityException e) {
      throw new CheckFailed(
          check, "PKIX validation against " + rootsName + " failed: " + e.getMessage());
    }
  }

  private static void checkSpiffeId(X509Certificate leaf, String expected) throws CheckFailed {
    String actual;
    try {
      actual = X509SvidChecker.checkLeaf(leaf).toString();
    } catch (PkiException e) {
      throw new CheckFailed(Verdict.SPIFFE_ID, "not a valid X509-SVID: " + e.getMessage());
    }
    if (!actual.equals(expected)) {
      throw new CheckFailed(
          Verdict.SPIFFE_ID,
          "the certificate holds " + actual + " but status.spiffeId is " + expected);
    }
  }

  private static void checkKey(X509Certificate leaf, Path keyFile) throws CheckFailed {
    PrivateKey key;
    try {
      key = Pem.parsePrivateKey(read(keyFile, "tls.key"));
    } catch (PkiException e) {
      throw new CheckFailed(Verdict.KEY, e.getMessage());
    }
    if (!X509SvidChecker.keyMatches(leaf, key)) {
      throw new CheckFailed(Verdict.KEY, "tls.key is not the private key of tls.crt's leaf");
    }
  }

  private void checkValidity(X509Certificate leaf) throws CheckFailed {
    Instant now = Instant.now(clock);
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    if (now.isBefore(notBefore) || now.isAfter(notAfter)) {
      throw new CheckFailed(
          Verdict.VALIDITY, "now (" + now + ") is outside " + notBefore + " .. " + notAfter);
    }
  }

  private void checkWithOpenssl(SvidFiles.FileSet files, Path caFile, boolean hasIntermediates)
      throws CheckFailed {
    try {
      String refusal = openssl.orElseThrow().verify(files, caFile, hasIntermediates);
      if (refusal != null) {
        throw new CheckFailed(Verdict.OPENSSL, "with -CAfile " + caFile + ": " + refusal);
      }
    } catch (IOException e) {
      throw new CheckFailed(Verdict.OPENSSL, "could not run openssl: " + e.getMessage());
    }
  }

  private static String read(Path file, String name) throws CheckFailed {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CheckFailed(name, "could not read " + file + ": " + e.getMessage());
    }
  }
}
