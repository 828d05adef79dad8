package dev.vsid.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.spiffe.TrustDomainName;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The detector the leak tests rely on finds a key in every form it could leak in, and finds nothing
 * in the key's own certificate. Assertions show findings only, never the texts.
 */
class KeyTracesTest {
  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"EC_P256", "EC_P384", "RSA_2048", "ED25519"})
  void aKeyIsFoundInEveryFormAndNotInItsCertificate(KeyType type) {
    CertificateAuthority ca =
        CertificateAuthority.generateRoot(
            new TrustDomainName("example.org"), type, Duration.ofDays(1), Clock.systemUTC());
    PrivateKey key = ca.privateKey();
    String pem = Pem.encodePrivateKey(key);
    KeyTraces traces = new KeyTraces();
    traces.add("the key", key);
    ca.chain().forEach(traces::addPublic);

    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("leaky")
            .endMetadata()
            .withData(
                Map.of("tls.key", KeyTraces.base64(pem), "ca.crt", KeyTraces.base64("x" + pem)))
            .build();
    List<String> leaks =
        List.of(
            pem,
            body(pem).substring(0, 64), // one line of the PEM body
            secret.toString(),
            Serialization.asJson(secret),
            KeyTraces.base64("xy" + pem).substring(4),
            secretNumber(key).toString(16),
            secretNumber(key).toString());
    for (int i = 0; i < leaks.size(); i++) {
      assertThat(traces.findIn("form " + i, leaks.get(i))).as("form %s", i).isNotEmpty();
    }
    assertThat(traces.findIn("marker", "the label PRIVATE KEY")).isNotEmpty();

    String certificates = Pem.encodeCertificates(ca.chain());
    assertThat(traces.findIn("certificate", certificates)).isEmpty();
    assertThat(traces.findIn("certificate data", KeyTraces.base64(certificates))).isEmpty();
    assertThat(traces.findIn("noise", KeyTraces.base64(new String(new char[3000]))))
        .as("unrelated base64")
        .isEmpty();
  }

  private static String body(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replace("\n", "");
  }

  private static BigInteger secretNumber(PrivateKey key) {
    if (key instanceof ECPrivateKey ec) {
      return ec.getS();
    }
    if (key instanceof RSAPrivateKey rsa) {
      return rsa.getPrivateExponent();
    }
    byte[] der = key.getEncoded();
    return new BigInteger(1, java.util.Arrays.copyOfRange(der, 16, 48));
  }
}
