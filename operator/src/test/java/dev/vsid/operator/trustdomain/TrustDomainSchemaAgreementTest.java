package dev.vsid.operator.trustdomain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.api.schema.CrdSchemas;
import dev.vsid.operator.api.schema.SchemaFixtures;
import dev.vsid.operator.api.v1alpha1.BundleSpec;
import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.SvidDefaults;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.distribution.BundleSettings;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.status.BadInputException;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The TrustDomain schema never refuses what the operator accepts: each value is judged by the CRD
 * schema and by the operator's own checks of the same manifest. CEL rules are not evaluated here
 * (see {@code CelRulesTest}), so for fields they guard only the schema's own part is compared.
 */
class TrustDomainSchemaAgreementTest {
  private final Random random = new Random(20260102);

  @Test
  void trustDomainsAsTheOperatorsTestsWriteThemPassTheSchema() throws Exception {
    List<Consumer<TrustDomainSpec>> edits =
        List.of(
            spec -> {},
            spec -> rotating(spec, rotation -> {}),
            spec -> rotating(spec, rotation -> rotation.setPropagationDelay("0s")),
            spec ->
                rotating(
                    spec,
                    rotation -> {
                      rotation.setRequest("suspected-compromise-1");
                      rotation.setDropOldRoot(true);
                    }),
            spec -> provided(spec, "org-ca"),
            spec -> provided(spec, ""),
            spec -> bundle(spec, b -> b.setConfigMapName("trust-bundle.example.org")),
            spec -> bundle(spec, b -> b.setRefreshHint("10s")),
            spec -> bundle(spec, b -> b.setRefreshHint("24h")),
            spec ->
                bundle(
                    spec,
                    b ->
                        b.setNamespaceSelector(
                            new LabelSelectorBuilder()
                                .addToMatchLabels("vsid.dev/bundle", "true")
                                .addNewMatchExpression()
                                .withKey("env")
                                .withOperator("NotIn")
                                .withValues("dev", "")
                                .endMatchExpression()
                                .addNewMatchExpression()
                                .withKey("legacy")
                                .withOperator("DoesNotExist")
                                .endMatchExpression()
                                .build())),
            spec -> bundle(spec, b -> b.setNamespaceSelector(new LabelSelectorBuilder().build())));
    for (Consumer<TrustDomainSpec> edit : edits) {
      TrustDomain td = trustDomain(edit);
      TrustDomainSettings.of(td).requireValidDefaults();
      BundleSettings.of(td);
      ObjectNode manifest = Serialization.jsonMapper().valueToTree(td);
      assertThat(CrdSchemas.validate(manifest)).as("%s", manifest).isEmpty();
    }
  }

  @Test
  void trustDomainNamesAreAcceptedExactlyWhenTheOperatorAcceptsThem() {
    List<String> candidates =
        new ArrayList<>(List.of("example.org", "..", "a_b", "a".repeat(255), "a".repeat(256), ""));
    for (int i = 0; i < 2000; i++) {
      candidates.add(randomText("az9._-A/: é", 1 + random.nextInt(8)));
    }
    assertThat(assertAgreement("/spec/trustDomain", candidates, true)).isGreaterThan(100);
  }

  @Test
  void keyTypesAreAcceptedExactlyWhenTheOperatorAcceptsThem() {
    List<String> candidates = new ArrayList<>(List.of("", "EC", "P256", "RSA1024", "ECP256 "));
    for (KeyType type : KeyType.values()) {
      candidates.add(type.specName());
      candidates.add(type.specName().toLowerCase(Locale.ROOT));
      candidates.add(type.specName().toUpperCase(Locale.ROOT));
    }
    assertAgreement("/spec/ca/keyType", candidates, true);
    assertAgreement("/spec/svid/keyType", candidates, true);
  }

  @Test
  void durationsTheOperatorReadsPassTheSchema() {
    String[] parts = {"1", "2", "24", "0.5", "720", "h", "m", "s", "ms", "µs", "ns", ".", "d", " "};
    List<String> candidates = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder();
      for (int p = random.nextInt(5); p >= 0; p--) {
        text.append(parts[random.nextInt(parts.length)]);
      }
      candidates.add(text.toString());
    }
    assertThat(assertAgreement("/spec/svid/ttl", candidates, false)).isGreaterThan(80);
    assertThat(assertAgreement("/spec/ca/rotation/propagationDelay", candidates, false))
        .isGreaterThan(80);
  }

  @Test
  void configMapNamesAreAcceptedExactlyWhenTheOperatorAcceptsThem() {
    List<String> candidates =
        new ArrayList<>(List.of("trust-bundle", "a".repeat(253), "a".repeat(254), "", "a..b"));
    for (int i = 0; i < 2000; i++) {
      candidates.add(randomText("ab9-.A_ ", 1 + random.nextInt(8)));
    }
    assertThat(assertAgreement("/spec/bundle/configMapName", candidates, true)).isGreaterThan(100);
  }

  @Test
  void selectorsTheOperatorAcceptsPassTheSchema() {
    List<Object> selectors = new ArrayList<>();
    selectors.add(Map.of());
    for (String operator : List.of("In", "NotIn", "Exists", "DoesNotExist", "in", "Equals")) {
      for (List<String> values : List.of(List.<String>of(), List.of("a"), List.of("a", ""))) {
        for (String key : List.of("team", "vsid.dev/bundle", "")) {
          selectors.add(
              Map.of(
                  "matchExpressions",
                  List.of(Map.of("key", key, "operator", operator, "values", values))));
        }
      }
    }
    selectors.add(Map.of("matchLabels", Map.of("team", "")));
    selectors.add(Map.of("matchLabels", Map.of("", "x")));
    int accepted = assertAgreement("/spec/bundle/namespaceSelector", selectors, false);
    assertThat(accepted).isGreaterThan(10);
  }

  /** The lines the CRD's CEL rules draw (see CelRulesTest) are where the operator draws them. */
  @Test
  void theCelRulesDrawTheOperatorsLines() {
    assertThat(TrustDomainSettings.MINIMUM_CA_TTL).isEqualTo(Durations.parse("1h"));
    assertThat(TrustDomainSettings.DEFAULT_CA_TTL).isEqualTo(Durations.parse("8760h"));
    assertThat(accepts(edit("/spec/ca/ttl", "1h", "/spec/ca/rotation/renewBefore", "30m")))
        .isTrue();
    assertThat(accepts(edit("/spec/ca/ttl", "59m59.999s", "/spec/ca/rotation/renewBefore", "30m")))
        .isFalse();

    assertThat(accepts(edit("/spec/ca/ttl", "720h", "/spec/ca/rotation/renewBefore", "719h59m")))
        .isTrue();
    assertThat(accepts(edit("/spec/ca/ttl", "720h", "/spec/ca/rotation/renewBefore", "720h")))
        .isFalse();
    ObjectNode noTtl = CrdSchemas.without(SchemaFixtures.trustDomain(), "/spec/ca/ttl");
    assertThat(accepts(CrdSchemas.with(noTtl, "/spec/ca/rotation/renewBefore", "8759h59m")))
        .isTrue();
    assertThat(accepts(CrdSchemas.with(noTtl, "/spec/ca/rotation/renewBefore", "8760h"))).isFalse();

    for (String hint : List.of("10s", "24h")) {
      assertThat(accepts(edit("/spec/bundle/refreshHint", hint))).as(hint).isTrue();
    }
    for (String hint : List.of("9.999s", "24h0.001s")) {
      assertThat(accepts(edit("/spec/bundle/refreshHint", hint))).as(hint).isFalse();
    }

    String requirement = "/spec/bundle/namespaceSelector/matchExpressions/0";
    assertThat(accepts(edit(requirement, Map.of("key", "team", "operator", "In")))).isFalse();
    assertThat(
            accepts(
                edit(requirement, Map.of("key", "a", "operator", "NotIn", "values", List.of()))))
        .isFalse();
    assertThat(
            accepts(
                edit(
                    requirement, Map.of("key", "a", "operator", "Exists", "values", List.of("x")))))
        .isFalse();
    assertThat(accepts(edit("/spec/bundle/namespaceSelector/matchLabels", Map.of("", "x"))))
        .isFalse();
  }

  private static boolean accepts(ObjectNode manifest) {
    return accepts(Serialization.jsonMapper().convertValue(manifest, TrustDomain.class));
  }

  private static ObjectNode edit(String field, Object value) {
    return CrdSchemas.with(SchemaFixtures.trustDomain(), field, value);
  }

  private static ObjectNode edit(String field, Object value, String other, Object otherValue) {
    return CrdSchemas.with(edit(field, value), other, otherValue);
  }

  /**
   * Sets {@code field} of a valid manifest to each candidate; the schema accepts every value the
   * operator accepts and, when {@code exact}, refuses every value the operator refuses.
   *
   * @return how many values the operator accepted
   */
  private static int assertAgreement(String field, List<?> candidates, boolean exact) {
    int accepted = 0;
    for (Object value : candidates) {
      ObjectNode manifest = CrdSchemas.with(SchemaFixtures.trustDomain(), field, value);
      boolean operator =
          accepts(Serialization.jsonMapper().convertValue(manifest, TrustDomain.class));
      boolean schema = CrdSchemas.validate(manifest).isEmpty();
      if (operator) {
        accepted++;
        assertThat(schema)
            .as("schema on %s = %s, which the operator accepts", field, value)
            .isTrue();
      } else if (exact) {
        assertThat(schema)
            .as("schema on %s = %s, which the operator refuses", field, value)
            .isFalse();
      }
    }
    return accepted;
  }

  private static boolean accepts(TrustDomain td) {
    try {
      TrustDomainSettings.of(td).requireValidDefaults();
      BundleSettings.of(td);
      return true;
    } catch (BadInputException e) {
      return false;
    }
  }

  private static TrustDomain trustDomain(Consumer<TrustDomainSpec> edit) {
    TrustDomain td = new TrustDomain();
    td.setMetadata(new ObjectMetaBuilder().withName("example").build());
    TrustDomainSpec spec = new TrustDomainSpec();
    spec.setTrustDomain("example.org");
    edit.accept(spec);
    td.setSpec(spec);
    return td;
  }

  /** As CaRotationTest writes a rotating trust domain. */
  private static void rotating(TrustDomainSpec spec, Consumer<CaRotationSpec> edit) {
    CaSpec ca = new CaSpec();
    ca.setTtl("720h");
    CaRotationSpec rotation = new CaRotationSpec();
    rotation.setPropagationDelay("1m");
    rotation.setRenewBefore("719h");
    edit.accept(rotation);
    ca.setRotation(rotation);
    spec.setCa(ca);
    SvidDefaults svid = new SvidDefaults();
    svid.setTtl("24h");
    spec.setSvid(svid);
  }

  /** As CaRotationTest writes a trust domain with a provided CA. */
  private static void provided(TrustDomainSpec spec, String secretName) {
    rotating(spec, rotation -> rotation.setRenewBefore(null));
    spec.getCa().setTtl(null);
    spec.getCa().setSecretName(secretName);
  }

  private static void bundle(TrustDomainSpec spec, Consumer<BundleSpec> edit) {
    BundleSpec bundle = new BundleSpec();
    edit.accept(bundle);
    spec.setBundle(bundle);
  }

  private String randomText(String alphabet, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
