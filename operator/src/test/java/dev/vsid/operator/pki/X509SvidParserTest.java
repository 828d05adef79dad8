package dev.vsid.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Section D of x509_svid_cases.md: a certificate chain and its key read together, as from {@code
 * tls.crt} and {@code tls.key}. The go-spiffe fixture files are judged in {@link
 * ConformanceFixturesTest}.
 */
class X509SvidParserTest {
  private static final Svid SVID = PkiFixtures.svid(KeyType.EC_P256);
  private static final String CERT = SVID.chainPem();
  private static final String KEY = SVID.privateKeyPem();

  @Test
  void anIssuedSvidParsesToItsIdChainAndKey() throws Exception {
    Svid parsed = X509SvidParser.parseSvid(CERT, KEY);

    assertThat(parsed.spiffeId()).isEqualTo(PkiFixtures.WEB);
    assertThat(parsed.chain()).containsExactly(SVID.leaf());
    assertThat(parsed.leaf()).isEqualTo(SVID.leaf());
    assertThat(parsed.privateKey().getEncoded()).isEqualTo(SVID.privateKey().getEncoded());
  }

  @Test
  void anSvidFromAnIntermediateParsesWithItsIntermediate() throws Exception {
    CertificateAuthority intermediate = IntermediateCas.under(PkiFixtures.root(KeyType.EC_P256));
    Svid svid = IntermediateCas.issueWeb(intermediate);

    Svid parsed = X509SvidParser.parseSvid(svid.chainPem(), svid.privateKeyPem());

    assertThat(parsed.chain()).containsExactly(svid.leaf(), intermediate.certificate());
  }

  @Test
  void d1_aKeyThatDoesNotBelongToTheLeafIsRejected() {
    PrivateKey other = PkiFixtures.svid(KeyType.EC_P384).privateKey();

    assertRejected(CERT, Pem.encodePrivateKey(other), other)
        .hasMessage("the private key does not match the leaf certificate's public key");
  }

  @Test
  void d2_aKeyGivenAsTheCertificateIsRejectedForHavingNoCertificate() {
    assertRejected(KEY, KEY, SVID.privateKey())
        .hasMessageStartingWith("certificates: no PEM certificate")
        .hasMessageContaining("found only: private key");
  }

  @Test
  void d3_aCertificateGivenAsTheKeyIsRejectedForHavingNoPrivateKey() {
    assertRejected(CERT, CERT, SVID.privateKey())
        .hasMessageStartingWith("private key: no PEM private key")
        .hasMessageContaining("found only: CERTIFICATE");
  }

  @Test
  void d4_certificateAndKeyInOnePemAreAcceptedInEitherOrder() throws Exception {
    Svid certFirst = X509SvidParser.parseSvid(CERT + KEY);
    Svid keyFirst = X509SvidParser.parseSvid(KEY + CERT);

    assertThat(certFirst.chain()).containsExactly(SVID.leaf());
    assertThat(keyFirst.chain()).containsExactly(SVID.leaf());
    assertThat(keyFirst.privateKey().getEncoded()).isEqualTo(SVID.privateKey().getEncoded());
  }

  @Test
  void d5_textThatIsNotPemIsRejected() {
    assertRejected("not PEM at all\n", KEY, SVID.privateKey())
        .hasMessage(
            "certificates: no PEM certificate (BEGIN CERTIFICATE) found"
                + " (the text holds no PEM block)");
    assertRejected(CERT, "not PEM at all\n", SVID.privateKey())
        .hasMessageStartingWith("private key: no PEM private key")
        .hasMessageContaining("the text holds no PEM block");
  }

  @Test
  void d5_aCorruptCertificateIsRejected() {
    String corrupt = PemBlocks.encode("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

    assertRejected(corrupt, KEY, SVID.privateKey())
        .hasMessage("certificates: PEM block 1 (CERTIFICATE) is not a valid X.509 certificate");
  }

  @Test
  void d5_aCorruptKeyIsRejectedWithoutQuotingIt() {
    byte[] der = SVID.privateKey().getEncoded();
    byte[] truncated = Arrays.copyOf(der, der.length - 7);
    String corrupt = PemBlocks.encode("PRIVATE KEY", truncated);

    assertRejected(CERT, corrupt, SVID.privateKey())
        .hasMessageStartingWith("private key: ")
        .hasMessageContaining("PKCS#8 private key is not valid DER")
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain(
                        Base64.getEncoder().encodeToString(truncated).substring(0, 40)));
  }

  @Test
  void theLeafAndTheCertificatesAboveItAreCheckedByTheProfile() throws Exception {
    String chainWithLeafAbove = Pem.encodeCertificates(List.of(SVID.leaf(), SVID.leaf()));

    assertRejected(chainWithLeafAbove, KEY, SVID.privateKey())
        .hasMessageStartingWith("certificate 2: signing certificate is not a CA");
  }

  @Test
  void toStringShowsTheIdAndSerialButNoKey() throws Exception {
    Svid parsed = X509SvidParser.parseSvid(CERT, KEY);

    assertThat(parsed.toString())
        .contains(PkiFixtures.WEB.toString(), SVID.serialNumberHex(), "certificates=1")
        .doesNotContain("PRIVATE")
        .doesNotContain(KeyText.firstBase64Line(SVID.privateKey()));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      String certPem, String keyPem, PrivateKey key) {
    return assertThatThrownBy(() -> X509SvidParser.parseSvid(certPem, keyPem))
        .isInstanceOf(SvidCheckException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("-----")
                    .doesNotContain(KeyText.firstBase64Line(key))
                    .doesNotContain(KeyText.base64Body(key)));
  }
}
