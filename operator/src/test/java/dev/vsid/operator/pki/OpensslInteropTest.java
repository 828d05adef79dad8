package dev.vsid.operator.pki;

import static dev.vsid.operator.pki.PkiFixtures.EXAMPLE_ORG;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real openssl binary judges what the issuer writes into a Secret, for every key type. */
class OpensslInteropTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void anIssuedSvidPassesOpensslVerifyAgainstTheRoot(KeyType type) throws Exception {
    writeSecretFiles(type);

    String output = Openssl.ok(dir, "verify", "-CAfile", "ca.crt", "tls.crt");

    assertThat(output.trim()).isEqualTo("tls.crt: OK");
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void anIssuedSvidPassesOpensslStrictVerifyForServerAndClientUse(KeyType type) throws Exception {
    writeSecretFiles(type);

    for (String purpose : new String[] {"sslserver", "sslclient"}) {
      String output =
          Openssl.ok(
              dir, "verify", "-x509_strict", "-purpose", purpose, "-CAfile", "ca.crt", "tls.crt");
      assertThat(output.trim()).isEqualTo("tls.crt: OK");
    }
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void anIssuedSvidShowsItsUriSanAndLeafProfileToOpenssl(KeyType type) throws Exception {
    writeSecretFiles(type);

    String text =
        Openssl.ok(
            dir,
            "x509",
            "-in",
            "tls.crt",
            "-noout",
            "-ext",
            "subjectAltName,basicConstraints,keyUsage,extendedKeyUsage");

    assertThat(text)
        .contains(
            "URI:spiffe://example.org/ns/default/sa/web, DNS:web.default.svc,"
                + " DNS:web.default.svc.cluster.local")
        .containsPattern("X509v3 Basic Constraints: critical\\s+CA:FALSE")
        .containsPattern("X509v3 Key Usage: critical\\s+Digital Signature\\s*\n")
        .containsPattern(
            "Extended Key Usage:\\s+TLS Web Server Authentication, TLS Web Client Authentication");
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void anIssuedKeyFileHoldsThePrivateHalfOfTheCertificateKey(KeyType type) throws Exception {
    writeSecretFiles(type);

    String fromKey = Openssl.ok(dir, "pkey", "-in", "tls.key", "-pubout");
    String fromCert = Openssl.ok(dir, "x509", "-in", "tls.crt", "-pubkey", "-noout");

    assertThat(fromKey).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(fromCert);
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void aGeneratedRootIsACriticalCaWithTheTrustDomainIdAsOpensslSeesIt(KeyType type)
      throws Exception {
    writeSecretFiles(type);

    String text =
        Openssl.ok(
            dir,
            "x509",
            "-in",
            "ca.crt",
            "-noout",
            "-subject",
            "-ext",
            "subjectAltName,basicConstraints,keyUsage");

    assertThat(text)
        .contains("subject=O = vsid, CN = example.org")
        .containsPattern("X509v3 Basic Constraints: critical\\s+CA:TRUE\\s*\n")
        .containsPattern("X509v3 Key Usage: critical\\s+Certificate Sign, CRL Sign\\s*\n")
        .containsPattern(
            "X509v3 Subject Alternative Name:\\s*\n\\s+URI:spiffe://example.org\\s*\n");
  }

  @Test
  void theCaFingerprintIsTheOneOpensslComputes() throws Exception {
    CertificateAuthority ca = PkiFixtures.root(KeyType.EC_P256);
    Files.writeString(dir.resolve("ca.crt"), Pem.encodeCertificates(ca.roots()));

    String output = Openssl.ok(dir, "x509", "-in", "ca.crt", "-noout", "-fingerprint", "-sha256");

    String opensslFingerprint = output.trim().substring(output.indexOf('=') + 1);
    assertThat(ca.fingerprint()).isEqualTo(opensslFingerprint.toLowerCase(Locale.ROOT));
    assertThat(Fingerprints.sha256(ca.certificate())).isEqualTo(ca.fingerprint());
  }

  @Test
  void anSvidFromAnIntermediateCaVerifiesWithTheIntermediateShippedInTlsCrt() throws Exception {
    CertificateAuthority intermediate = IntermediateCas.under(PkiFixtures.root(KeyType.EC_P384));
    Svid svid = IntermediateCas.issueWeb(intermediate);
    Files.writeString(dir.resolve("ca.crt"), Pem.encodeCertificates(intermediate.roots()));
    Files.writeString(dir.resolve("tls.crt"), svid.chainPem());

    String output =
        Openssl.ok(
            dir, "verify", "-x509_strict", "-CAfile", "ca.crt", "-untrusted", "tls.crt", "tls.crt");

    assertThat(output.trim()).isEqualTo("tls.crt: OK");
    assertThat(svid.chain()).hasSize(2);
  }

  @Test
  void opensslRejectsAnSvidAgainstAnotherRoot() throws Exception {
    writeSecretFiles(KeyType.EC_P256);
    CertificateAuthority other =
        CertificateAuthority.generateRoot(
            EXAMPLE_ORG, KeyType.EC_P256, Duration.ofDays(1), Clock.systemUTC());
    Files.writeString(dir.resolve("other.crt"), Pem.encodeCertificates(other.roots()));

    Openssl.Result result = Openssl.run(dir, "verify", "-CAfile", "other.crt", "tls.crt");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("unable to get local issuer certificate");
  }

  private void writeSecretFiles(KeyType type) throws Exception {
    Svid svid = PkiFixtures.svid(type);
    Files.writeString(
        dir.resolve("ca.crt"), Pem.encodeCertificates(PkiFixtures.root(type).roots()));
    Files.writeString(dir.resolve("tls.crt"), svid.chainPem());
    Files.writeString(dir.resolve("tls.key"), svid.privateKeyPem());
  }
}
