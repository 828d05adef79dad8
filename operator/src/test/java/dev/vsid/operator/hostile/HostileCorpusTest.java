package dev.vsid.operator.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.hostile.corpus.CorpusFiles;
import dev.vsid.operator.hostile.corpus.CorpusRow;
import dev.vsid.operator.hostile.corpus.Observed;
import dev.vsid.operator.hostile.corpus.RawApi;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.testing.IndependentVerifiers;
import dev.vsid.operator.testing.LogCapture;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hostile corpus ({@code src/test/resources/hostile/corpus}, one resource per file) is sent as
 * raw JSON to the API while the operator runs beside good identities, in the same namespace and in
 * another. Each resource gets its condition with a message that names the field, and one Warning
 * Event; afterwards the operator writes nothing, the good SVIDs and the CA are untouched, and new
 * identities are still issued.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class HostileCorpusTest {
  private static final List<String> GOOD = List.of("shop/web", "shop/api", "payments/billing");
  private static final String CA_SECRET = "vsid-ca-example";
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final Duration IDLE = Duration.ofSeconds(3);

  private LogCapture logs;
  private OperatorHarness harness;
  private RawApi api;
  private List<CorpusRow> rows;
  private final Map<String, Secret> goodBefore = new LinkedHashMap<>();
  private Secret caBefore;
  private List<String> idleWrites;

  @BeforeAll
  void applyTheCorpusBesideGoodIdentities() throws Exception {
    logs = new LogCapture(Map.of());
    harness = new OperatorHarness();
    harness.createTrustDomain("example", "example.org");
    harness.awaitTrustDomain("example", Condition.TRUE, Reasons.CA_READY);
    for (String good : GOOD) {
      String[] id = good.split("/");
      harness.createIdentity(id[0], id[1], spec -> {});
    }
    for (String good : GOOD) {
      String[] id = good.split("/");
      harness.awaitIdentityReady(id[0], id[1]);
      goodBefore.put(good, harness.secret(id[0], id[1]));
    }
    caBefore = harness.secret(OperatorHarness.OPERATOR_NAMESPACE, CA_SECRET);

    rows = CorpusFiles.load("hostile/corpus");
    api = new RawApi(harness.client());
    rows.forEach(api::create);

    Quiet.awaitSettled(() -> allSettled(), SETTLE);
    idleWrites = Quiet.writesDuringIdleWindow(harness, IDLE);
  }

  private boolean allSettled() {
    Observed observed = Observed.read(api, rows);
    return rows.stream().allMatch(observed::settled);
  }

  @AfterAll
  void stop() {
    harness.close();
    logs.close();
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> eachResourceGetsItsConditionAMessageNamingTheFieldAndOneWarning() {
    assertThat(rows).hasSizeGreaterThanOrEqualTo(40);
    Observed observed = Observed.read(api, rows);
    List<Event> events = harness.client().v1().events().inAnyNamespace().list().getItems();
    return rows.stream()
        .map(row -> dynamicTest(row.toString(), () -> check(row, observed, events)));
  }

  private void check(CorpusRow row, Observed observed, List<Event> events) throws Exception {
    JsonNode condition = observed.condition(row);
    assertThat(condition.path("status").asText() + " " + condition.path("reason").asText())
        .as("%s: %s", row.file(), condition)
        .isEqualTo(row.conditionStatus() + " " + row.reason());
    String message = condition.path("message").asText();
    assertThat(message).as(row.file()).isNotBlank().hasSizeLessThanOrEqualTo(2048);
    assertThat(message).as(row.file()).doesNotContain("\n", "\r", "\u0000");
    for (String part : row.messageParts()) {
      assertThat(message).as(row.file()).contains(part);
    }
    List<Event> warnings =
        events.stream()
            .filter(e -> "Warning".equals(e.getType()))
            .filter(e -> row.kind().equals(e.getInvolvedObject().getKind()))
            .filter(e -> row.name().equals(e.getInvolvedObject().getName()))
            .toList();
    if (row.refused()) {
      assertThat(warnings).as(row.file()).singleElement();
      assertThat(warnings.get(0).getReason()).as(row.file()).isEqualTo(row.reason());
    } else {
      assertThat(warnings).as(row.file()).isEmpty();
    }
    if (!row.refused() && row.isIdentity()) {
      assertIndependentlyValid(row, observed.resource(row).path("status"));
    }
  }

  private void assertIndependentlyValid(CorpusRow row, JsonNode status) throws Exception {
    String spiffeId = status.path("spiffeId").asText();
    Secret secret = harness.secret(row.namespace(), status.path("secretName").asText());
    Path dir = IndependentVerifiers.mount(secret, Files.createTempDirectory("corpus-svid"));
    IndependentVerifiers.assertOpensslAccepts(dir, spiffeId);
    IndependentVerifiers.assertJavaSpiffeAccepts(dir, "example.org", spiffeId);
  }

  /** Bad input is permanent: once every condition is set, nothing is retried or re-announced. */
  @Test
  @Order(2)
  void onceSettledTheOperatorWritesNothingWhileIdle() {
    assertThat(idleWrites).as("writes by the operator in an idle window of %s", IDLE).isEmpty();
  }

  @Test
  @Order(3)
  void theGoodSvidsAndTheCaSecretAreUntouched() {
    goodBefore.forEach(
        (good, before) -> {
          String[] id = good.split("/");
          Secret after = harness.secret(id[0], id[1]);
          assertThat(after.getMetadata().getResourceVersion())
              .as(good)
              .isEqualTo(before.getMetadata().getResourceVersion());
          assertThat(after.getData()).as(good).isEqualTo(before.getData());
          assertThat(harness.identity(id[0], id[1]).getStatus().getConditions().get(0).getStatus())
              .isEqualTo(Condition.TRUE);
        });
    Secret ca = harness.secret(OperatorHarness.OPERATOR_NAMESPACE, CA_SECRET);
    assertThat(ca.getMetadata().getResourceVersion())
        .isEqualTo(caBefore.getMetadata().getResourceVersion());
    assertThat(ca.getData()).isEqualTo(caBefore.getData());
  }

  @Test
  @Order(4)
  void newIdentitiesAreStillIssuedAfterTheCorpus() {
    harness.createIdentity("shop", "late", spec -> {});
    harness.createIdentity("payments", "late", spec -> {});

    harness.awaitIdentityReady("shop", "late");
    harness.awaitIdentityReady("payments", "late");
  }

  /** Bad input is answered in conditions, never by an error, a stack trace or a huge log line. */
  @Test
  @Order(5)
  void theOperatorLoggedNoErrorNoStackTraceAndNoHugeLine() {
    List<String> lines = logs.lines();
    assertThat(lines).filteredOn(l -> l.startsWith("ERROR")).isEmpty();
    assertThat(lines).filteredOn(l -> l.contains("\n  ")).isEmpty();
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThan(8192));
  }
}
