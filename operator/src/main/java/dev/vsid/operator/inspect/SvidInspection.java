package dev.vsid.operator.inspect;

import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.X509SvidChecker;
import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.pki.X509SvidVerifier;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Judges one SVID's files at one instant and writes the facts and problems into a report. Each
 * check stands alone, so one defect does not hide the others.
 */
final class SvidInspection {
  private final InspectReport report = new InspectReport();
  private final Instant at;

  private SvidInspection(Instant at) {
    this.at = at.truncatedTo(ChronoUnit.SECONDS);
  }

  static InspectReport inspect(SvidMaterial material, Instant at) {
    SvidInspection inspection = new SvidInspection(at);
    try {
      inspection.run(material);
    } catch (RuntimeException e) {
      inspection.report.problem("the inspection stopped early: " + e.getClass().getSimpleName());
    }
    return inspection.report;
  }

  private void run(SvidMaterial material) {
    report.fact("source", material.source());
    report.fact("checked at", at.toString());
    Optional<List<X509Certificate>> parsed = certificates(SvidMaterial.CERT, material.certPem());
    if (parsed.isEmpty()) {
      return;
    }
    List<X509Certificate> chain = parsed.get();
    X509Certificate leaf = chain.get(0);

    Optional<SpiffeId> id = LeafNames.spiffeId(leaf);
    report.fact("spiffe id", id.map(SpiffeId::toString).orElse("none"));
    report.fact("subject", leaf.getSubjectX500Principal().getName(X500Principal.RFC2253));
    report.fact("serial", Fingerprints.serialNumber(leaf));
    reportKey(leaf, material.keyPem());
    reportValidity(leaf);
    report.fact("dns names", String.join(", ", LeafNames.dnsNames(leaf)));
    report.fact("certificates in tls.crt", String.valueOf(chain.size()));

    boolean profileOk = reportProfile(chain);
    reportChain(chain, profileOk ? id : Optional.empty(), material.caPem());
  }

  private Optional<List<X509Certificate>> certificates(String file, String pem) {
    try {
      return Optional.of(Pem.parseCertificates(pem));
    } catch (PkiException e) {
      report.problem(file + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private void reportKey(X509Certificate leaf, String keyPem) {
    String type = keyTypeName(leaf.getPublicKey());
    PrivateKey key;
    try {
      key = Pem.parsePrivateKey(keyPem);
    } catch (PkiException e) {
      report.fact("key", type + ", tls.key unreadable");
      report.problem(SvidMaterial.KEY + ": " + e.getMessage());
      return;
    }
    if (X509SvidChecker.keyMatches(leaf, key)) {
      report.fact("key", type + ", matches certificate");
    } else {
      report.fact("key", type + ", DOES NOT match certificate");
      report.problem("tls.key is not the private key of the certificate in tls.crt");
    }
  }

  private static String keyTypeName(PublicKey key) {
    return KeyType.of(key)
        .map(KeyType::specName)
        .orElse(key.getAlgorithm() + " (not a key type the operator issues)");
  }

  private void reportValidity(X509Certificate leaf) {
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    report.fact("not before", notBefore.toString());
    report.fact("not after", notAfter.toString());
    if (at.isBefore(notBefore)) {
      report.fact("time left", "NOT YET VALID (starts in " + between(at, notBefore) + ")");
      report.problem("the certificate is not valid until " + notBefore);
    } else if (at.isAfter(notAfter)) {
      report.fact("time left", "EXPIRED (" + between(notAfter, at) + " ago)");
      report.problem("the certificate expired at " + notAfter);
    } else {
      report.fact("time left", between(at, notAfter));
    }
  }

  private static String between(Instant from, Instant to) {
    return Text.duration(Duration.between(from, to));
  }

  /** The leaf by the X509-SVID profile and the certificates above it as signing certificates. */
  private boolean reportProfile(List<X509Certificate> chain) {
    try {
      SpiffeId id = X509SvidChecker.checkLeaf(chain.get(0));
      for (int i = 1; i < chain.size(); i++) {
        checkSigning(chain.get(i), i, id);
      }
      report.fact("profile", "OK (X509-SVID leaf" + signers(chain.size() - 1) + ")");
      return true;
    } catch (SvidCheckException e) {
      report.fact("profile", "FAILED");
      report.problem("profile: " + e.getMessage());
      return false;
    }
  }

  private static void checkSigning(X509Certificate cert, int index, SpiffeId leafId)
      throws SvidCheckException {
    try {
      X509SvidChecker.checkSigningCertificate(cert, leafId.trustDomain());
    } catch (SvidCheckException e) {
      throw new SvidCheckException("certificate " + (index + 1) + ": " + e.getMessage());
    }
  }

  private static String signers(int count) {
    return count == 0 ? "" : count == 1 ? ", 1 CA certificate" : ", " + count + " CA certificates";
  }

  /**
   * The chain against ca.crt. With a sound leaf, as a peer would verify it (bundle of the leaf's
   * trust domain = every certificate in ca.crt); otherwise the path alone, so that a profile defect
   * is not reported twice.
   */
  private void reportChain(List<X509Certificate> chain, Optional<SpiffeId> id, String caPem) {
    Optional<List<X509Certificate>> authorities = certificates(SvidMaterial.CA, caPem);
    if (authorities.isEmpty()) {
      report.fact("chain", "NOT CHECKED (ca.crt holds no usable certificate)");
      return;
    }
    try {
      verify(chain, id, authorities.get());
      report.fact("chain", "OK against ca.crt (" + count(authorities.get()) + ")");
    } catch (SvidCheckException e) {
      report.fact("chain", "FAILED against ca.crt (" + count(authorities.get()) + ")");
      report.problem("chain: " + e.getMessage());
    }
  }

  private void verify(
      List<X509Certificate> chain, Optional<SpiffeId> id, List<X509Certificate> authorities)
      throws SvidCheckException {
    if (id.isPresent()) {
      Map<TrustDomainName, Collection<X509Certificate>> bundles =
          Map.of(id.get().trustDomain(), authorities);
      X509SvidVerifier.verifyChain(chain, bundles, at);
    } else {
      X509SvidVerifier.verifyPath(chain, authorities, at);
    }
  }

  private static String count(List<X509Certificate> authorities) {
    int n = authorities.size();
    return n == 1 ? "1 authority" : n + " authorities";
  }
}
