package dev.vsid.operator.distribution;

import static dev.vsid.operator.distribution.DistributionFixtures.trustDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vsid.operator.api.v1alpha1.BundleSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.kube.SecretNames;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A TrustDomain's bundle settings: defaults, accepted values, and refusals that name the field. */
class BundleSettingsTest {

  @Test
  void withoutBundleSettingsEveryDefaultApplies() throws Exception {
    TrustDomain noBundle = trustDomain("example");
    noBundle.getSpec().setBundle(null);
    TrustDomain noSpec = trustDomain("example");
    noSpec.setSpec(null);

    for (TrustDomain td : new TrustDomain[] {noBundle, noSpec, trustDomain("example")}) {
      BundleSettings settings = BundleSettings.of(td);

      assertThat(settings.configMapName()).isEqualTo("vsid-bundle-example");
      assertThat(settings.refreshHint()).isEqualTo(Duration.ofMinutes(5));
      assertThat(settings.namespaces().matches(Map.of())).isTrue();
      assertThat(settings.namespaces().matches(Map.of("env", "prod"))).isTrue();
    }
  }

  @Test
  void aGivenConfigMapNameIsUsed() throws Exception {
    BundleSettings settings = of(b -> b.setConfigMapName("trust-bundle.example.org"));

    assertThat(settings.configMapName()).isEqualTo("trust-bundle.example.org");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Trust-Bundle", "trust_bundle", "-bundle", "bundle-", "a..b", "a b"})
  void anInvalidConfigMapNameIsRefusedNamingTheFieldAndAnExample(String name) {
    BadInputException e = refused(b -> b.setConfigMapName(name));

    assertThat(e.getMessage())
        .startsWith("spec.bundle.configMapName \"" + name + "\" is not a valid ConfigMap name")
        .endsWith("use lowercase letters, digits, '-' and '.', such as trust-bundle");
  }

  @Test
  void aConfigMapNameOver253CharactersIsRefused() throws Exception {
    assertThat(of(b -> b.setConfigMapName("a".repeat(253))).configMapName()).hasSize(253);

    BadInputException e = refused(b -> b.setConfigMapName("a".repeat(254)));

    assertThat(e.getMessage()).contains("(254 characters)").contains("not a valid ConfigMap name");
  }

  @Test
  void aLongTrustDomainNameGivesAShortenedValidDistinctDefaultName() throws Exception {
    String first = "a".repeat(250) + "-x1";
    String second = "a".repeat(250) + "-x2";

    String one = BundleSettings.of(trustDomain(first)).configMapName();
    String two = BundleSettings.of(trustDomain(second)).configMapName();

    assertThat(one).hasSize(253).startsWith("vsid-bundle-aaa").isNotEqualTo(two);
    assertThat(SecretNames.isValidName(one)).isTrue();
    assertThat(SecretNames.isValidName(two)).isTrue();
    assertThat(BundleSettings.of(trustDomain(first)).configMapName()).as("stable").isEqualTo(one);
  }

  @Test
  void aDefaultNameCutAtADotIsStillAValidName() throws Exception {
    String name = "a".repeat(229) + "." + "b".repeat(23);
    assertThat(SecretNames.isValidName(name)).as("a valid TrustDomain name").isTrue();

    String configMapName = BundleSettings.of(trustDomain(name)).configMapName();

    assertThat(configMapName).hasSizeLessThanOrEqualTo(253).startsWith("vsid-bundle-aaa");
    assertThat(SecretNames.isValidName(configMapName)).as(configMapName).isTrue();
  }

  @Test
  void theNamespaceSelectorIsCompiled() throws Exception {
    BundleSettings settings =
        of(
            b ->
                b.setNamespaceSelector(
                    new LabelSelectorBuilder().addToMatchLabels("env", "prod").build()));

    assertThat(settings.namespaces().matches(Map.of("env", "prod"))).isTrue();
    assertThat(settings.namespaces().matches(Map.of("env", "dev"))).isFalse();
  }

  @Test
  void aMalformedNamespaceSelectorIsRefusedAsBundleSettings() {
    BadInputException e =
        refused(
            b ->
                b.setNamespaceSelector(
                    new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey("env")
                        .withOperator("Exists")
                        .withValues("prod")
                        .endMatchExpression()
                        .build()));

    assertThat(e.getMessage()).startsWith("spec.bundle.namespaceSelector.matchExpressions[0]");
  }

  @ParameterizedTest
  @CsvSource({"10s, PT10S", "5m, PT5M", "1h30m, PT1H30M", "24h, PT24H", "10.5s, PT10.5S"})
  void aRefreshHintFrom10SecondsTo24HoursIsAccepted(String hint, String expected) throws Exception {
    assertThat(of(b -> b.setRefreshHint(hint)).refreshHint()).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "9s", "9999ms", "24h1s", "24h0.5s", "25h"})
  void aRefreshHintOutsideTheRangeIsRefusedWithTheRangeAndAnExample(String hint) {
    BadInputException e = refused(b -> b.setRefreshHint(hint));

    assertThat(e.getMessage())
        .isEqualTo(
            "spec.bundle.refreshHint \""
                + hint
                + "\" is outside 10s to 24h; use a value such as"
                + " 5m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 m", "1d", "-5m", "PT5M"})
  void aRefreshHintThatIsNotADurationIsRefusedWithTheExpectedForm(String hint) {
    BadInputException e = refused(b -> b.setRefreshHint(hint));

    assertThat(e.getMessage())
        .startsWith("spec.bundle.refreshHint: \"" + hint + "\" is not a duration")
        .contains("such as 24h");
  }

  private static BundleSettings of(Consumer<BundleSpec> edit) throws BadInputException {
    return BundleSettings.of(trustDomain("example", edit));
  }

  private static BadInputException refused(Consumer<BundleSpec> edit) {
    BadInputException e =
        catchThrowableOfType(
            BadInputException.class, () -> BundleSettings.of(trustDomain("example", edit)));
    assertThat(e).as("the settings are refused").isNotNull();
    assertThat(e.reason()).isEqualTo(Reasons.INVALID_BUNDLE_SETTINGS);
    return e;
  }
}
