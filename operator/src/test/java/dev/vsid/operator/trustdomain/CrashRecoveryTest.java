package dev.vsid.operator.trustdomain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.testing.OperatorHarness;
import dev.vsid.operator.testing.TrustInvariant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Stops the operator between every two of its writes (CA Secret, bundle ConfigMaps, SVID Secrets,
 * statuses), first while a trust domain and an identity are set up, then during a CA rotation, and
 * starts a new one. Each time it must resume from what is stored: no second CA, no lost CA key, no
 * moment in which the SVID fails to verify, and the same end state.
 */
class CrashRecoveryTest {
  private static final List<String[]> IDENTITIES =
      List.of(new String[] {"shop", "web"}, new String[] {"payments", "api"});

  @TestFactory
  Stream<DynamicTest> aCrashBetweenAnyTwoWritesOfTheSetUpIsRecovered() {
    int writes = writesOfSetUp();
    return IntStream.rangeClosed(0, writes)
        .mapToObj(
            n ->
                DynamicTest.dynamicTest(
                    "stopped after write " + n + " of " + writes, () -> setUpWithCrash(n)));
  }

  @TestFactory
  Stream<DynamicTest> aCrashBetweenAnyTwoWritesOfARotationIsRecovered() {
    int writes = writesOfRotation();
    return IntStream.rangeClosed(0, writes)
        .mapToObj(
            n ->
                DynamicTest.dynamicTest(
                    "stopped after write " + n + " of " + writes, () -> rotationWithCrash(n)));
  }

  private static int writesOfSetUp() {
    try (OperatorHarness harness = new OperatorHarness()) {
      int before = operatorWrites(harness).size();
      setUp(harness);
      awaitSettled(harness);
      return operatorWrites(harness).size() - before;
    }
  }

  private static int writesOfRotation() {
    try (OperatorHarness harness = new OperatorHarness()) {
      setUp(harness);
      awaitSettled(harness);
      String old = harness.trustDomain("example").getStatus().getCa().getFingerprint();
      int before = operatorWrites(harness).size();
      harness.clock().advance(Duration.ofMinutes(61));
      awaitRotated(harness, old);
      return operatorWrites(harness).size() - before;
    }
  }

  private static void setUpWithCrash(int n) throws Exception {
    try (OperatorHarness harness = new OperatorHarness()) {
      harness.cluster().crashAfterWrites(harness.operatorAgent(), n);
      setUp(harness);
      restartWhenCrashed(harness, () -> settled(harness));
      awaitSettled(harness);
      try (TrustInvariant invariant = new TrustInvariant(harness, IDENTITIES, "example")) {
        Thread.sleep(200);
        assertThat(invariant.check()).isEmpty();
        assertThat(invariant.caFingerprints()).as("one CA, never a second").hasSize(1);
      }
      assertThat(
              harness
                  .client()
                  .secrets()
                  .inNamespace(OperatorHarness.OPERATOR_NAMESPACE)
                  .list()
                  .getItems())
          .as("one CA Secret")
          .hasSize(1);
    }
  }

  private static void rotationWithCrash(int n) throws Exception {
    try (OperatorHarness harness = new OperatorHarness()) {
      setUp(harness);
      awaitSettled(harness);
      String old = harness.trustDomain("example").getStatus().getCa().getFingerprint();
      try (TrustInvariant invariant = new TrustInvariant(harness, IDENTITIES, "example")) {
        harness.cluster().crashAfterWrites(harness.operatorAgent(), n);
        harness.clock().advance(Duration.ofMinutes(61));
        restartWhenCrashed(harness, () -> rotated(harness, old));
        awaitRotated(harness, old);
        invariant.close();
        assertThat(invariant.violations()).as("trust gaps").isEmpty();
        assertThat(invariant.caFingerprints())
            .as("the old CA and exactly one new one")
            .hasSize(2)
            .contains(old);
      }
    }
  }

  /** Waits until the crash happened (or the work finished first), then starts a new operator. */
  private static void restartWhenCrashed(OperatorHarness harness, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!harness.cluster().crashed() && !done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    if (harness.cluster().crashed()) {
      Thread.sleep(100);
      harness.stopOperator();
      harness.startOperator();
    }
  }

  private static void setUp(OperatorHarness harness) {
    harness.createTrustDomain("example", CrashRecoveryTest::spec);
    for (String[] id : IDENTITIES) {
      harness.createIdentity(id[0], id[1], spec -> {});
    }
  }

  private static void spec(TrustDomainSpec spec) {
    spec.setTrustDomain("example.org");
    CaSpec ca = new CaSpec();
    ca.setTtl("720h");
    CaRotationSpec rotation = new CaRotationSpec();
    rotation.setRenewBefore("719h");
    rotation.setPropagationDelay("1s");
    ca.setRotation(rotation);
    spec.setCa(ca);
  }

  private static void awaitSettled(OperatorHarness harness) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> settled(harness));
    quiet(harness);
  }

  private static boolean settled(OperatorHarness harness) {
    TrustDomain td = harness.trustDomain("example");
    if (td == null
        || td.getStatus() == null
        || !Conditions.isTrue(td.getStatus().getConditions(), Condition.READY)
        || !Conditions.isTrue(td.getStatus().getConditions(), Condition.BUNDLES_IN_SYNC)
        || td.getStatus().getRotation() == null
        || !"Stable".equals(td.getStatus().getRotation().getPhase())) {
      return false;
    }
    return identitiesReady(harness);
  }

  private static boolean identitiesReady(OperatorHarness harness) {
    for (String[] id : IDENTITIES) {
      var wi = harness.identity(id[0], id[1]);
      if (wi == null
          || wi.getStatus() == null
          || !Conditions.isTrue(wi.getStatus().getConditions(), Condition.READY)) {
        return false;
      }
    }
    return true;
  }

  private static void awaitRotated(OperatorHarness harness, String oldCa) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> rotated(harness, oldCa));
    quiet(harness);
  }

  private static boolean rotated(OperatorHarness harness, String oldCa) {
    TrustDomain td = harness.trustDomain("example");
    return td.getStatus() != null
        && td.getStatus().getCa() != null
        && !oldCa.equals(td.getStatus().getCa().getFingerprint())
        && settled(harness);
  }

  /** Waits until the operator has made no write for half a second. */
  private static void quiet(OperatorHarness harness) {
    List<Integer> counts = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(150))
        .until(
            () -> {
              counts.add(operatorWrites(harness).size());
              int size = counts.size();
              return size >= 3
                  && counts.get(size - 1).equals(counts.get(size - 2))
                  && counts.get(size - 2).equals(counts.get(size - 3));
            });
  }

  private static List<String> operatorWrites(OperatorHarness harness) {
    return harness
        .cluster()
        .writes(r -> !r.contains("/events") && !r.contains("/namespaces?") && !isTestWrite(r));
  }

  /** Writes the test itself makes: creating the TrustDomain and the identities. */
  private static boolean isTestWrite(String request) {
    return request.startsWith("POST /apis/vsid.dev/v1alpha1/trustdomains ")
        || request.equals("POST /apis/vsid.dev/v1alpha1/trustdomains")
        || request.matches("POST /apis/vsid.dev/v1alpha1/namespaces/[^/]+/workloadidentities");
  }
}
