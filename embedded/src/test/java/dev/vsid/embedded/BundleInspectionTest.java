package dev.vsid.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleInspectionTest {
  private static final TrustDomainName EXAMPLE = TrustDomainName.parse("example.org");
  private static final X509Certificate ROOT = ForeignCa.generate("example.org").certificate();
  private static final X509Certificate OTHER = ForeignCa.generate("example.org").certificate();

  @TempDir Path dir;

  @Test
  void filesThatHoldTheSameRootsGiveTheSequenceAndTheNumberOfRoots() throws IOException {
    write(bundle(ROOT, OTHER), bundle(OTHER, ROOT).withSequence(7));

    BundleInspection.Outcome outcome = BundleInspection.inspect(files(), EXAMPLE, 7L);

    assertThat(outcome.problem()).isNull();
    assertThat(outcome.sequence()).isEqualTo(7L);
    assertThat(outcome.roots()).isEqualTo(2);
  }

  @Test
  void aBundleJsonWithOtherRootsThanCaCrtDisagrees() throws IOException {
    write(bundle(ROOT), bundle(OTHER).withSequence(1));

    BundleInspection.Outcome outcome = BundleInspection.inspect(files(), EXAMPLE, null);

    assertThat(outcome.problem())
        .startsWith("ca.crt holds 1 root (SHA-256 ")
        .contains(" but bundle.json holds 1 root (SHA-256 ");
  }

  @Test
  void aRootMissingFromOneFileDisagrees() throws IOException {
    write(bundle(ROOT, OTHER), bundle(ROOT).withSequence(1));

    assertThat(BundleInspection.inspect(files(), EXAMPLE, null).problem())
        .startsWith("ca.crt holds 2 roots")
        .contains("but bundle.json holds 1 root");
  }

  @Test
  void aSequenceOtherThanTheStatusSaysIsReported() throws IOException {
    write(bundle(ROOT), bundle(ROOT).withSequence(2));

    assertThat(BundleInspection.inspect(files(), EXAMPLE, 3L).problem())
        .isEqualTo(
            "bundle.json has spiffe_sequence 2 but the TrustDomain's status.bundle.sequence is 3");
  }

  @Test
  void aBundleJsonWithoutASequenceIsReported() throws IOException {
    write(bundle(ROOT), bundle(ROOT));

    assertThat(BundleInspection.inspect(files(), EXAMPLE, null).problem())
        .isEqualTo("bundle.json has no spiffe_sequence");
  }

  @Test
  void emptyBundlesAreReported() throws IOException {
    write(bundle(), bundle().withSequence(1));

    assertThat(BundleInspection.inspect(files(), EXAMPLE, null).problem())
        .isEqualTo("ca.crt and bundle.json hold no root");
  }

  @Test
  void aMissingKeyIsReportedByName() throws IOException {
    Files.writeString(dir.resolve("ca.crt"), PemBundle.write(bundle(ROOT)));

    BundleInspection.Outcome outcome = BundleInspection.inspect(files(), EXAMPLE, null);

    assertThat(outcome.problem()).isEqualTo("bundle.json: the ConfigMap has no bundle.json key");
    assertThat(outcome.roots()).isEqualTo(1);
  }

  @Test
  void aCorruptBundleJsonIsReported() throws IOException {
    Files.writeString(dir.resolve("ca.crt"), PemBundle.write(bundle(ROOT)));
    Files.writeString(dir.resolve("bundle.json"), "{\"keys\":");

    assertThat(BundleInspection.inspect(files(), EXAMPLE, null).problem())
        .startsWith("bundle.json: ");
  }

  private static TrustBundle bundle(X509Certificate... roots) {
    return TrustBundle.of(EXAMPLE, List.of(roots));
  }

  private void write(TrustBundle pem, TrustBundle json) throws IOException {
    Files.writeString(dir.resolve("ca.crt"), PemBundle.write(pem));
    Files.writeString(dir.resolve("bundle.json"), SpiffeBundleJson.write(json));
  }

  private BundleFiles.FileSet files() {
    return new BundleFiles.FileSet(dir, List.of("bundle.json", "ca.crt"));
  }
}
