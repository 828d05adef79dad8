package dev.vsid.operator.spiffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SpiffeIdTemplateTest {
  private static final TrustDomainName TD = new TrustDomainName("example.org");
  private static final Map<String, String> VALUES =
      Map.of(
          "namespace",
          "shop",
          "serviceAccount",
          "web",
          "name",
          "web-id",
          "trustDomain",
          "example.org");

  @Test
  void theDefaultTemplateNamesNamespaceAndServiceAccount() {
    assertThat(SpiffeIdTemplate.render("/ns/{namespace}/sa/{serviceAccount}", VALUES, TD))
        .hasToString("spiffe://example.org/ns/shop/sa/web");
  }

  @Test
  void everyPlaceholderCanBeUsed() {
    assertThat(SpiffeIdTemplate.render("/{trustDomain}/{name}", VALUES, TD))
        .hasToString("spiffe://example.org/example.org/web-id");
  }

  @Test
  void anUnknownPlaceholderIsNamedInTheError() {
    assertThatThrownBy(() -> SpiffeIdTemplate.render("/{team}", VALUES, TD))
        .hasMessageContaining("{team}")
        .hasMessageContaining("{namespace}");
  }

  /** Found by the spec fuzzer: the name went into the message, and so the log, as written. */
  @Test
  void anUnknownPlaceholderIsEscapedAndCutInTheError() {
    assertThatThrownBy(() -> SpiffeIdTemplate.render("/{team\nERROR forged}", VALUES, TD))
        .hasMessageContaining("\"{team\\x0aERROR forged}\"")
        .hasMessageNotContaining("\n");
    String huge = "/{" + "x".repeat(100_000) + "}";
    assertThatThrownBy(() -> SpiffeIdTemplate.render(huge, VALUES, TD))
        .hasMessageContaining("(100002 characters)")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
  }

  @Test
  void aTemplateThatRendersAnInvalidPathIsRejected() {
    assertThatThrownBy(() -> SpiffeIdTemplate.render("/a/../{name}", VALUES, TD))
        .hasMessageContaining("\"/a/../web-id\"");
    assertThatThrownBy(() -> SpiffeIdTemplate.render("", VALUES, TD)).hasMessageContaining("empty");
    assertThatThrownBy(() -> SpiffeIdTemplate.render("/x}", VALUES, TD))
        .hasMessageContaining("'}'");
  }

  @Test
  void valuesThatWouldInjectPathCharactersAreRejectedAfterRendering() {
    Map<String, String> hostile =
        Map.of(
            "namespace",
            "a/../b",
            "serviceAccount",
            "x",
            "name",
            "n",
            "trustDomain",
            "example.org");
    assertThatThrownBy(() -> SpiffeIdTemplate.render("/ns/{namespace}", hostile, TD))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
