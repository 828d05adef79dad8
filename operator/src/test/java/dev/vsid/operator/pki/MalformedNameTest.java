package dev.vsid.operator.pki;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.SpiffeId;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A certificate the JDK reads but Bouncy Castle's name parser does not is a failed check. */
class MalformedNameTest {
  private static final byte[] COMMON_NAME_UTF8 = {0x06, 0x03, 0x55, 0x04, 0x03, 0x0c};

  @Test
  void aCommonNameWithAnUndefinedStringTagFailsTheCheckInsteadOfThrowing() throws Exception {
    CertificateAuthority ca = PkiFixtures.root(KeyType.EC_P256);
    Svid svid =
        new SvidIssuer(Clock.systemUTC(), Duration.ofSeconds(30))
            .issue(
                new SvidRequest(
                    SpiffeId.parse("spiffe://example.org/ns/shop/sa/web"),
                    List.of("web.shop.svc"),
                    KeyType.EC_P256,
                    Duration.ofHours(1)),
                ca);
    byte[] der = svid.leaf().getEncoded();
    int at = lastIndexOf(der, COMMON_NAME_UTF8);
    der[at + 5] = 0x0e; // universal tag 14 is not a string type
    X509Certificate odd =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));

    assertThatThrownBy(() -> X509SvidChecker.checkLeaf(odd))
        .isInstanceOf(SvidCheckException.class)
        .hasMessageContaining("malformed");
    assertThatThrownBy(
            () ->
                X509SvidVerifier.verifyChain(
                    List.of(odd), Map.of(ca.trustDomain(), ca.roots()), Instant.now()))
        .isInstanceOf(SvidCheckException.class);
  }

  private static int lastIndexOf(byte[] data, byte[] pattern) {
    for (int i = data.length - pattern.length; i >= 0; i--) {
      boolean match = true;
      for (int j = 0; j < pattern.length && match; j++) {
        match = data[i + j] == pattern[j];
      }
      if (match) {
        return i;
      }
    }
    throw new IllegalStateException("no UTF8String common name in the certificate");
  }
}
