package dev.vsid.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.svid.x509svid.X509SvidValidator;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** java-spiffe, a SPIFFE library no one here wrote, judges the issued SVIDs. */
class JavaSpiffeInteropTest {
  private static final TrustDomain EXAMPLE_ORG = TrustDomain.parse("example.org");

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = "ED25519", mode = EnumSource.Mode.EXCLUDE)
  void javaSpiffeParsesTheIssuedPemFilesAsAnX509Svid(KeyType type) throws Exception {
    Svid issued = PkiFixtures.svid(type);

    X509Svid svid = X509Svid.parse(utf8(issued.chainPem()), utf8(issued.privateKeyPem()));

    assertThat(svid.getSpiffeId().toString()).isEqualTo(PkiFixtures.WEB.toString());
    assertThat(svid.getChain()).containsExactly(issued.leaf());
    assertThat(svid.getPrivateKey().getEncoded()).isEqualTo(issued.privateKey().getEncoded());
  }

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = "ED25519", mode = EnumSource.Mode.EXCLUDE)
  void javaSpiffeParsesTheIssuedDerAsAnX509Svid(KeyType type) throws Exception {
    Svid issued = PkiFixtures.svid(type);

    X509Svid svid = X509Svid.parseRaw(issued.leaf().getEncoded(), issued.privateKey().getEncoded());

    assertThat(svid.getSpiffeId().toString()).isEqualTo(PkiFixtures.WEB.toString());
  }

  /**
   * Recorded limitation of java-spiffe 0.8.17, not of the SVID: its private-key reader knows only
   * RSA and EC (AsymmetricKeyAlgorithm), and throws an unchecked IllegalArgumentException
   * ("Algorithm not supported: EdDSA") for Ed25519 instead of an X509SvidException. Its chain
   * verification accepts the same Ed25519 SVID (see the chain test below), and openssl accepts it
   * fully. If a later java-spiffe learns Ed25519, this test fails and should be folded into the
   * ones above.
   */
  @Test
  void javaSpiffeCannotParseAnEd25519KeyButThatIsItsOwnLimitation() {
    Svid issued = PkiFixtures.svid(KeyType.ED25519);

    assertThatThrownBy(() -> X509Svid.parse(utf8(issued.chainPem()), utf8(issued.privateKeyPem())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Algorithm not supported: EdDSA");
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void javaSpiffeVerifiesTheIssuedChainAgainstABundleOfTheRoot(KeyType type) throws Exception {
    Svid issued = PkiFixtures.svid(type);
    X509Bundle bundle = bundleOf(PkiFixtures.root(type).roots());

    X509SvidValidator.verifyChain(issued.chain(), bundle);
  }

  @Test
  void javaSpiffeVerifiesAnSvidFromAnIntermediateAgainstTheRootOnly() throws Exception {
    CertificateAuthority intermediate = IntermediateCas.under(PkiFixtures.root(KeyType.RSA_2048));
    Svid issued = IntermediateCas.issueWeb(intermediate);

    X509SvidValidator.verifyChain(issued.chain(), bundleOf(intermediate.roots()));
    X509Svid svid = X509Svid.parse(utf8(issued.chainPem()), utf8(issued.privateKeyPem()));

    assertThat(svid.getChain()).hasSize(2);
    assertThat(intermediate.roots()).doesNotContain(intermediate.certificate());
  }

  @Test
  void javaSpiffeRejectsTheChainAgainstAnotherRootOfTheSameTrustDomain() {
    Svid issued = PkiFixtures.svid(KeyType.EC_P256);
    CertificateAuthority other =
        CertificateAuthority.generateRoot(
            PkiFixtures.EXAMPLE_ORG, KeyType.EC_P256, Duration.ofDays(1), Clock.systemUTC());

    assertThatThrownBy(() -> X509SvidValidator.verifyChain(issued.chain(), bundleOf(other.roots())))
        .isInstanceOf(CertificateException.class);
  }

  private static X509Bundle bundleOf(List<X509Certificate> roots) {
    return new X509Bundle(EXAMPLE_ORG, new HashSet<>(roots));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
