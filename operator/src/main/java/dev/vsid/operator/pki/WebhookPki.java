package dev.vsid.operator.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Certificates of the operator's own HTTPS endpoint: a small self-signed CA that the API server
 * trusts, and serving certificates it signs. Both use ECDSA P-256 keys and start {@link #BACKDATE}
 * before "now" for clock skew.
 */
public final class WebhookPki {
  public static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final KeyType KEY_TYPE = KeyType.EC_P256;

  private WebhookPki() {}

  /** A self-signed CA named {@code commonName}, valid for {@code ttl} from now. */
  public static TlsCredential newCa(String commonName, Duration ttl, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    KeyPair keys = KEY_TYPE.generate();
    X500Name name = name(commonName);
    X509Certificate ca =
        new CertificateBuilder(name, name, now.minus(BACKDATE), now.plus(ttl), keys.getPublic())
            .caWithoutIntermediates()
            .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
            .subjectKeyIdentifier(keys.getPublic())
            .authorityKeyIdentifier(Certificates.keyIdentifier(keys.getPublic()))
            .sign(keys.getPrivate(), KEY_TYPE);
    return new TlsCredential(ca, keys.getPrivate());
  }

  /**
   * A serving certificate for {@code dnsNames} (the first is also the common name), signed by
   * {@code ca}, valid for {@code ttl} from now but never beyond the CA.
   */
  public static TlsCredential issueServing(
      TlsCredential ca, List<String> dnsNames, Duration ttl, Clock clock) throws PkiException {
    for (String dnsName : dnsNames) {
      DnsNames.check(dnsName);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter = now.plus(ttl).isAfter(ca.notAfter()) ? ca.notAfter() : now.plus(ttl);
    KeyPair keys = KEY_TYPE.generate();
    X509Certificate issuer = ca.certificate();
    X509Certificate leaf =
        new CertificateBuilder(
                CertificateBuilder.nameOf(issuer),
                name(dnsNames.get(0)),
                now.minus(BACKDATE),
                notAfter,
                keys.getPublic())
            .basicConstraints(false)
            .keyUsage(KeyUsage.digitalSignature)
            .serverAuth()
            .subjectKeyIdentifier(keys.getPublic())
            .authorityKeyIdentifier(Certificates.keyIdentifier(issuer.getPublicKey()))
            .dnsNames(dnsNames)
            .sign(ca.privateKey(), KEY_TYPE);
    return new TlsCredential(leaf, keys.getPrivate());
  }

  private static X500Name name(String commonName) {
    String cn = commonName.length() > 64 ? commonName.substring(0, 64) : commonName;
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, RootCaGenerator.ORGANIZATION)
        .addRDN(BCStyle.CN, cn)
        .build();
  }
}
