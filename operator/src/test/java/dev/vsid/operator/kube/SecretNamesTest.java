package dev.vsid.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names derived from a resource name stay valid Kubernetes names whatever the length. */
class SecretNamesTest {

  @Test
  void aShortNameIsPrefixedAsIs() {
    assertThat(SecretNames.derived("vsid-ca-", "example")).isEqualTo("vsid-ca-example");
  }

  @Test
  void aNameCutAtADotDropsTheDotBeforeTheHash() {
    String name = "a".repeat(233) + "." + "b".repeat(19);

    String derived = SecretNames.derived("vsid-ca-", name);

    assertThat(derived).matches("vsid-ca-a{233}-[0-9a-f]{10}");
    assertThat(SecretNames.isValidName(derived)).isTrue();
  }

  @Test
  void aNameCutAtADashKeepsTheNameItAlwaysHad() {
    String name = "a".repeat(233) + "-" + "b".repeat(19);

    String derived = SecretNames.derived("vsid-ca-", name);

    assertThat(derived).matches("vsid-ca-a{233}--[0-9a-f]{10}");
    assertThat(SecretNames.isValidName(derived)).isTrue();
  }
}
