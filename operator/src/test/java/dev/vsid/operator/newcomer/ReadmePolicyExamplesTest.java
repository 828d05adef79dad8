package dev.vsid.operator.newcomer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vsid.operator.api.schema.CrdSchemas;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.IdentityPolicySpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer applies the README's TrustDomain and WorkloadIdentity (section "The resources") and
 * checks what the README says about spec.policy, including how an identity with DNS names outside
 * the new default is brought back under a policy.
 */
class ReadmePolicyExamplesTest {
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OperatorHarness harness = new OperatorHarness();

  @BeforeEach
  void namespaces() {
    harness
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("edge")
                .withLabels(Map.of("shared-ids", "yes"))
                .endMetadata()
                .build())
        .create();
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void theReadmesTrustDomainAndIdentityWorkAsItsCommentsSay(@TempDir Path dir) throws Exception {
    applyReadmeResources(dir);

    WorkloadIdentity web = harness.awaitIdentityReady("shop", "web");
    assertThat(web.getStatus().getSpiffeId()).isEqualTo("spiffe://example.org/ns/shop/sa/web");
    X509Certificate svid = leaf("shop", "web");
    assertThat(((ECPublicKey) svid.getPublicKey()).getParams().getCurve().getField().getFieldSize())
        .as("keyType ECP384")
        .isEqualTo(384);
    assertThat(dnsNames(svid)).containsExactly("web.shop.svc");
    Duration life =
        Duration.between(svid.getNotBefore().toInstant(), svid.getNotAfter().toInstant());
    assertThat(life)
        .as("ttl 12h plus the 30s backdate")
        .isEqualTo(Duration.ofHours(12).plusSeconds(30));

    // "/ns/{namespace}/**" allows /ns/shop and /ns/shop/sa/web, not /ns/shopping
    identity("shop", "root", "/ns/shop", List.of(), null);
    identity("shop", "shopping", "/ns/shopping/sa/web", List.of(), null);
    // "/shared/*": one segment under /shared, for namespaces labelled shared-ids=yes only
    identity("edge", "db", "/shared/db", List.of(), null);
    identity("edge", "deep", "/shared/db/replica", List.of(), null);
    identity("shop", "db", "/shared/db", List.of(), null);
    // maxTtl: 72h
    identity("shop", "long", null, List.of(), "100h");
    // the default DNS policy: *.{namespace}.svc and *.{namespace}.svc.cluster.local
    identity("shop", "wild", null, List.of("*.shop.svc"), null);
    identity("shop", "fqdn", null, List.of("web.shop.svc.cluster.local"), null);
    identity("shop", "short", null, List.of("web.shop"), null);
    identity("shop", "podname", null, List.of("web-0.web.shop.svc.cluster.local"), null);

    harness.awaitIdentityReady("shop", "root");
    harness.awaitIdentity("shop", "shopping", Condition.FALSE, Reasons.SPIFFE_ID_NOT_ALLOWED);
    assertThat(harness.awaitIdentityReady("edge", "db").getStatus().getSpiffeId())
        .isEqualTo("spiffe://example.org/shared/db");
    harness.awaitIdentity("edge", "deep", Condition.FALSE, Reasons.SPIFFE_ID_NOT_ALLOWED);
    harness.awaitIdentity("shop", "db", Condition.FALSE, Reasons.SPIFFE_ID_NOT_ALLOWED);
    harness.awaitIdentity("shop", "long", Condition.FALSE, Reasons.TTL_NOT_ALLOWED);
    harness.awaitIdentityReady("shop", "wild");
    harness.awaitIdentityReady("shop", "fqdn");
    // Names the old operator accepted and the new default refuses: the short form a Service is
    // also reached by, and a StatefulSet pod's name under its headless Service.
    harness.awaitIdentity("shop", "short", Condition.FALSE, Reasons.DNS_NAME_NOT_ALLOWED);
    harness.awaitIdentity("shop", "podname", Condition.FALSE, Reasons.DNS_NAME_NOT_ALLOWED);
  }

  @Test
  void anIdentityWithCustomDnsNamesIsIssuedAgainUnderTheReadmesUpgradePolicy(@TempDir Path dir)
      throws Exception {
    harness.createTrustDomain("example", "example.org");
    List<String> names =
        List.of(
            "web.shop.svc", "web.shop", "web-0.web.shop.svc.cluster.local", "web.shop.example.com");
    identityOf("example", "shop", "web", null, names, null);
    WorkloadIdentity refused =
        harness.awaitIdentity("shop", "web", Condition.FALSE, Reasons.DNS_NAME_NOT_ALLOWED);
    assertThat(ready(refused).getMessage()).contains("web.shop").contains("spec.policy.dnsNames");

    // The API server labels every namespace with its name; the mock API server does not.
    harness
        .client()
        .namespaces()
        .withName("shop")
        .edit(
            ns -> {
              ns.getMetadata().setLabels(Map.of("kubernetes.io/metadata.name", "shop"));
              return ns;
            });
    TrustDomain td = harness.trustDomain("example");
    td.getSpec().setPolicy(readmeUpgradePolicy(dir));
    harness.client().resource(td).update();

    harness.awaitIdentityReady("shop", "web");
    assertThat(dnsNames(leaf("shop", "web"))).containsExactlyElementsOf(names);
    // The name outside the cluster is granted to shop only.
    identityOf("example", "payments", "api", null, List.of("api.shop.example.com"), null);
    identityOf("example", "payments", "short", null, List.of("api.payments"), null);
    harness.awaitIdentity("payments", "api", Condition.FALSE, Reasons.DNS_NAME_NOT_ALLOWED);
    harness.awaitIdentityReady("payments", "short");
  }

  /** The policy of the README's "Upgrading from a version without spec.policy". */
  private static IdentityPolicySpec readmeUpgradePolicy(Path dir) throws Exception {
    String readme = Files.readString(CrdSchemas.repoRoot().resolve("README.md"));
    Matcher block = YAML_BLOCK.matcher(readme);
    while (block.find()) {
      if (block.group(1).contains("# the defaults, listed again")) {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, block.group(1));
        JsonNode policy = CrdSchemas.readYaml(file).get(0).path("policy");
        return JSON.treeToValue(policy, IdentityPolicySpec.class);
      }
    }
    throw new AssertionError("no upgrade policy in README.md");
  }

  /**
   * Creates the TrustDomain and WorkloadIdentity of the README's "The resources" exactly as written
   * there.
   */
  private void applyReadmeResources(Path dir) throws Exception {
    String readme = Files.readString(CrdSchemas.repoRoot().resolve("README.md"));
    Matcher block = YAML_BLOCK.matcher(readme);
    Path file = dir.resolve("resources.yaml");
    int applied = 0;
    while (block.find()) {
      if (!block.group(1).contains("kind: TrustDomain")) {
        continue;
      }
      Files.writeString(file, block.group(1));
      for (JsonNode doc : CrdSchemas.readYaml(file)) {
        assertThat(CrdSchemas.validate(doc)).as("schema").isEmpty();
        switch (doc.path("kind").asText()) {
          case "TrustDomain" ->
              harness.client().resource(JSON.treeToValue(doc, TrustDomain.class)).create();
          case "WorkloadIdentity" ->
              harness.client().resource(JSON.treeToValue(doc, WorkloadIdentity.class)).create();
          default -> throw new AssertionError("unexpected " + doc.path("kind"));
        }
        applied++;
      }
      break; // the first such block is "The resources"; later ones show other features
    }
    assertThat(applied).as("resources in the README's YAML").isEqualTo(2);
  }

  private void identity(String ns, String name, String path, List<String> dns, String ttl) {
    identityOf("example-org", ns, name, path, dns, ttl);
  }

  private void identityOf(
      String td, String ns, String name, String path, List<String> dns, String ttl) {
    harness.createIdentity(
        ns,
        name,
        spec -> {
          spec.setTrustDomain(td);
          spec.setSpiffeIdPath(path);
          spec.setDnsNames(dns.isEmpty() ? null : dns);
          spec.setTtl(ttl);
        });
  }

  private X509Certificate leaf(String ns, String secret) throws Exception {
    String pem = OperatorHarness.text(harness.secret(ns, secret), "tls.crt");
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static List<String> dnsNames(X509Certificate cert) throws Exception {
    return cert.getSubjectAlternativeNames().stream()
        .filter(san -> ((Integer) san.get(0)) == 2)
        .map(san -> (String) san.get(1))
        .collect(Collectors.toList());
  }

  private static Condition ready(WorkloadIdentity wi) {
    return Conditions.find(wi.getStatus().getConditions(), Condition.READY).orElseThrow();
  }
}
