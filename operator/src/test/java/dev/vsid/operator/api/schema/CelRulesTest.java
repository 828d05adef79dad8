package dev.vsid.operator.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The CEL rules ({@code x-kubernetes-validations}) of the CRDs are the ones intended, word for
 * word, and there are no others.
 *
 * <p>Nothing here evaluates them. CEL is enforced by the Kubernetes API server only (1.25 or
 * later): not by the JSON Schema validator of the other schema tests, and not by the in-memory API
 * the operator's tests run against, which applies no validation at all. The operator checks the
 * same things itself and reports them in its Ready condition, so on an API server without CEL the
 * mistakes are still caught, only later. That the limits written in the rules are the operator's
 * own is checked beside the operator's checks, in {@code TrustDomainSchemaAgreementTest}.
 */
class CelRulesTest {
  private static final String SPEC = "/properties/spec/properties";

  /** Every namespace selector of a TrustDomain carries the same two rules. */
  private static final List<String> SELECTORS =
      List.of(
          SPEC + "/bundle/properties/namespaceSelector/properties",
          SPEC + "/policy/properties/namespaceSelector/properties",
          SPEC + "/policy/properties/spiffeIdPaths/items/properties/namespaceSelector/properties",
          SPEC + "/policy/properties/dnsNames/items/properties/namespaceSelector/properties");

  private static final Map<String, String> TRUST_DOMAIN_RULES = trustDomainRules();

  private static Map<String, String> trustDomainRules() {
    Map<String, String> rules = new TreeMap<>();
    rules.put(SPEC + "/trustDomain", "self == oldSelf");
    rules.put(
        SPEC + "/ca",
        "!has(self.rotation) || !has(self.rotation.renewBefore)"
            + " || duration(self.rotation.renewBefore)"
            + " < duration(has(self.ttl) ? self.ttl : '8760h')");
    rules.put(SPEC + "/ca/properties/ttl", "duration(self) >= duration('1h')");
    rules.put(
        SPEC + "/bundle/properties/refreshHint",
        "duration(self) >= duration('10s') && duration(self) <= duration('24h')");
    for (String selector : SELECTORS) {
      rules.put(selector + "/matchLabels", "self.all(k, size(k) > 0)");
      rules.put(
          selector + "/matchExpressions/items",
          "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0"
              + " : !has(self.values) || size(self.values) == 0");
    }
    return rules;
  }

  @Test
  void theTrustDomainCrdCarriesExactlyTheIntendedRules() {
    assertThat(rules(CrdSchemas.openApiSchema(CrdSchemas.TRUST_DOMAIN)))
        .isEqualTo(new TreeMap<>(TRUST_DOMAIN_RULES));
  }

  @Test
  void theWorkloadIdentityCrdNeedsNoRules() {
    assertThat(rules(CrdSchemas.openApiSchema(CrdSchemas.WORKLOAD_IDENTITY))).isEmpty();
  }

  @Test
  void everyRuleHasAMessageThatNamesItsField() {
    JsonNode schema = CrdSchemas.openApiSchema(CrdSchemas.TRUST_DOMAIN);
    assertThat(schema.at(SPEC + "/trustDomain/x-kubernetes-validations/0/message").asText())
        .isEqualTo("trustDomain is immutable");
    assertThat(schema.at(SPEC + "/ca/x-kubernetes-validations/0/message").asText())
        .contains("renewBefore")
        .contains("8760h");
    assertThat(schema.at(SPEC + "/ca/properties/ttl/x-kubernetes-validations/0/message").asText())
        .isEqualTo("ttl must be at least 1h");
    for (String rule : TRUST_DOMAIN_RULES.keySet()) {
      assertThat(schema.at(rule + "/x-kubernetes-validations/0/message").asText())
          .as("message of the rule at %s", rule)
          .isNotBlank();
    }
  }

  /** Every rule in a schema by the JSON pointer of where it sits; one rule per place. */
  static Map<String, String> rules(JsonNode schema) {
    Map<String, String> rules = new TreeMap<>();
    collect(schema, "", rules);
    return rules;
  }

  private static void collect(JsonNode node, String pointer, Map<String, String> rules) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, rules);
      }
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("x-kubernetes-validations")) {
        assertThat(field.getValue()).as("rules at %s", pointer).hasSize(1);
        rules.put(pointer, field.getValue().get(0).get("rule").asText());
      } else {
        collect(field.getValue(), pointer + "/" + field.getKey().replace("/", "~1"), rules);
      }
    }
  }
}
