package dev.vsid.operator.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.api.v1alpha1.BundleStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundle sequence number: kept while the content is unchanged, one more when it changed, taken
 * from the status and from the published ConfigMaps, whichever is higher.
 */
class BundleSequenceTest {
  private static final String D = "d".repeat(64);
  private static final String D2 = "e".repeat(64);
  private static final String D3 = "f".repeat(64);

  @Test
  void aBundleNeverPublishedStartsAtOne() {
    assertThat(BundleSequence.choose(null, D, List.of())).isEqualTo(1);
    assertThat(BundleSequence.choose(new BundleStatus(), D, List.of())).isEqualTo(1);
    assertThat(BundleSequence.choose(status(0L, D), D, List.of())).isEqualTo(1);
  }

  @Test
  void theSameDigestInTheStatusKeepsTheSequence() {
    assertThat(BundleSequence.choose(status(4L, D), D, List.of())).isEqualTo(4);
  }

  @Test
  void anotherDigestInTheStatusGoesUpByOne() {
    assertThat(BundleSequence.choose(status(4L, D), D2, List.of())).isEqualTo(5);
  }

  @Test
  void aStatusSequenceWithoutADigestCountsAsOtherContent() {
    assertThat(BundleSequence.choose(status(4L, null), D, List.of())).isEqualTo(5);
  }

  @Test
  void aLostStatusWithConfigMapsOfTheSameContentKeepsTheirSequence() {
    List<ConfigMap> published = List.of(configMap("6", D), configMap("6", D));

    assertThat(BundleSequence.choose(null, D, published)).isEqualTo(6);
    assertThat(BundleSequence.choose(new BundleStatus(), D, published)).isEqualTo(6);
  }

  @Test
  void aLostStatusWithConfigMapsOfOtherContentGoesAboveThem() {
    List<ConfigMap> published = List.of(configMap("6", D), configMap("5", D2));

    assertThat(BundleSequence.choose(null, D3, published)).isEqualTo(7);
  }

  @Test
  void theHighestConfigMapDecidesNotALowerOneWithTheSameDigest() {
    List<ConfigMap> published = List.of(configMap("5", D), configMap("6", D2));

    assertThat(BundleSequence.choose(null, D, published)).isEqualTo(7);
    assertThat(BundleSequence.choose(null, D2, published)).isEqualTo(6);
  }

  @Test
  void atTheHighestSequenceOneMatchingSourceIsEnough() {
    List<ConfigMap> published = List.of(configMap("6", D2), configMap("6", D));

    assertThat(BundleSequence.choose(null, D, published)).isEqualTo(6);
    assertThat(BundleSequence.choose(status(6L, D), D, List.of(configMap("6", D2)))).isEqualTo(6);
  }

  @Test
  void aStatusHigherThanTheAnnotationsWins() {
    List<ConfigMap> published = List.of(configMap("3", D), configMap("2", D2));

    assertThat(BundleSequence.choose(status(8L, D), D, published)).isEqualTo(8);
    assertThat(BundleSequence.choose(status(8L, D2), D, published)).isEqualTo(9);
  }

  @Test
  void aCrashAfterTheConfigMapsWereWrittenNeverReusesTheirNumberForOtherContent() {
    BundleStatus written = status(10L, D);
    List<ConfigMap> published = List.of(configMap("11", D2), configMap("10", D));

    assertThat(BundleSequence.choose(written, D3, published)).as("content D''").isEqualTo(12);
    assertThat(BundleSequence.choose(written, D2, published)).as("content D' again").isEqualTo(11);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9007199254740992",
        "9223372036854775807",
        "99999999999999999999",
        "0",
        "-3",
        "7.0",
        "0x10",
        "",
        " 7",
        "seven"
      })
  void anAnnotationThatIsNotASmallPositiveNumberIsIgnored(String forged) {
    List<ConfigMap> published = List.of(configMap(forged, D2));

    assertThat(BundleSequence.choose(status(4L, D), D, published)).isEqualTo(4);
    assertThat(BundleSequence.choose(null, D, published)).isEqualTo(1);
  }

  @Test
  void theLargestTrustedAnnotationIsJustBelowTwoToThe53() {
    String largest = Long.toString((1L << 53) - 1);

    assertThat(BundleSequence.choose(null, D, List.of(configMap(largest, D))))
        .isEqualTo((1L << 53) - 1);
  }

  @Test
  void configMapsWithoutOurAnnotationsAreIgnored() {
    ConfigMap bare = new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build();
    ConfigMap digestOnly = configMap(null, D);

    assertThat(BundleSequence.choose(status(3L, D), D, List.of(bare, digestOnly))).isEqualTo(3);
    assertThat(BundleSequence.choose(null, D, List.of(bare, digestOnly))).isEqualTo(1);
  }

  private static BundleStatus status(Long sequence, String digest) {
    BundleStatus status = new BundleStatus();
    status.setSequence(sequence);
    status.setDigest(digest);
    return status;
  }

  private static ConfigMap configMap(String sequence, String digest) {
    Map<String, String> annotations = new HashMap<>();
    if (sequence != null) {
      annotations.put(BundleConfigMaps.SEQUENCE_ANNOTATION, sequence);
    }
    annotations.put(BundleConfigMaps.DIGEST_ANNOTATION, digest);
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("vsid-bundle-example")
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }
}
