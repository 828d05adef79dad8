package dev.vsid.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.kube.ApiClients;
import dev.vsid.operator.kube.SecretNames;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.testing.FuzzTally;
import dev.vsid.operator.testing.KnownReasons;
import dev.vsid.operator.testing.SpecFuzzer;
import dev.vsid.operator.trustdomain.TrustDomainSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.spiffe.spiffeid.SpiffeId;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Randomly mutated WorkloadIdentity specs, read by the model's deserializer and judged by the
 * resolver, either resolve to an SVID request that independent checks accept or are refused with a
 * known reason and a message; nothing else escapes. Seed: {@link SpecFuzzer#SEED_PROPERTY}.
 */
class IdentitySpecFuzzTest {
  private static final int MUTATIONS = Integer.getInteger("vsid.fuzz.mutations", 2000);
  private static final Duration MINIMUM_TTL = Duration.ofMinutes(10);
  private static final KubernetesSerialization SERIALIZATION = ApiClients.serialization();
  private static final CertificateAuthority CA =
      CertificateAuthority.generateRoot(
          new TrustDomainName("example.org"),
          KeyType.EC_P256,
          Duration.ofDays(30),
          Clock.systemUTC());

  private final DesiredSvidResolver resolver = new DesiredSvidResolver(MINIMUM_TTL, "vsid-system");

  @Test
  void everyMutatedSpecIsResolvedOrRefusedWithAKnownReason() throws Exception {
    long seed = SpecFuzzer.seed();
    SpecFuzzer fuzzer = new SpecFuzzer(seed);
    FuzzTally tally = new FuzzTally("WorkloadIdentity spec fuzz (unit)", seed);
    TrustDomainSettings td = TrustDomainSettings.of(trustDomain());
    ObjectNode valid =
        (ObjectNode)
            new ObjectMapper()
                .readTree(
                    "{\"trustDomain\":\"example\",\"serviceAccountName\":\"web\",\"ttl\":\"1h\","
                        + "\"spiffeIdPath\":\"/ns/{namespace}/sa/{serviceAccount}\","
                        + "\"secretName\":\"web-svid\",\"keyType\":\"ECP256\","
                        + "\"dnsNames\":[\"web.shop.svc\"]}");
    for (int i = 0; i < MUTATIONS; i++) {
      String spec = fuzzer.mutate(valid, 1500);
      String where = "seed " + seed + ", mutation " + i + ": " + cut(spec);
      tally.count(judge(spec, td, where));
    }
    tally.report();
    assertThat(tally.outcomes()).containsKey("Resolved").hasSizeGreaterThan(5);
  }

  private String judge(String spec, TrustDomainSettings td, String where) {
    WorkloadIdentity wi;
    try {
      wi = SERIALIZATION.unmarshal(identity(spec), WorkloadIdentity.class);
    } catch (RuntimeException e) {
      return fail("the model could not read the identity (%s): %s", e, where);
    }
    try {
      DesiredSvid desired = resolver.resolve(wi, td, CA, java.util.Map.of());
      assertResolvedIsSound(desired, where);
      return "Resolved";
    } catch (BadInputException e) {
      assertThat(KnownReasons.all()).as(where).contains(e.reason());
      assertThat(e.getMessage()).as(where).isNotBlank().doesNotContain("\n", "\r");
      return e.reason();
    } catch (RuntimeException e) {
      return fail("the resolver threw %s: %s", e, where);
    }
  }

  /** What the resolver accepts, judged by java-spiffe and the Kubernetes name rules. */
  private static void assertResolvedIsSound(DesiredSvid desired, String where) {
    SpiffeId id = SpiffeId.parse(desired.spiffeId().toString());
    assertThat(id.getTrustDomain().getName()).as(where).isEqualTo("example.org");
    assertThat(id.getPath()).as(where).startsWith("/ns/shop/");
    assertThat(SecretNames.isValidName(desired.secretName())).as(where).isTrue();
    assertThat(desired.ttl()).as(where).isGreaterThanOrEqualTo(MINIMUM_TTL);
    assertThat(desired.dnsNames()).as(where).hasSizeLessThanOrEqualTo(100);
    for (String name : desired.dnsNames()) {
      assertThat(name)
          .as(where)
          .matches("(\\*\\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?")
          .hasSizeLessThan(254);
    }
  }

  private static String identity(String spec) {
    return "{\"apiVersion\":\"vsid.dev/v1alpha1\",\"kind\":\"WorkloadIdentity\","
        + "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},\"spec\":"
        + spec
        + "}";
  }

  private static TrustDomain trustDomain() {
    TrustDomain td = new TrustDomain();
    td.setMetadata(new ObjectMetaBuilder().withName("example").build());
    td.setSpec(new dev.vsid.operator.api.v1alpha1.TrustDomainSpec());
    td.getSpec().setTrustDomain("example.org");
    return td;
  }

  private static String cut(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + ")";
  }
}
