package dev.vsid.operator.inspect;

import static dev.vsid.operator.inspect.InspectFixtures.ROOT;
import static dev.vsid.operator.inspect.InspectFixtures.SVID;
import static dev.vsid.operator.inspect.InspectFixtures.base64;
import static dev.vsid.operator.inspect.InspectFixtures.inspect;
import static dev.vsid.operator.inspect.InspectFixtures.mount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.inspect.InspectFixtures.Run;
import dev.vsid.operator.pki.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inputs {@code inspect} takes: Secret manifests, and what makes it exit with 2. */
class InspectInputsTest {
  private static final String CA_PEM = Pem.encodeCertificates(ROOT.roots());

  @TempDir Path dir;

  @Test
  void aSecretAsKubectlPrintsItInYamlWorks() throws Exception {
    Secret secret =
        secret(
            Map.of(
                "tls.crt", base64(SVID.chainPem()),
                "tls.key", base64(SVID.privateKeyPem()),
                "ca.crt", base64(CA_PEM)),
            null);
    Path file = Files.writeString(dir.resolve("secret.yaml"), Serialization.asYaml(secret));

    Run run = inspect(file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.output())
        .contains("source: Secret default/web-svid in " + file + "\n")
        .contains("spiffe id: spiffe://example.org/ns/default/sa/web\n")
        .endsWith("result: OK\n")
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(base64(SVID.privateKeyPem()).substring(0, 40));
  }

  @Test
  void aSecretInJsonWithStringDataWorks() throws Exception {
    Secret secret =
        secret(
            null,
            Map.of("tls.crt", SVID.chainPem(), "tls.key", SVID.privateKeyPem(), "ca.crt", CA_PEM));
    Path file = Files.writeString(dir.resolve("secret.json"), Serialization.asJson(secret));

    Run run = inspect(file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).contains("key: ECP256, matches certificate\n");
  }

  @Test
  void stringDataWinsOverDataAsTheApiServerWouldHaveIt() throws Exception {
    IssuedSvidPair pair = new IssuedSvidPair();
    Secret secret =
        secret(
            Map.of(
                "tls.crt", base64(SVID.chainPem()),
                "tls.key", base64(pair.otherKeyPem),
                "ca.crt", base64(CA_PEM)),
            Map.of("tls.key", SVID.privateKeyPem()));
    Path file = Files.writeString(dir.resolve("secret.yaml"), Serialization.asYaml(secret));

    assertThat(inspect(file.toString()).exitCode()).isZero();
  }

  @Test
  void aSecretWithoutCaCrtIsAUsageError() throws Exception {
    Secret secret =
        secret(
            Map.of("tls.crt", base64(SVID.chainPem()), "tls.key", base64(SVID.privateKeyPem())),
            null);
    Path file = Files.writeString(dir.resolve("secret.yaml"), Serialization.asYaml(secret));

    Run run = inspect(file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).startsWith("error: the Secret in " + file + " has no ca.crt");
  }

  @Test
  void aSecretWithInvalidBase64IsAUsageErrorThatQuotesNothing() throws Exception {
    String yaml =
        Serialization.asYaml(
            secret(
                Map.of(
                    "tls.crt", base64(SVID.chainPem()),
                    "tls.key", "%%" + base64(SVID.privateKeyPem()),
                    "ca.crt", base64(CA_PEM)),
                null));
    Path file = Files.writeString(dir.resolve("secret.yaml"), yaml);

    Run run = inspect(file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output())
        .contains("data.tls.key in " + file + " is not valid base64")
        .doesNotContain(base64(SVID.privateKeyPem()).substring(0, 20));
  }

  @Test
  void aFileThatIsNotASecretIsAUsageErrorThatQuotesNothing() throws Exception {
    Path pem = Files.writeString(dir.resolve("tls.key"), SVID.privateKeyPem());
    Path configMap =
        Files.writeString(
            dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "kind: Secret\ndata: [\n");

    for (Path file : new Path[] {pem, configMap, broken}) {
      Run run = inspect(file.toString());
      assertThat(run.exitCode()).as(file.toString()).isEqualTo(2);
      assertThat(run.output())
          .contains("is neither a folder nor one Kubernetes Secret")
          .doesNotContain("PRIVATE KEY")
          .doesNotContain(SVID.privateKeyPem().lines().skip(1).findFirst().orElseThrow());
    }
  }

  @Test
  void noArgumentsAMissingPathOrAMissingFileAreUsageErrors() throws Exception {
    mount(dir.resolve("partial"), SVID, ROOT);
    Files.delete(dir.resolve("partial/tls.key"));

    assertUsageError(inspect(), "error: no path was given");
    assertUsageError(inspect(dir.resolve("absent").toString()), "error: no such file or folder");
    assertUsageError(inspect(dir.resolve("partial").toString()), "tls.key: no such file");
  }

  @Test
  void badOptionsAreUsageErrors() throws Exception {
    String path = mount(dir, SVID, ROOT).toString();

    assertUsageError(inspect("--at", "tomorrow", path), "is not an RFC 3339 time");
    assertUsageError(inspect(path, "--at"), "--at needs a time");
    assertUsageError(inspect("--verbose", path), "unknown option \"--verbose\"");
    assertUsageError(inspect(path, path), "only one path may be given");
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    Run run = inspect("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).startsWith("usage: vsid-operator inspect");
  }

  private static void assertUsageError(Run run, String message) {
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains(message).contains("usage: vsid-operator inspect");
  }

  private static Secret secret(Map<String, String> data, Map<String, String> stringData) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("web-svid")
        .withNamespace("default")
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(data)
        .withStringData(stringData)
        .build();
  }

  /** A key that belongs to another SVID. */
  private static final class IssuedSvidPair {
    final String otherKeyPem = InspectFixtures.issue(ROOT).privateKeyPem();
  }
}
