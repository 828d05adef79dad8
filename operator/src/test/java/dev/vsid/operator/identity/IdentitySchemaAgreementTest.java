package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.api.schema.CrdSchemas;
import dev.vsid.operator.api.schema.SchemaFixtures;
import dev.vsid.operator.api.v1alpha1.IdentityPolicySpec;
import dev.vsid.operator.api.v1alpha1.PolicyRule;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentitySpec;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.trustdomain.TrustDomainSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The WorkloadIdentity schema never refuses what the operator accepts. Each value is judged twice:
 * by the CRD schema, and by the operator's own resolver reading the same manifest (with no minimum
 * SVID lifetime, since that one is configurable). Where the schema can know everything (names, key
 * types, DNS names) the two agree exactly; for path templates, whose rendering depends on names,
 * the schema refuses only templates that no names could make acceptable.
 */
class IdentitySchemaAgreementTest {
  private static final CertificateAuthority CA =
      CertificateAuthority.generateRoot(
          new dev.vsid.operator.spiffe.TrustDomainName("example.org"),
          KeyType.EC_P256,
          Duration.ofDays(30),
          Clock.systemUTC());
  private static final DesiredSvidResolver RESOLVER =
      new DesiredSvidResolver(Duration.ZERO, "vsid-system");

  private final Random random = new Random(20260101);

  @Test
  void identitiesAsTheOperatorsTestsWriteThemPassTheSchema() throws Exception {
    List<Consumer<WorkloadIdentitySpec>> edits =
        List.of(
            spec -> {},
            spec -> spec.setTtl("1h"),
            spec -> spec.setTtl("10m"),
            spec -> spec.setDnsNames(List.of("web.shop.svc")),
            spec -> spec.setDnsNames(List.of("web.shop.svc", "web.shop.svc", "*.example.org")),
            spec -> spec.setSecretName("shared"),
            spec -> spec.setSecretName("db-password"),
            spec -> spec.setKeyType("ed25519"),
            spec -> spec.setSpiffeIdPath("/ns/{namespace}/sa/{serviceAccount}"),
            spec -> spec.setSpiffeIdPath("/ns/shop/{name}/{trustDomain}"),
            spec -> spec.setSpiffeIdPath("/ns/{namespace}/.../a.b-c_D/{name}.v2"));
    for (Consumer<WorkloadIdentitySpec> edit : edits) {
      WorkloadIdentity wi = identity("shop", "web", edit);
      resolve(wi, "example.org");
      ObjectNode manifest = Serialization.jsonMapper().valueToTree(wi);
      assertThat(CrdSchemas.validate(manifest)).as("%s", manifest).isEmpty();
    }
    for (KeyType type : KeyType.values()) {
      WorkloadIdentity wi = identity("shop", "web", spec -> spec.setKeyType(type.specName()));
      assertThat(CrdSchemas.validate(Serialization.jsonMapper().valueToTree(wi))).isEmpty();
    }
  }

  @Test
  void keyTypesAreAcceptedExactlyWhenTheOperatorAcceptsThem() {
    List<String> candidates = new ArrayList<>(List.of("", "EC", "RSA", "ECP521", "DSA1024"));
    for (KeyType type : KeyType.values()) {
      candidates.add(type.specName());
      candidates.add(type.specName().toLowerCase(Locale.ROOT));
      candidates.add(type.specName().toUpperCase(Locale.ROOT));
      candidates.add(randomCase(type.specName()));
      candidates.add(type.specName() + " ");
      candidates.add(type.specName().substring(1));
    }
    assertAgreement("/spec/keyType", candidates, true);
  }

  @Test
  void ttlsTheOperatorReadsPassTheSchema() {
    List<String> candidates =
        new ArrayList<>(
            List.of("24h", "1h30m", "1.5h", "90m", "0s", "100ms", "1µs", "2562047h", "1d", "h"));
    String[] parts = {
      "1", "24", "0.5", "7", "h", "m", "s", "ms", "us", "µs", "ns", ".", "-", " ", "d"
    };
    for (int i = 0; i < 3000; i++) {
      StringBuilder text = new StringBuilder();
      for (int p = random.nextInt(5); p >= 0; p--) {
        text.append(parts[random.nextInt(parts.length)]);
      }
      candidates.add(text.toString());
    }
    int accepted = assertAgreement("/spec/ttl", candidates, false);
    assertThat(accepted).as("durations the operator accepted").isGreaterThan(100);
  }

  @Test
  void dnsNamesAreAcceptedExactlyWhenTheOperatorAcceptsThem() {
    List<String> candidates =
        new ArrayList<>(
            List.of(
                "web.shop.svc",
                "*.example.org",
                "a",
                "xn--bcher-kva.example",
                "a".repeat(63) + ".svc",
                "a".repeat(64) + ".svc",
                String.join(".", java.util.Collections.nCopies(4, "d".repeat(63))).substring(2),
                String.join(".", java.util.Collections.nCopies(4, "d".repeat(63)))));
    for (int i = 0; i < 3000; i++) {
      candidates.add(randomText("ab9-.*_A", 1 + random.nextInt(8)));
    }
    List<List<String>> lists = candidates.stream().map(List::of).toList();
    int accepted = assertAgreement("/spec/dnsNames", lists, true);
    assertThat(accepted).isGreaterThan(100);
  }

  @Test
  void secretAndServiceAccountNamesAreAcceptedExactlyWhenTheOperatorAcceptsThem() {
    List<String> candidates =
        new ArrayList<>(List.of("web", "a".repeat(253), "a".repeat(254), "web.v2", "a..b", ""));
    for (int i = 0; i < 2000; i++) {
      candidates.add(randomText("ab9-.A_", 1 + random.nextInt(8)));
    }
    assertThat(assertAgreement("/spec/secretName", candidates, true)).isGreaterThan(100);
    assertThat(assertAgreement("/spec/serviceAccountName", candidates, true)).isGreaterThan(100);
  }

  /**
   * Random templates judged against many names: a template the schema refuses is refused by the
   * operator whatever the namespace, service account, name and trust domain.
   */
  @Test
  void everyPathTemplateTheOperatorCanAcceptPassesTheSchema() {
    String[] starts = {
      "/ns/{namespace}", "/ns/{namespace}", "/ns/shop", "/ns/s", "/{name}/{namespace}",
      "/n{trustDomain}/{namespace}", "/ns", "", "/team", "ns/{namespace}"
    };
    String[] pieces = {
      "{namespace}",
      "{serviceAccount}",
      "{name}",
      "{trustDomain}",
      "sa",
      "web",
      "ns",
      "s",
      "A",
      "Z9",
      ".",
      "..",
      "...",
      "-",
      "_",
      "",
      "{",
      "}",
      "{owner}",
      " ",
      "%",
      "/"
    };
    int acceptedByBoth = 0;
    int refusedByBoth = 0;
    for (int i = 0; i < 2000; i++) {
      StringBuilder template = new StringBuilder(starts[random.nextInt(starts.length)]);
      for (int segment = random.nextInt(4); segment > 0; segment--) {
        template.append('/');
        for (int piece = 1 + random.nextInt(2); piece > 0; piece--) {
          template.append(pieces[random.nextInt(pieces.length)]);
        }
      }
      String path = template.toString();
      if (schemaAccepts("/spec/spiffeIdPath", path)) {
        acceptedByBoth += accepts(identity("shop", "web", s -> s.setSpiffeIdPath(path))) ? 1 : 0;
      } else {
        assertThat(operatorAcceptsForSomeNames(path))
            .as("the schema refuses %s, which the operator can accept", path)
            .isFalse();
        refusedByBoth++;
      }
    }
    assertThat(acceptedByBoth).as("templates both accept for shop/web").isGreaterThan(200);
    assertThat(refusedByBoth).as("templates both refuse").isGreaterThan(200);
  }

  private boolean operatorAcceptsForSomeNames(String path) {
    for (String namespace : List.of("shop", "ns", "s")) {
      for (String account : List.of("web", "ns", "s")) {
        for (String name : List.of("web", "ns", "n")) {
          for (String domain : List.of("example.org", "ns", "s", "n")) {
            WorkloadIdentity wi =
                identity(
                    namespace,
                    name,
                    spec -> {
                      spec.setServiceAccountName(account);
                      spec.setSpiffeIdPath(path);
                    });
            if (accepts(wi, domain)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /**
   * Sets {@code field} of a valid manifest to each candidate, and checks that the schema accepts
   * every value the operator accepts, and (when {@code exact}) refuses every value it refuses.
   *
   * @return how many values the operator accepted
   */
  private static int assertAgreement(String field, List<?> candidates, boolean exact) {
    int accepted = 0;
    for (Object value : candidates) {
      ObjectNode manifest = CrdSchemas.with(SchemaFixtures.identity(), field, value);
      boolean operator =
          accepts(Serialization.jsonMapper().convertValue(manifest, WorkloadIdentity.class));
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

  private static boolean schemaAccepts(String field, Object value) {
    return CrdSchemas.validate(CrdSchemas.with(SchemaFixtures.identity(), field, value)).isEmpty();
  }

  private static boolean accepts(WorkloadIdentity wi) {
    return accepts(wi, "example.org");
  }

  private static boolean accepts(WorkloadIdentity wi, String trustDomain) {
    try {
      resolve(wi, trustDomain);
      return true;
    } catch (BadInputException e) {
      return false;
    }
  }

  /**
   * A policy that lets any well-formed path and DNS name through: only the formats are compared.
   */
  private static final IdentityPolicySpec ALLOW_ANY_NAME = allowAnyName();

  private static IdentityPolicySpec allowAnyName() {
    IdentityPolicySpec policy = new IdentityPolicySpec();
    policy.setSpiffeIdPaths(List.of(new PolicyRule("/**")));
    policy.setDnsNames(List.of(new PolicyRule("*"), new PolicyRule("**.*")));
    return policy;
  }

  private static DesiredSvid resolve(WorkloadIdentity wi, String trustDomain)
      throws BadInputException {
    TrustDomain td = new TrustDomain();
    td.setMetadata(new ObjectMetaBuilder().withName("example-org").build());
    TrustDomainSpec spec = new TrustDomainSpec();
    spec.setTrustDomain(trustDomain);
    spec.setPolicy(ALLOW_ANY_NAME);
    td.setSpec(spec);
    return RESOLVER.resolve(wi, TrustDomainSettings.of(td), CA, Map.of());
  }

  private static WorkloadIdentity identity(
      String namespace, String name, Consumer<WorkloadIdentitySpec> edit) {
    WorkloadIdentity wi = new WorkloadIdentity();
    wi.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    WorkloadIdentitySpec spec = new WorkloadIdentitySpec();
    spec.setTrustDomain("example-org");
    spec.setServiceAccountName(name);
    edit.accept(spec);
    wi.setSpec(spec);
    return wi;
  }

  private String randomText(String alphabet, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private String randomCase(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return out.toString();
  }
}
