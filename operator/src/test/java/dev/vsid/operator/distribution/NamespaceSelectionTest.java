package dev.vsid.operator.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Namespace label selectors follow the Kubernetes rules, and bad ones name the field to fix. */
class NamespaceSelectionTest {
  private static final Map<String, String> PROD = Map.of("env", "prod", "team", "a");
  private static final Map<String, String> DEV = Map.of("env", "dev", "team", "a");
  private static final Map<String, String> UNLABELLED = Map.of();

  @Test
  void inSelectsOnlyNamespacesWhoseLabelHasOneOfTheValues() throws Exception {
    NamespaceSelection in = selection(expression("env", "In", "prod", "staging"));

    assertThat(in.matches(PROD)).isTrue();
    assertThat(in.matches(Map.of("env", "staging"))).isTrue();
    assertThat(in.matches(DEV)).isFalse();
    assertThat(in.matches(UNLABELLED)).isFalse();
    assertThat(in.matches(null)).isFalse();
  }

  @Test
  void notInSelectsOtherValuesAndNamespacesWithoutTheKey() throws Exception {
    NamespaceSelection notIn = selection(expression("env", "NotIn", "prod"));

    assertThat(notIn.matches(PROD)).isFalse();
    assertThat(notIn.matches(DEV)).isTrue();
    assertThat(notIn.matches(Map.of("team", "a"))).isTrue();
    assertThat(notIn.matches(UNLABELLED)).isTrue();
    assertThat(notIn.matches(null)).isTrue();
  }

  @Test
  void existsLooksAtTheKeyOnlyWhateverItsValue() throws Exception {
    NamespaceSelection exists = selection(expression("env", "Exists"));

    assertThat(exists.matches(PROD)).isTrue();
    assertThat(exists.matches(Map.of("env", ""))).isTrue();
    assertThat(exists.matches(Map.of("team", "a"))).isFalse();
    assertThat(exists.matches(null)).isFalse();
  }

  @Test
  void doesNotExistSelectsOnlyNamespacesWithoutTheKey() throws Exception {
    NamespaceSelection absent = selection(expression("env", "DoesNotExist"));

    assertThat(absent.matches(PROD)).isFalse();
    assertThat(absent.matches(Map.of("env", ""))).isFalse();
    assertThat(absent.matches(Map.of("team", "a"))).isTrue();
    assertThat(absent.matches(null)).isTrue();
  }

  @Test
  void operatorsAreCaseSensitiveAsInKubernetes() {
    BadInputException e = refused(selectorOf(expression("env", "in", "prod")));

    assertThat(e.getMessage())
        .isEqualTo(
            "spec.bundle.namespaceSelector.matchExpressions[0].operator \"in\" is not"
                + " supported; use In, NotIn, Exists or DoesNotExist");
  }

  @Test
  void matchLabelsNeedsEveryLabelWithExactlyThatValue() throws Exception {
    NamespaceSelection both =
        NamespaceSelection.of(
            new LabelSelectorBuilder()
                .addToMatchLabels("env", "prod")
                .addToMatchLabels("team", "a")
                .build());

    assertThat(both.matches(PROD)).isTrue();
    assertThat(both.matches(Map.of("env", "prod", "team", "a", "extra", "x"))).isTrue();
    assertThat(both.matches(Map.of("env", "prod"))).isFalse();
    assertThat(both.matches(Map.of("env", "prod", "team", "b"))).isFalse();
    assertThat(both.matches(Map.of("env", "Prod", "team", "a"))).isFalse();
  }

  @Test
  void anEmptyMatchLabelsValueMatchesOnlyALabelWithAnEmptyValue() throws Exception {
    NamespaceSelection empty =
        NamespaceSelection.of(new LabelSelectorBuilder().addToMatchLabels("flag", "").build());

    assertThat(empty.matches(Map.of("flag", ""))).isTrue();
    assertThat(empty.matches(Map.of("flag", "on"))).isFalse();
    assertThat(empty.matches(UNLABELLED)).isFalse();
  }

  @Test
  void matchLabelsAndMatchExpressionsMustAllHold() throws Exception {
    LabelSelector selector =
        new LabelSelectorBuilder()
            .addToMatchLabels("team", "a")
            .withMatchExpressions(
                expression("env", "In", "prod", "dev"), expression("frozen", "DoesNotExist"))
            .build();
    NamespaceSelection all = NamespaceSelection.of(selector);

    assertThat(all.matches(PROD)).isTrue();
    assertThat(all.matches(DEV)).isTrue();
    assertThat(all.matches(Map.of("env", "prod", "team", "b"))).as("matchLabels fails").isFalse();
    assertThat(all.matches(Map.of("env", "test", "team", "a"))).as("In fails").isFalse();
    assertThat(all.matches(Map.of("env", "prod", "team", "a", "frozen", "yes")))
        .as("DoesNotExist fails")
        .isFalse();
  }

  @Test
  void anEmptySelectorAndANullSelectorSelectEveryNamespace() throws Exception {
    List<NamespaceSelection> everything =
        List.of(
            NamespaceSelection.of(null),
            NamespaceSelection.of(new LabelSelector()),
            NamespaceSelection.of(
                new LabelSelectorBuilder()
                    .withMatchLabels(Map.of())
                    .withMatchExpressions(List.of())
                    .build()),
            NamespaceSelection.all());

    for (NamespaceSelection selection : everything) {
      assertThat(selection.matches(PROD)).isTrue();
      assertThat(selection.matches(UNLABELLED)).isTrue();
      assertThat(selection.matches(null)).isTrue();
    }
  }

  @Test
  void aMissingOperatorIsRefusedNamingTheFieldAndTheChoices() {
    BadInputException e =
        refused(selectorOf(expression("env", "Exists"), expression("env", null, "prod")));

    assertThat(e.getMessage())
        .isEqualTo(
            "spec.bundle.namespaceSelector.matchExpressions[1].operator is missing; use In,"
                + " NotIn, Exists or DoesNotExist");
  }

  @Test
  void anUnknownOperatorIsRefusedNamingTheFieldAndTheChoices() {
    BadInputException e = refused(selectorOf(expression("env", "Equals", "prod")));

    assertThat(e.getMessage())
        .isEqualTo(
            "spec.bundle.namespaceSelector.matchExpressions[0].operator \"Equals\" is not"
                + " supported; use In, NotIn, Exists or DoesNotExist");
  }

  @Test
  void inAndNotInWithoutValuesAreRefused() {
    BadInputException in = refused(selectorOf(expression("env", "In")));
    LabelSelectorRequirement nullValues = new LabelSelectorRequirement("env", "NotIn", null);
    BadInputException notIn = refused(selectorOf(expression("a", "Exists"), nullValues));

    assertThat(in.getMessage())
        .isEqualTo(
            "spec.bundle.namespaceSelector.matchExpressions[0]: operator In needs at least one"
                + " value in values");
    assertThat(notIn.getMessage())
        .isEqualTo(
            "spec.bundle.namespaceSelector.matchExpressions[1]: operator NotIn needs at least"
                + " one value in values");
  }

  @Test
  void existsAndDoesNotExistWithValuesAreRefused() {
    BadInputException exists = refused(selectorOf(expression("env", "Exists", "prod")));
    BadInputException absent = refused(selectorOf(expression("env", "DoesNotExist", "")));

    assertThat(exists.getMessage())
        .isEqualTo(
            "spec.bundle.namespaceSelector.matchExpressions[0]: operator Exists takes no"
                + " values; remove values");
    assertThat(absent.getMessage())
        .isEqualTo(
            "spec.bundle.namespaceSelector.matchExpressions[0]: operator DoesNotExist takes no"
                + " values; remove values");
  }

  @Test
  void anEmptyOrMissingKeyIsRefusedInExpressionsAndInMatchLabels() {
    BadInputException empty = refused(selectorOf(expression("", "Exists")));
    BadInputException missing = refused(selectorOf(expression(null, "In", "prod")));
    Map<String, String> labels = new HashMap<>();
    labels.put("", "prod");
    BadInputException matchLabels =
        refused(new LabelSelectorBuilder().withMatchLabels(labels).build());

    assertThat(empty.getMessage())
        .isEqualTo(
            "spec.bundle.namespaceSelector.matchExpressions[0].key has an empty label key;"
                + " name a label");
    assertThat(missing.getMessage()).isEqualTo(empty.getMessage());
    assertThat(matchLabels.getMessage())
        .isEqualTo(
            "spec.bundle.namespaceSelector.matchLabels has an empty label key; name a label");
  }

  @Test
  void labelKeysNoNamespaceCanCarryAreRefusedInsteadOfSelectingNothing() throws Exception {
    List<String> invalid =
        List.of(
            "Team Name",
            "team/",
            "/team",
            "a/b/c",
            "Example.org/team",
            "-team",
            "team-",
            "t".repeat(64),
            "p".repeat(254) + "/team",
            "\u00e9quipe",
            "team\nReady=True");
    for (String key : invalid) {
      BadInputException e = refused(selectorOf(expression(key, "Exists")));
      assertThat(e.getMessage())
          .as(key)
          .startsWith("spec.bundle.namespaceSelector.matchExpressions[0].key: ")
          .contains("is not a valid label key")
          .doesNotContain("\n");
      Map<String, String> labels = Map.of(key, "x");
      assertThat(refused(new LabelSelectorBuilder().withMatchLabels(labels).build()).getMessage())
          .as(key)
          .startsWith("spec.bundle.namespaceSelector.matchLabels: ");
    }
    for (String key : List.of("team", "example.org/team", "a_b.c-d", "t".repeat(63))) {
      assertThat(selection(expression(key, "Exists")).matches(Map.of(key, "x"))).as(key).isTrue();
    }
  }

  @Test
  void labelValuesNoNamespaceCanCarryAreRefused() throws Exception {
    BadInputException in = refused(selectorOf(expression("env", "In", "prod", "not valid")));
    BadInputException labels =
        refused(new LabelSelectorBuilder().withMatchLabels(Map.of("env", "v".repeat(64))).build());

    assertThat(in.getMessage())
        .startsWith("spec.bundle.namespaceSelector.matchExpressions[0].values: \"not valid\"")
        .contains("is not a valid label value");
    assertThat(labels.getMessage()).startsWith("spec.bundle.namespaceSelector.matchLabels.env: ");
    assertThat(selection(expression("env", "In", "", "prod-1")).matches(Map.of("env", "")))
        .isTrue();
  }

  @Test
  void aNullExpressionIsRefusedByItsIndex() {
    List<LabelSelectorRequirement> expressions = new ArrayList<>();
    expressions.add(expression("env", "Exists"));
    expressions.add(null);
    LabelSelector selector = new LabelSelector();
    selector.setMatchExpressions(expressions);

    BadInputException e = refused(selector);

    assertThat(e.getMessage())
        .isEqualTo("spec.bundle.namespaceSelector.matchExpressions[1] is empty");
  }

  @Test
  void anUnsafeOperatorIsQuotedAndEscapedInTheMessage() {
    BadInputException e = refused(selectorOf(expression("env", "In\nReady=True", "x")));

    assertThat(e.getMessage())
        .contains("operator \"In\\x0aReady=True\" is not supported")
        .doesNotContain("\n");
  }

  private static NamespaceSelection selection(LabelSelectorRequirement... expressions)
      throws BadInputException {
    return NamespaceSelection.of(selectorOf(expressions));
  }

  private static LabelSelector selectorOf(LabelSelectorRequirement... expressions) {
    return new LabelSelectorBuilder().withMatchExpressions(expressions).build();
  }

  private static LabelSelectorRequirement expression(
      String key, String operator, String... values) {
    return new LabelSelectorRequirement(key, operator, new ArrayList<>(Arrays.asList(values)));
  }

  private static BadInputException refused(LabelSelector selector) {
    BadInputException e =
        catchThrowableOfType(BadInputException.class, () -> NamespaceSelection.of(selector));
    assertThat(e).as("the selector is refused").isNotNull();
    assertThat(e.reason()).isEqualTo(Reasons.INVALID_BUNDLE_SETTINGS);
    return e;
  }
}
