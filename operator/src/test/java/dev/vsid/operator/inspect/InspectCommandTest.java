package dev.vsid.operator.inspect;

import static dev.vsid.operator.inspect.InspectFixtures.ROOT;
import static dev.vsid.operator.inspect.InspectFixtures.SVID;
import static dev.vsid.operator.inspect.InspectFixtures.inspect;
import static dev.vsid.operator.inspect.InspectFixtures.mount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.inspect.InspectFixtures.Run;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.Svid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} on folders of mounted files: the facts, the problems and the exit code. */
class InspectCommandTest {
  @TempDir Path dir;
  private Run run;

  @AfterEach
  void neverPrintsKeyMaterial() throws Exception {
    if (run == null) {
      return;
    }
    String keyBase64 = Base64.getEncoder().encodeToString(SVID.privateKey().getEncoded());
    String firstKeyLine = SVID.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
    assertThat(run.output())
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(keyBase64)
        .doesNotContain(firstKeyLine)
        .doesNotContain(keyBase64.substring(keyBase64.length() - 40))
        .doesNotContainPattern("[A-Za-z0-9+/=]{40,}");
  }

  @Test
  void aGoodFolderExitsZeroAndPrintsOneFactPerLine() throws Exception {
    run = inspect(mount(dir, SVID, ROOT).toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.output())
        .contains("spiffe id: spiffe://example.org/ns/default/sa/web\n")
        .contains("subject: CN=web.default.svc,O=vsid\n")
        .contains("serial: " + SVID.serialNumberHex() + "\n")
        .contains("key: ECP256, matches certificate\n")
        .contains("not before: " + SVID.notBefore() + "\n")
        .contains("not after: " + SVID.notAfter() + "\n")
        .containsPattern("time left: (59m|1h 0m|60m)")
        .contains("dns names: web.default.svc, web.default.svc.cluster.local\n")
        .contains("chain: OK against ca.crt (1 authority)\n")
        .contains("profile: OK (X509-SVID leaf)\n")
        .endsWith("result: OK\n");
    assertThat(run.problems()).isEmpty();
  }

  @Test
  void aKeyOfAnotherCertificateExitsOneWithAProblemLine() throws Exception {
    mount(dir, SVID, ROOT);
    Svid other = InspectFixtures.issue(ROOT);
    Files.writeString(dir.resolve("tls.key"), other.privateKeyPem());

    run = inspect(dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("key: ECP256, DOES NOT match certificate\n");
    assertThat(run.problems())
        .containsExactly("PROBLEM: tls.key is not the private key of the certificate in tls.crt");
    assertThat(run.output()).endsWith("result: 1 problem\n");
  }

  @Test
  void aCorruptedKeyFileExitsOneWithoutQuotingIt() throws Exception {
    mount(dir, SVID, ROOT);
    String pem = SVID.privateKeyPem();
    Files.writeString(dir.resolve("tls.key"), pem.replace(pem.substring(40, 48), "!!!!!!!!"));

    run = inspect(dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("key: ECP256, tls.key unreadable\n");
    assertThat(run.problems())
        .containsExactly(
            "PROBLEM: tls.key: PEM block 1 (private key) does not contain valid base64");
  }

  @Test
  void anExpiredSvidExitsOneWhenJudgedAfterItsNotAfter() throws Exception {
    Instant later = SVID.notAfter().plus(Duration.ofMinutes(5));

    run = inspect("--at", later.toString(), mount(dir, SVID, ROOT).toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output())
        .contains("checked at: " + later + "\n")
        .contains("time left: EXPIRED (5m 0s ago)\n")
        .contains("chain: FAILED against ca.crt (1 authority)\n");
    assertThat(run.problems())
        .contains("PROBLEM: the certificate expired at " + SVID.notAfter())
        .anySatisfy(
            line -> assertThat(line).contains("certificate 1 (the leaf").contains("expired"));
  }

  @Test
  void anSvidJudgedBeforeItsNotBeforeIsNotYetValid() throws Exception {
    Instant earlier = SVID.notBefore().minus(Duration.ofHours(3));

    run = inspect("--at=" + earlier, mount(dir, SVID, ROOT).toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("time left: NOT YET VALID (starts in 3h 0m)\n");
  }

  @Test
  void aBundleOfAnotherRootFailsTheChainOnly() throws Exception {
    CertificateAuthority other =
        CertificateAuthority.generateRoot(
            InspectFixtures.EXAMPLE_ORG, KeyType.EC_P256, Duration.ofDays(1), Clock.systemUTC());
    mount(dir, SVID, other);
    Files.writeString(dir.resolve("tls.key"), SVID.privateKeyPem());

    run = inspect(dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("profile: OK").contains("chain: FAILED");
    assertThat(run.problems())
        .singleElement()
        .asString()
        .contains("bundle of trust domain \"example.org\"")
        .contains("trust anchors");
  }

  @Test
  void aCaCertificateGivenAsTheLeafFailsTheProfileAndStillShowsItsFacts() throws Exception {
    mount(dir, SVID, ROOT);
    Files.writeString(dir.resolve("tls.crt"), Pem.encodeCertificates(ROOT.roots()));
    Files.writeString(dir.resolve("tls.key"), Pem.encodePrivateKey(ROOT.privateKey()));

    run = inspect(dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output())
        .contains("spiffe id: spiffe://example.org\n")
        .contains("profile: FAILED\n")
        .contains("key: ECP256, matches certificate\n")
        .contains("chain: OK against ca.crt");
    assertThat(run.problems())
        .singleElement()
        .asString()
        .startsWith("PROBLEM: profile: leaf SPIFFE ID spiffe://example.org is a trust domain ID");
    assertThat(run.output()).doesNotContain(Pem.encodePrivateKey(ROOT.privateKey()).substring(30));
  }

  @Test
  void aTlsCrtWithoutCertificatesIsAProblemNotAUsageError() throws Exception {
    mount(dir, SVID, ROOT);
    Files.writeString(dir.resolve("tls.crt"), "not a certificate\n");

    run = inspect(dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.problems())
        .containsExactly(
            "PROBLEM: tls.crt: no PEM certificate (BEGIN CERTIFICATE) found"
                + " (the text holds no PEM block)");
  }
}
