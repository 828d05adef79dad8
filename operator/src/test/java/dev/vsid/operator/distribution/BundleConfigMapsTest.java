package dev.vsid.operator.distribution;

import static dev.vsid.operator.distribution.DistributionFixtures.UID;
import static dev.vsid.operator.distribution.DistributionFixtures.bundle;
import static dev.vsid.operator.distribution.DistributionFixtures.rootA;
import static dev.vsid.operator.distribution.DistributionFixtures.rootB;
import static dev.vsid.operator.distribution.DistributionFixtures.trustDomain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.api.v1alpha1.TrustDomain;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The layout of a bundle ConfigMap, how drift is seen, and how a drifted one is repaired. */
class BundleConfigMapsTest {
  private static final TrustDomain TD = trustDomain("example");
  private static final BundleContent CONTENT = BundleContent.of(bundle(3, rootA()), Map.of());
  private static final BundleContent NEXT = BundleContent.of(bundle(4, rootA(), rootB()), Map.of());
  private static final Map<String, String> OUR_LABELS =
      Map.of("app.kubernetes.io/managed-by", "vsid-operator", "vsid.dev/component", "bundle");

  @Test
  void theDesiredConfigMapCarriesOurLabelsAnnotationsOwnerAndTheData() {
    ConfigMap cm = desired();

    assertThat(cm.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(cm.getMetadata().getName()).isEqualTo("vsid-bundle-example");
    assertThat(cm.getMetadata().getLabels()).isEqualTo(OUR_LABELS);
    assertThat(cm.getMetadata().getAnnotations())
        .isEqualTo(
            Map.of(
                "vsid.dev/trust-domain-ref", "example",
                "vsid.dev/trust-domain", "example.org",
                "vsid.dev/bundle-sequence", "3",
                "vsid.dev/bundle-digest", CONTENT.digest()));
    assertThat(cm.getMetadata().getOwnerReferences()).singleElement().satisfies(this::isOurs);
    assertThat(cm.getData()).isEqualTo(CONTENT.data());
    assertThat(cm.getBinaryData()).isNullOrEmpty();
    assertThat(BundleConfigMaps.trustDomainRef(cm)).isEqualTo("example");
    assertThat(BundleConfigMaps.belongsTo(cm, TD)).isTrue();
    assertThat(BundleConfigMaps.belongsTo(cm, trustDomain("other"))).isFalse();
  }

  @Test
  void aConfigMapWithoutOurAnnotationBelongsToNoTrustDomain() {
    ConfigMap bare = new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build();

    assertThat(BundleConfigMaps.trustDomainRef(bare)).isEmpty();
  }

  @Test
  void theDesiredConfigMapIsInSync() {
    assertThat(BundleConfigMaps.inSync(desired(), TD, CONTENT)).isTrue();
  }

  @Test
  void foreignLabelsAnnotationsAndOwnersDoNotCountAsDrift() {
    ConfigMap decorated =
        edit(
            cm ->
                new ConfigMapBuilder(cm)
                    .editMetadata()
                    .addToLabels("team", "a")
                    .addToAnnotations("note", "hello")
                    .addToOwnerReferences(foreignOwner(false))
                    .withResourceVersion("17")
                    .endMetadata()
                    .build());

    assertThat(BundleConfigMaps.inSync(decorated, TD, CONTENT)).isTrue();
  }

  @Test
  void newContentIsDrift() {
    assertThat(BundleConfigMaps.inSync(desired(), TD, NEXT)).isFalse();
  }

  @Test
  void editedDataIsDrift() {
    assertDrift(cm -> new ConfigMapBuilder(cm).addToData("ca.crt", "tampered").build());
  }

  @Test
  void anAddedOrRemovedKeyIsDrift() {
    assertDrift(cm -> new ConfigMapBuilder(cm).addToData("extra.crt", "x").build());
    assertDrift(cm -> new ConfigMapBuilder(cm).removeFromData("bundle.json").build());
    assertDrift(cm -> new ConfigMapBuilder(cm).withData(null).build());
  }

  @Test
  void addedBinaryDataIsDrift() {
    assertDrift(cm -> new ConfigMapBuilder(cm).addToBinaryData("ca.der", "AAAA").build());
  }

  @Test
  void aRemovedOrChangedLabelOfOursIsDrift() {
    assertDrift(
        cm ->
            new ConfigMapBuilder(cm)
                .editMetadata()
                .removeFromLabels("vsid.dev/component")
                .endMetadata()
                .build());
    assertDrift(
        cm ->
            new ConfigMapBuilder(cm)
                .editMetadata()
                .addToLabels("app.kubernetes.io/managed-by", "someone-else")
                .endMetadata()
                .build());
    assertDrift(
        cm -> new ConfigMapBuilder(cm).editMetadata().withLabels(null).endMetadata().build());
  }

  @Test
  void aChangedOrRemovedAnnotationOfOursIsDrift() {
    for (String key :
        List.of(
            "vsid.dev/trust-domain-ref",
            "vsid.dev/trust-domain",
            "vsid.dev/bundle-sequence",
            "vsid.dev/bundle-digest")) {
      assertDrift(
          cm ->
              new ConfigMapBuilder(cm)
                  .editMetadata()
                  .addToAnnotations(key, "9")
                  .endMetadata()
                  .build());
      assertDrift(
          cm ->
              new ConfigMapBuilder(cm)
                  .editMetadata()
                  .removeFromAnnotations(key)
                  .endMetadata()
                  .build());
    }
  }

  @Test
  void aMissingWrongOrSecondOwnerReferenceIsDrift() {
    assertDrift(
        cm -> new ConfigMapBuilder(cm).editMetadata().withOwnerReferences().endMetadata().build());
    assertDrift(
        cm ->
            new ConfigMapBuilder(cm)
                .editMetadata()
                .withOwnerReferences((List<OwnerReference>) null)
                .endMetadata()
                .build());
    assertDrift(cm -> withOwner(cm, new OwnerReferenceBuilder(ours()).withUid("old").build()));
    assertDrift(cm -> withOwner(cm, new OwnerReferenceBuilder(ours()).withName("x").build()));
    assertDrift(
        cm -> withOwner(cm, new OwnerReferenceBuilder(ours()).withController(false).build()));
    assertDrift(
        cm ->
            new ConfigMapBuilder(cm)
                .editMetadata()
                .addToOwnerReferences(
                    new OwnerReferenceBuilder(ours())
                        .withName("other")
                        .withUid("u2")
                        .withController(false)
                        .build())
                .endMetadata()
                .build());
  }

  @Test
  void repairKeepsForeignMetadataRestoresOursAndReplacesTheData() {
    ConfigMap drifted =
        new ConfigMapBuilder(desired())
            .editMetadata()
            .withResourceVersion("42")
            .withUid("cm-uid")
            .addToLabels("team", "a")
            .addToLabels("vsid.dev/component", "tampered")
            .removeFromLabels("app.kubernetes.io/managed-by")
            .addToAnnotations("note", "hello")
            .addToAnnotations("vsid.dev/bundle-sequence", "99")
            .withOwnerReferences(
                foreignOwner(false), new OwnerReferenceBuilder(ours()).withUid("old").build())
            .endMetadata()
            .addToData("extra.crt", "x")
            .addToBinaryData("ca.der", "AAAA")
            .build();

    ConfigMap repaired = BundleConfigMaps.repaired(drifted, TD, NEXT);

    assertThat(repaired.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(repaired.getMetadata().getUid()).isEqualTo("cm-uid");
    assertThat(repaired.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(repaired.getMetadata().getName()).isEqualTo("vsid-bundle-example");
    assertThat(repaired.getMetadata().getLabels())
        .containsEntry("team", "a")
        .containsAllEntriesOf(OUR_LABELS);
    assertThat(repaired.getMetadata().getAnnotations())
        .containsEntry("note", "hello")
        .containsEntry("vsid.dev/bundle-sequence", "4")
        .containsEntry("vsid.dev/bundle-digest", NEXT.digest());
    assertThat(repaired.getMetadata().getOwnerReferences()).hasSize(2);
    assertThat(repaired.getMetadata().getOwnerReferences()).contains(foreignOwner(false));
    assertThat(repaired.getMetadata().getOwnerReferences())
        .filteredOn(r -> UID.equals(r.getUid()))
        .singleElement()
        .satisfies(this::isOurs);
    assertThat(repaired.getData()).isEqualTo(NEXT.data());
    assertThat(repaired.getBinaryData()).isNull();
    assertThat(BundleConfigMaps.inSync(repaired, TD, NEXT)).isTrue();
    assertThat(drifted.getData()).containsKey("extra.crt").as("the input is not changed");
  }

  /**
   * The API server refuses an object with two controller references, so a repair that kept a
   * foreign controller beside ours would fail on every retry. The foreign owner stays, demoted.
   */
  @Test
  void repairLeavesOnlyOurReferenceAsTheController() {
    ConfigMap claimed =
        new ConfigMapBuilder(desired())
            .editMetadata()
            .withOwnerReferences(foreignOwner(true))
            .endMetadata()
            .build();

    ConfigMap repaired = BundleConfigMaps.repaired(claimed, TD, CONTENT);

    assertThat(repaired.getMetadata().getOwnerReferences())
        .filteredOn(ref -> Boolean.TRUE.equals(ref.getController()))
        .singleElement()
        .satisfies(this::isOurs);
    assertThat(repaired.getMetadata().getOwnerReferences()).contains(foreignOwner(false));
    assertThat(claimed.getMetadata().getOwnerReferences()).containsExactly(foreignOwner(true));
  }

  @Test
  void repairClearsImmutable() {
    ConfigMap frozen = new ConfigMapBuilder(desired()).withImmutable(true).build();

    assertThat(BundleConfigMaps.repaired(frozen, TD, NEXT).getImmutable()).isNull();
  }

  private void isOurs(OwnerReference ref) {
    assertThat(ref.getApiVersion()).isEqualTo("vsid.dev/v1alpha1");
    assertThat(ref.getKind()).isEqualTo("TrustDomain");
    assertThat(ref.getName()).isEqualTo("example");
    assertThat(ref.getUid()).isEqualTo(UID);
    assertThat(ref.getController()).isTrue();
    assertThat(ref.getBlockOwnerDeletion()).isFalse();
  }

  private static OwnerReference ours() {
    return desired().getMetadata().getOwnerReferences().get(0);
  }

  private static OwnerReference foreignOwner(boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName("web")
        .withUid("f00d")
        .withController(controller)
        .build();
  }

  private static ConfigMap withOwner(ConfigMap cm, OwnerReference owner) {
    return new ConfigMapBuilder(cm).editMetadata().withOwnerReferences(owner).endMetadata().build();
  }

  private static ConfigMap desired() {
    return BundleConfigMaps.desired(TD, "team-a", "vsid-bundle-example", CONTENT);
  }

  private static ConfigMap edit(UnaryOperator<ConfigMap> change) {
    return change.apply(desired());
  }

  private static void assertDrift(UnaryOperator<ConfigMap> change) {
    ConfigMap drifted = edit(change);

    assertThat(BundleConfigMaps.inSync(drifted, TD, CONTENT)).as("drift is seen").isFalse();
    assertThat(
            BundleConfigMaps.inSync(BundleConfigMaps.repaired(drifted, TD, CONTENT), TD, CONTENT))
        .as("and repaired")
        .isTrue();
  }
}
