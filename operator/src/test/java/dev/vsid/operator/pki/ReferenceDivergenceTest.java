package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.PkiFixtures.EXAMPLE_ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.TrustDomainName;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.svid.x509svid.X509SvidValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where this project's verdict differs from java-spiffe 0.8.17, shown by running both on the same
 * input. java-spiffe's verifyChain is JDK PKIX plus the bundle choice, with no X509-SVID profile
 * checks, and its parse does not check the key pairing or the signing certificates' other usages.
 * Each test says which side openssl or the spec takes. If java-spiffe changes, these tests fail.
 */
class ReferenceDivergenceTest {
  private static final CertificateAuthority ROOT = PkiFixtures.root(KeyType.EC_P256);
  private static final TrustDomain JAVA_EXAMPLE_ORG = TrustDomain.parse("example.org");

  @TempDir Path dir;

  /** Case A2: the spec (X509 §4.1) and go Verify reject it too. */
  @Test
  void aLeafWithTheCaFlagPassesJavaSpiffeVerifyChainButNotOurs() throws Exception {
    List<X509Certificate> chain = List.of(TestCertificate.leafSignedBy(ROOT).ca(true).build());

    X509SvidValidator.verifyChain(chain, javaBundle(ROOT.certificate()));
    assertThatThrownBy(() -> verify(chain, ROOT.certificate()))
        .hasMessageContaining("leaf certificate is a CA");
  }

  /**
   * Case B7: "MUST NOT have a path" (X509 §3.2); the cases file notes validators do not enforce it.
   */
  @Test
  void anIntermediateWhoseUriHasAPathPassesJavaSpiffeButNotOurs() throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate intermediate =
        TestCertificate.caSignedBy(ROOT, keys, "spiffe://example.org/host").build();
    CertificateAuthority signer =
        new CertificateAuthority(
            EXAMPLE_ORG, List.of(intermediate), ROOT.roots(), keys.getPrivate(), KeyType.EC_P256);
    List<X509Certificate> chain =
        List.of(TestCertificate.leafSignedBy(signer).build(), intermediate);

    X509SvidValidator.verifyChain(chain, javaBundle(ROOT.certificate()));
    assertThatThrownBy(() -> verify(chain, ROOT.certificate()))
        .hasMessageContaining("certificate 2: signing certificate URI SAN")
        .hasMessageContaining("has a path");
  }

  /**
   * JDK PKIX, and so java-spiffe, never checks the trust anchor's own validity; openssl and Go's
   * x509 do, and so do we.
   */
  @Test
  void anExpiredBundleAuthorityPassesJavaSpiffeButNotOpensslNorUs() throws Exception {
    CertificateAuthority expired =
        CertificateAuthority.generateRoot(
            EXAMPLE_ORG,
            KeyType.EC_P256,
            Duration.ofDays(1),
            Clock.fixed(Instant.now().minus(Duration.ofDays(3)), ZoneOffset.UTC));
    X509Certificate leaf = TestCertificate.leafSignedBy(expired).build();
    List<X509Certificate> chain = List.of(leaf);

    X509SvidValidator.verifyChain(chain, javaBundle(expired.certificate()));
    assertThatThrownBy(() -> verify(chain, expired.certificate()))
        .hasMessageContaining("the bundle authority")
        .hasMessageContaining("has expired");
    Files.writeString(
        dir.resolve("ca.crt"), Pem.encodeCertificates(List.of(expired.certificate())));
    Files.writeString(dir.resolve("tls.crt"), Pem.encodeCertificates(chain));
    Openssl.Result openssl = Openssl.run(dir, "verify", "-CAfile", "ca.crt", "tls.crt");
    assertThat(openssl.exitCode()).isNotZero();
    assertThat(openssl.output()).contains("certificate has expired");
  }

  /** Case A7: py-spiffe and SPIRE reject it as we do; go-spiffe Parse accepts it. */
  @Test
  void aLeafWithoutBasicConstraintsParsesInJavaSpiffeButNotOurs() throws Exception {
    TestCertificate template = TestCertificate.leafSignedBy(ROOT).ca(null);
    String cert = Pem.encodeCertificates(List.of(template.build()));
    String key = Pem.encodePrivateKey(template.keys().getPrivate());

    X509Svid.parse(utf8(cert), utf8(key));
    assertThatThrownBy(() -> X509SvidParser.parseSvid(cert, key))
        .hasMessageContaining("no basicConstraints");
  }

  /** Case D1: go-spiffe rejects it as we do; java-spiffe and py-spiffe do not check the pair. */
  @Test
  void aKeyOfAnotherCertificateParsesInJavaSpiffeButNotOurs() throws Exception {
    String cert = Pem.encodeCertificates(List.of(TestCertificate.leafSignedBy(ROOT).build()));
    String otherKey = Pem.encodePrivateKey(KeyType.EC_P256.generate().getPrivate());

    X509Svid.parse(utf8(cert), utf8(otherKey));
    assertThatThrownBy(() -> X509SvidParser.parseSvid(cert, otherKey))
        .hasMessageContaining("does not match");
  }

  /** Case B5: SPIRE rejects such a CA as we do; java-spiffe checks only cA and keyCertSign. */
  @Test
  void anIntermediateWithKeyAgreementParsesInJavaSpiffeButNotOurs() throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    int usage = KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.keyAgreement;
    X509Certificate intermediate =
        TestCertificate.caSignedBy(ROOT, keys, "spiffe://example.org")
            .keyUsage(usage, true)
            .build();
    CertificateAuthority signer =
        new CertificateAuthority(
            EXAMPLE_ORG, List.of(intermediate), ROOT.roots(), keys.getPrivate(), KeyType.EC_P256);
    TestCertificate leaf = TestCertificate.leafSignedBy(signer);
    String cert = Pem.encodeCertificates(List.of(leaf.build(), intermediate));
    String key = Pem.encodePrivateKey(leaf.keys().getPrivate());

    X509Svid.parse(utf8(cert), utf8(key));
    assertThatThrownBy(() -> X509SvidParser.parseSvid(cert, key))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining("but also has keyAgreement");
  }

  private static void verify(List<X509Certificate> chain, X509Certificate authority)
      throws SvidCheckException {
    Map<TrustDomainName, Collection<X509Certificate>> bundles =
        Map.of(EXAMPLE_ORG, List.of(authority));
    X509SvidVerifier.verifyChain(chain, bundles, Instant.now());
  }

  private static X509Bundle javaBundle(X509Certificate authority) {
    return new X509Bundle(JAVA_EXAMPLE_ORG, Set.of(authority));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
