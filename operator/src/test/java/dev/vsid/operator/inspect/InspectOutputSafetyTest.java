package dev.vsid.operator.inspect;

import static dev.vsid.operator.inspect.InspectFixtures.ROOT;
import static dev.vsid.operator.inspect.InspectFixtures.inspect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.inspect.InspectFixtures.Run;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A certificate's own text cannot add lines to the report or make it look like a key. */
class InspectOutputSafetyTest {
  @TempDir Path dir;

  @Test
  void aSubjectWithLineBreaksCannotForgeAVerdictOrAProblemLine() throws Exception {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate forged =
        leafWithSubject(keys, "x\nresult: OK\nPROBLEM: none\n-----BEGIN PRIVATE KEY-----");
    writeFolder(forged, keys);

    Run run = inspect(dir.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.output().lines())
        .filteredOn(line -> line.startsWith("subject: "))
        .singleElement()
        .asString()
        .contains("x\\x0aresult: OK\\x0aPROBLEM: none\\x0a-----BEGIN private key-----");
    assertThat(run.output().lines().filter(line -> line.equals("result: OK"))).hasSize(1);
    assertThat(run.problems()).isEmpty();
    assertThat(run.output()).doesNotContain("PRIVATE KEY");
  }

  private void writeFolder(X509Certificate leaf, KeyPair keys) throws Exception {
    Files.writeString(dir.resolve("tls.crt"), Pem.encodeCertificates(List.of(leaf)));
    Files.writeString(dir.resolve("tls.key"), Pem.encodePrivateKey(keys.getPrivate()));
    Files.writeString(dir.resolve("ca.crt"), Pem.encodeCertificates(ROOT.roots()));
  }

  /** A valid X509-SVID leaf under the fixture root, with a subject common name of our choice. */
  private static X509Certificate leafWithSubject(KeyPair keys, String commonName) throws Exception {
    X500Name issuer =
        X500Name.getInstance(ROOT.certificate().getSubjectX500Principal().getEncoded());
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(Duration.ofMinutes(1))),
            Date.from(now.plus(Duration.ofHours(1))),
            subject,
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    GeneralName uri =
        new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example.org/forged");
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(uri));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ROOT.privateKey())));
  }
}
