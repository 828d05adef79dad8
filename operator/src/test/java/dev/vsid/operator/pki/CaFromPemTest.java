package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.PkiFixtures.EXAMPLE_ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.spiffe.TrustDomainName;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;

/** What {@link CertificateAuthority#fromPem} refuses, and that it says why without keys. */
class CaFromPemTest {
  private static final CertificateAuthority ROOT = PkiFixtures.root(KeyType.EC_P256);
  private static final String ROOT_PEM = Pem.encodeCertificates(ROOT.roots());

  @Test
  void aLeafCertificateIsRefusedAsCa() {
    Svid svid = PkiFixtures.svid(KeyType.EC_P256);

    assertRefused(svid.chainPem(), svid.privateKey(), ROOT_PEM)
        .hasMessageContaining("cannot sign certificates")
        .hasMessageContaining("not a CA")
        .hasMessageContaining("basicConstraints CA:TRUE");
  }

  @Test
  void aKeyThatIsNotTheCertificatesKeyIsRefused() {
    PrivateKey otherKey = PkiFixtures.root(KeyType.EC_P384).privateKey();

    assertRefused(ROOT_PEM, otherKey, ROOT_PEM)
        .hasMessageContaining("private key does not belong to the CA certificate")
        .hasMessageContaining(ROOT.fingerprint());
  }

  @Test
  void aRootOfAnotherTrustDomainIsRefused() {
    CertificateAuthority other =
        CertificateAuthority.generateRoot(
            TrustDomainName.parse("other.org"),
            KeyType.EC_P256,
            Duration.ofDays(1),
            Clock.systemUTC());
    String pem = Pem.encodeCertificates(other.chain());

    assertRefused(pem, other.privateKey(), pem)
        .hasMessageContaining("belongs to trust domain other.org, not example.org")
        .hasMessageContaining("spiffe://example.org");
  }

  @Test
  void aCaWhoseUriSanHasAPathIsRefused() throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate ca = TestCertificate.caSignedBy(ROOT, keys, "spiffe://example.org/ca").build();

    assertRefused(Pem.encodeCertificates(List.of(ca)), keys.getPrivate(), ROOT_PEM)
        .hasMessageContaining("has a path");
  }

  @Test
  void aCaWithTwoUriSansIsRefused() throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate ca =
        TestCertificate.caSignedBy(ROOT, keys, null)
            .sans(TestCertificate.uri("spiffe://example.org"), TestCertificate.uri("https://x/"))
            .build();

    assertRefused(Pem.encodeCertificates(List.of(ca)), keys.getPrivate(), ROOT_PEM)
        .hasMessageContaining("2 URI SANs");
  }

  @Test
  void aCaWithoutUriSanIsAccepted() throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate ca = TestCertificate.caSignedBy(ROOT, keys, null).build();

    CertificateAuthority loaded =
        CertificateAuthority.fromPem(
            EXAMPLE_ORG,
            Pem.encodeCertificates(List.of(ca)),
            Pem.encodePrivateKey(keys.getPrivate()),
            ROOT_PEM);

    assertThat(loaded.chain()).containsExactly(ca);
  }

  @Test
  void aChainThatDoesNotLeadToTheRootsIsRefused() throws Exception {
    CertificateAuthority intermediate = IntermediateCas.under(ROOT);
    String otherRoot = Pem.encodeCertificates(PkiFixtures.root(KeyType.ED25519).roots());

    assertRefused(
            Pem.encodeCertificates(intermediate.chain()), intermediate.privateKey(), otherRoot)
        .hasMessageContaining("does not lead to any of the given roots");
  }

  @Test
  void aChainInTheWrongOrderIsRefused() throws Exception {
    CertificateAuthority intermediate = IntermediateCas.under(ROOT);
    X509Certificate unrelated = PkiFixtures.root(KeyType.ED25519).certificate();
    String chain = Pem.encodeCertificates(List.of(intermediate.certificate(), unrelated));

    assertRefused(chain, intermediate.privateKey(), ROOT_PEM)
        .hasMessageContaining("CA chain certificate 2 did not issue certificate 1");
  }

  @Test
  void aCaKeyOfAnUnsupportedTypeIsRefused() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    KeyPair keys = rsa.generateKeyPair();
    X509Certificate ca = TestCertificate.caSignedBy(ROOT, keys, "spiffe://example.org").build();

    assertRefused(Pem.encodeCertificates(List.of(ca)), keys.getPrivate(), ROOT_PEM)
        .hasMessageContaining("key type is not supported")
        .hasMessageContaining(KeyType.supportedNames());
  }

  @Test
  void garbageInsteadOfPemIsRefusedPerInput() {
    String key = Pem.encodePrivateKey(ROOT.privateKey());

    assertThatThrownBy(() -> CertificateAuthority.fromPem(EXAMPLE_ORG, "garbage", key, ROOT_PEM))
        .isInstanceOf(PkiException.class)
        .hasMessageStartingWith("CA certificate: no PEM certificate");
    assertThatThrownBy(
            () -> CertificateAuthority.fromPem(EXAMPLE_ORG, ROOT_PEM, "not a key", ROOT_PEM))
        .isInstanceOf(PkiException.class)
        .hasMessageStartingWith("CA private key: no PEM private key");
    assertThatThrownBy(() -> CertificateAuthority.fromPem(EXAMPLE_ORG, ROOT_PEM, key, "x"))
        .isInstanceOf(PkiException.class)
        .hasMessageStartingWith("CA roots: no PEM certificate");
  }

  @Test
  void aCaKeyInSec1FormIsAccepted() throws Exception {
    byte[] sec1 =
        PrivateKeyInfo.getInstance(ROOT.privateKey().getEncoded())
            .parsePrivateKey()
            .toASN1Primitive()
            .getEncoded();
    String keyPem = PemBlocks.encode("EC PRIVATE KEY", sec1);

    CertificateAuthority loaded = CertificateAuthority.fromPem(EXAMPLE_ORG, ROOT_PEM, keyPem, null);

    assertThat(loaded.fingerprint()).isEqualTo(ROOT.fingerprint());
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      String chainPem, PrivateKey key, String rootsPem) {
    String keyPem = Pem.encodePrivateKey(key);
    return assertThatThrownBy(
            () -> CertificateAuthority.fromPem(EXAMPLE_ORG, chainPem, keyPem, rootsPem))
        .isInstanceOf(PkiException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("-----")
                    .doesNotContain(KeyText.firstBase64Line(key))
                    .doesNotContain(KeyText.base64Body(key)));
  }
}
