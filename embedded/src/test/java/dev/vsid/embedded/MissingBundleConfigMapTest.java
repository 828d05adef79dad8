package dev.vsid.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples with a TrustDomain whose namespace selector leaves out the payments namespace: its
 * identity is issued, but no bundle ConfigMap reaches it, so the run fails and says why.
 */
class MissingBundleConfigMapTest {
  private static final Path EXAMPLES =
      Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
          .resolve("../examples")
          .normalize();

  @TempDir static Path examples;
  @TempDir static Path out;
  private static int code;
  private static String printed;

  @BeforeAll
  static void runWithPaymentsLeftOutOfTheSelector() throws IOException {
    for (String file : new String[] {"20-frontend.yaml", "30-payments.yaml"}) {
      Files.copy(EXAMPLES.resolve(file), examples.resolve(file));
    }
    Files.writeString(
        examples.resolve("00-namespaces.yaml"),
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels: {bundle: "yes"}
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: payments
        """);
    Files.writeString(
        examples.resolve("10-trust-domain.yaml"),
        """
        apiVersion: vsid.dev/v1alpha1
        kind: TrustDomain
        metadata:
          name: example-org
        spec:
          trustDomain: example.org
          bundle:
            namespaceSelector:
              matchLabels: {bundle: "yes"}
        """);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    code =
        EmbeddedMain.run(
            new String[] {"--examples", examples.toString(), "--out", out.toString()},
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    printed = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theRunFailsWithExitCodeOne() {
    assertThat(code).as(printed).isEqualTo(EmbeddedMain.FAILED);
    assertThat(printed).contains("RESULT: FAILED");
  }

  @Test
  void theMissingConfigMapIsNamedWithWhatToCheck() {
    assertThat(printed)
        .contains(
            "ConfigMap payments/vsid-bundle-example-org: the ConfigMap is missing; TrustDomain"
                + " example-org reports its bundle in sync, so its spec.bundle.namespaceSelector"
                + " does not select payments");
  }

  @Test
  void theSelectedNamespacesConfigMapIsStillWrittenAndChecked() {
    assertThat(printed)
        .containsPattern(
            "shop/vsid-bundle-example-org +1 +1 +bundle.json,ca.crt +OK \\(ca.crt and bundle.json");
    assertThat(out.resolve("shop/configmap-vsid-bundle-example-org/ca.crt")).exists();
    assertThat(out.resolve("payments/configmap-vsid-bundle-example-org")).doesNotExist();
  }

  @Test
  void theProofCannotRunWithoutTheServersTrustAnchors() {
    assertThat(printed)
        .contains(
            "mTLS shop/frontend -> payments/payments-api: FAILED: payments/payments-api has no"
                + " bundle ConfigMap to take trust anchors from");
  }
}
