package dev.vsid.embedded;

import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A root CA of the same trust domain name that the operator never saw: another CA's bundle. */
final class ForeignCa {
  private ForeignCa() {}

  static CertificateAuthority generate(String trustDomain) {
    return CertificateAuthority.generateRoot(
        TrustDomainName.parse(trustDomain), KeyType.EC_P256, Duration.ofDays(1), Clock.systemUTC());
  }

  /** Writes a new foreign root of {@code trustDomain} as PEM to {@code file}. */
  static Path writeRoot(Path file, String trustDomain) throws IOException {
    Files.writeString(file, Pem.encodeCertificates(generate(trustDomain).roots()));
    return file;
  }
}
