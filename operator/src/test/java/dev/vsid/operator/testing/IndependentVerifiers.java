package dev.vsid.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.svid.x509svid.X509SvidValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Judges SVID files with verifiers this project did not write: the openssl command line and the
 * java-spiffe library.
 */
public final class IndependentVerifiers {
  private IndependentVerifiers() {}

  /** Writes a Secret's keys as files, the way a pod that mounts it sees them. */
  public static Path mount(Secret secret, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String key : secret.getData().keySet()) {
      Files.writeString(dir.resolve(key), OperatorHarness.text(secret, key));
    }
    return dir;
  }

  /** Asserts that openssl verifies tls.crt against ca.crt and sees the SPIFFE ID and key. */
  public static void assertOpensslAccepts(Path dir, String spiffeId) throws Exception {
    String verify = run(dir, "openssl", "verify", "-CAfile", "ca.crt", "tls.crt");
    assertThat(verify).as("openssl verify").contains("tls.crt: OK");
    String text = run(dir, "openssl", "x509", "-in", "tls.crt", "-noout", "-text");
    assertThat(text)
        .contains("URI:" + spiffeId)
        .contains("CA:FALSE")
        .contains("Digital Signature")
        .contains("TLS Web Server Authentication, TLS Web Client Authentication");
    String keyPublic = run(dir, "openssl", "pkey", "-in", "tls.key", "-pubout");
    String certPublic = run(dir, "openssl", "x509", "-in", "tls.crt", "-pubkey", "-noout");
    assertThat(keyPublic).as("public key of tls.key matches tls.crt").isEqualTo(certPublic);
  }

  /** Asserts that java-spiffe parses the SVID and verifies it against ca.crt. */
  public static void assertJavaSpiffeAccepts(Path dir, String trustDomain, String spiffeId)
      throws Exception {
    X509Svid svid = X509Svid.load(dir.resolve("tls.crt"), dir.resolve("tls.key"));
    assertThat(svid.getSpiffeId().toString()).isEqualTo(spiffeId);
    TrustDomain td = TrustDomain.parse(trustDomain);
    X509Bundle bundle = X509Bundle.load(td, dir.resolve("ca.crt"));
    X509SvidValidator.verifyChain(svid.getChain(), bundle);
    X509SvidValidator.verifySpiffeId(svid.getLeaf(), () -> Set.of(SpiffeId.parse(spiffeId)));
  }

  public static String run(Path dir, String... command) throws Exception {
    Process process =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + " said: " + out).isZero();
    return out;
  }
}
