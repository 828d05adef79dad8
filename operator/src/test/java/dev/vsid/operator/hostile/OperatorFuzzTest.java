package dev.vsid.operator.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.hostile.corpus.CorpusRow;
import dev.vsid.operator.hostile.corpus.Observed;
import dev.vsid.operator.hostile.corpus.RawApi;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.testing.FuzzTally;
import dev.vsid.operator.testing.IndependentVerifiers;
import dev.vsid.operator.testing.KnownReasons;
import dev.vsid.operator.testing.LogCapture;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.SpecFuzzer;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch of randomly mutated WorkloadIdentities and TrustDomains, sent as raw JSON while the
 * operator runs beside a good identity: each ends Ready=True with an SVID that openssl and
 * java-spiffe accept, or Ready=False with a known reason and a message. Nothing is logged as an
 * error and the good SVID is untouched. Seed: {@link SpecFuzzer#SEED_PROPERTY}.
 */
class OperatorFuzzTest {
  private static final int IDENTITIES = 30;
  private static final int TRUST_DOMAINS = 15;
  private static final Duration SETTLE = Duration.ofSeconds(60);

  @Test
  void mutatedResourcesEndReadyOrRefusedWithAKnownReasonAndTheGoodSvidStays() throws Exception {
    long seed = SpecFuzzer.seed();
    SpecFuzzer fuzzer = new SpecFuzzer(seed);
    FuzzTally tally = new FuzzTally("spec fuzz through the operator", seed);
    try (LogCapture logs = new LogCapture(Map.of());
        OperatorHarness harness = new OperatorHarness()) {
      harness.createTrustDomain("example", "example.org");
      harness.awaitTrustDomain("example", Condition.TRUE, Reasons.CA_READY);
      harness.createIdentity("payments", "good", spec -> {});
      harness.awaitIdentityReady("payments", "good");
      Secret goodBefore = harness.secret("payments", "good");

      List<CorpusRow> rows = mutations(fuzzer);
      RawApi api = new RawApi(harness.client());
      rows.forEach(api::create);
      Quiet.awaitSettled(() -> allDecided(api, rows), SETTLE);

      Observed observed = Observed.read(api, rows);
      for (CorpusRow row : rows) {
        tally.count(judge(row, observed, harness, "seed " + seed + ", " + row.name()));
      }
      Secret goodAfter = harness.secret("payments", "good");
      assertThat(goodAfter.getMetadata().getResourceVersion())
          .isEqualTo(goodBefore.getMetadata().getResourceVersion());
      assertThat(goodAfter.getData()).isEqualTo(goodBefore.getData());
      assertThat(logs.lines()).as("seed %s", seed).filteredOn(l -> l.startsWith("ERROR")).isEmpty();
      assertThat(logs.lines()).as("seed %s", seed).filteredOn(l -> l.contains("\n  ")).isEmpty();
    } finally {
      tally.report();
    }
  }

  private static List<CorpusRow> mutations(SpecFuzzer fuzzer) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<CorpusRow> rows = new ArrayList<>();
    for (int i = 0; i < IDENTITIES; i++) {
      String name = "fuzz-wi-" + i;
      ObjectNode valid =
          (ObjectNode)
              json.readTree(
                  "{\"trustDomain\":\"example\",\"serviceAccountName\":\""
                      + name
                      + "\",\"ttl\":\"1h\",\"dnsNames\":[\"web.shop.svc\"]}");
      rows.add(row("WorkloadIdentity", "shop", name, fuzzer.mutate(valid, 900)));
    }
    for (int i = 0; i < TRUST_DOMAINS; i++) {
      String name = "fuzz-td-" + i;
      ObjectNode valid =
          (ObjectNode)
              json.readTree(
                  "{\"trustDomain\":\""
                      + name
                      + ".test\",\"ca\":{\"ttl\":\"720h\"},\"svid\":{\"ttl\":\"1h\"},"
                      + "\"bundle\":{\"namespaceSelector\":{\"matchLabels\":{\"team\":\"x\"}}}}");
      rows.add(row("TrustDomain", null, name, fuzzer.mutate(valid, 900)));
    }
    return rows;
  }

  private static CorpusRow row(String kind, String namespace, String name, String spec) {
    String metadata =
        "{\"name\":\"" + name + "\"" + (namespace == null ? "" : ",\"namespace\":\"shop\"") + "}";
    String resource =
        "{\"apiVersion\":\"vsid.dev/v1alpha1\",\"kind\":\""
            + kind
            + "\",\"metadata\":"
            + metadata
            + ",\"spec\":"
            + spec
            + "}";
    return new CorpusRow(name, kind, namespace, name, resource, "Ready", "?", "?", List.of());
  }

  private static boolean allDecided(RawApi api, List<CorpusRow> rows) {
    Observed observed = Observed.read(api, rows);
    return rows.stream().allMatch(row -> observed.condition(row).has("reason"));
  }

  private static String judge(CorpusRow row, Observed observed, OperatorHarness harness, String at)
      throws Exception {
    JsonNode condition = observed.condition(row);
    String spec = cut(row.json());
    assertThat(condition.has("reason")).as("%s has no Ready condition: %s", at, spec).isTrue();
    String reason = condition.path("reason").asText();
    assertThat(KnownReasons.all()).as("%s: %s", at, spec).contains(reason);
    String message = condition.path("message").asText();
    assertThat(message).as("%s: %s", at, spec).isNotBlank().doesNotContain("\n", "\r");
    boolean ready = Condition.TRUE.equals(condition.path("status").asText());
    if (ready && row.isIdentity()) {
      JsonNode status = observed.resource(row).path("status");
      Secret secret = harness.secret("shop", status.path("secretName").asText());
      Path dir = IndependentVerifiers.mount(secret, Files.createTempDirectory("fuzz-svid"));
      String spiffeId = status.path("spiffeId").asText();
      IndependentVerifiers.assertOpensslAccepts(dir, spiffeId);
      IndependentVerifiers.assertJavaSpiffeAccepts(dir, "example.org", spiffeId);
    }
    return row.kind() + " " + (ready ? "Ready" : reason);
  }

  private static String cut(String text) {
    return text.length() <= 400 ? text : text.substring(0, 400) + "...(" + text.length() + ")";
  }
}
