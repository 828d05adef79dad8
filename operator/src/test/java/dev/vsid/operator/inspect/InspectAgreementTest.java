package dev.vsid.operator.inspect;

import static dev.vsid.operator.inspect.InspectFixtures.ROOT;
import static dev.vsid.operator.inspect.InspectFixtures.SVID;
import static dev.vsid.operator.inspect.InspectFixtures.inspect;
import static dev.vsid.operator.inspect.InspectFixtures.mount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.inspect.InspectFixtures.Run;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Openssl;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.testing.ConformanceData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect} judged against verifiers this project did not write (openssl) and against the
 * go-spiffe fixtures, and run the way users run it: through {@code Main} in a fresh JVM.
 */
class InspectAgreementTest {
  private static final Instant FIXTURE_TIME = Instant.parse("2020-03-24T14:30:00Z");

  @TempDir Path dir;

  @Test
  void inspectAndOpensslVerifyAgreeOnAnOperatorIssuedSvid() throws Exception {
    mount(dir, SVID, ROOT);

    Openssl.Result openssl = Openssl.run(dir, "verify", "-CAfile", "ca.crt", "tls.crt");
    Run run = inspect(dir.toString());

    assertThat(openssl.output().trim()).isEqualTo("tls.crt: OK");
    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).contains("chain: OK");
  }

  @Test
  void inspectAndOpensslVerifyAgreeThatAnotherRootDoesNotVerifyIt() throws Exception {
    CertificateAuthority other =
        CertificateAuthority.generateRoot(
            InspectFixtures.EXAMPLE_ORG, KeyType.EC_P256, Duration.ofDays(1), Clock.systemUTC());
    mount(dir, SVID, other);

    Openssl.Result openssl = Openssl.run(dir, "verify", "-CAfile", "ca.crt", "tls.crt");
    Run run = inspect(dir.toString());

    assertThat(openssl.exitCode()).isNotZero();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("chain: FAILED");
  }

  @Test
  void inspectAndOpensslVerifyAgreeThatTheSvidHasExpiredAtALaterTime() throws Exception {
    mount(dir, SVID, ROOT);
    Instant later = SVID.notAfter().plusSeconds(1);

    Openssl.Result openssl =
        Openssl.run(
            dir,
            "verify",
            "-attime",
            String.valueOf(later.getEpochSecond()),
            "-CAfile",
            "ca.crt",
            "tls.crt");
    Run run = inspect("--at", later.toString(), dir.toString());

    assertThat(openssl.exitCode()).isNotZero();
    assertThat(openssl.output()).contains("certificate has expired");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("chain: FAILED").contains("time left: EXPIRED");
  }

  @Test
  void theGoSpiffeLeafAndIntermediateFixturePassesAtItsFixedTimeOnly() throws Exception {
    Path fixtures = fixtures();
    List<String> certs =
        splitCertificates(Files.readString(fixtures.resolve("good-leaf-and-intermediate.pem")));
    Files.writeString(dir.resolve("tls.crt"), certs.get(0) + certs.get(1));
    Files.copy(fixtures.resolve("key-pkcs8-ecdsa.pem"), dir.resolve("tls.key"));
    Files.writeString(dir.resolve("ca.crt"), certs.get(1));

    Run atFixtureTime = inspect("--at", FIXTURE_TIME.toString(), dir.toString());
    Run now = inspect(dir.toString());

    assertThat(atFixtureTime.exitCode()).as(atFixtureTime.output()).isZero();
    assertThat(atFixtureTime.output())
        .contains("spiffe id: spiffe://example.org/workload-1\n")
        .contains("key: ECP256, matches certificate\n")
        .contains("profile: OK (X509-SVID leaf, 1 CA certificate)\n")
        .contains("time left: 37m 40s\n");
    assertThat(now.exitCode()).isEqualTo(1);
    assertThat(now.output()).contains("time left: EXPIRED");
  }

  @Test
  void mainDispatchesInspectAndPrintsOnlyTheReport() throws Exception {
    mount(dir, SVID, ROOT);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    Process process =
        new ProcessBuilder(
                java, "-cp", classPath, "dev.vsid.operator.Main", "inspect", dir.toString())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.lines())
        .allMatch(line -> line.matches("[a-z .]+: .*"), "every line is a fact or the result")
        .contains("spiffe id: " + InspectFixtures.WEB, "result: OK");
  }

  private static Path fixtures() {
    return ConformanceData.file("testdata/go-spiffe/svid/x509svid/testdata");
  }

  private static List<String> splitCertificates(String pem) throws Exception {
    return Pem.parseCertificates(pem).stream()
        .map(cert -> Pem.encodeCertificates(List.of(cert)))
        .toList();
  }
}
