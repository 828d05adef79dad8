package dev.vsid.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.testing.IndependentVerifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook's CA and serving certificates, as openssl reads them. */
class WebhookPkiTest {
  private static final List<String> NAMES =
      List.of("hook.vsid-system.svc", "hook.vsid-system.svc.cluster.local", "hook.vsid-system");

  @Test
  void opensslAcceptsTheServingCertificateForServerAuthUnderTheCa(@TempDir Path dir)
      throws Exception {
    Clock clock = Clock.systemUTC();
    TlsCredential ca = WebhookPki.newCa("webhook CA", Duration.ofDays(365), clock);
    TlsCredential serving = WebhookPki.issueServing(ca, NAMES, Duration.ofDays(30), clock);
    Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    Files.writeString(dir.resolve("tls.crt"), serving.certificatePem());

    String verify =
        IndependentVerifiers.run(
            dir, "openssl", "verify", "-CAfile", "ca.pem", "-purpose", "sslserver", "tls.crt");
    String caText =
        IndependentVerifiers.run(dir, "openssl", "x509", "-in", "ca.pem", "-noout", "-text");
    String text =
        IndependentVerifiers.run(dir, "openssl", "x509", "-in", "tls.crt", "-noout", "-text");

    assertThat(verify).contains("tls.crt: OK");
    assertThat(caText).contains("CA:TRUE, pathlen:0").contains("Certificate Sign, CRL Sign");
    assertThat(text)
        .contains("CA:FALSE")
        .contains("TLS Web Server Authentication")
        .doesNotContain("Client Authentication")
        .contains("DNS:hook.vsid-system.svc, DNS:hook.vsid-system.svc.cluster.local")
        .contains("ASN1 OID: prime256v1");
  }

  @Test
  void aServingCertificateNeverOutlivesItsCa() throws Exception {
    Clock clock = Clock.systemUTC();
    TlsCredential ca = WebhookPki.newCa("webhook CA", Duration.ofDays(10), clock);

    TlsCredential serving = WebhookPki.issueServing(ca, NAMES, Duration.ofDays(30), clock);

    assertThat(serving.notAfter()).isEqualTo(ca.notAfter());
  }

  @Test
  void aKeyThatDoesNotMatchIsRefusedAndNoCredentialShowsItsKey() throws Exception {
    Clock clock = Clock.systemUTC();
    TlsCredential a = WebhookPki.newCa("a", Duration.ofDays(1), clock);
    TlsCredential b = WebhookPki.newCa("b", Duration.ofDays(1), clock);

    assertThatThrownBy(() -> TlsCredential.fromPem(a.certificatePem(), b.privateKeyPem()))
        .isInstanceOf(PkiException.class)
        .hasMessage("the private key does not match the certificate");
    assertThat(a.toString()).startsWith("TlsCredential[serial=").doesNotContain("KEY");
  }
}
