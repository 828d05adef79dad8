package dev.vsid.operator.trustdomain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.distribution.BundleSettings;
import dev.vsid.operator.kube.ApiClients;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.testing.FuzzTally;
import dev.vsid.operator.testing.KnownReasons;
import dev.vsid.operator.testing.SpecFuzzer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/**
 * Randomly mutated TrustDomain specs, read by the model's deserializer, are either accepted (a
 * trust domain name java-spiffe accepts, CA settings that are usable) or refused with a known
 * reason and a message; nothing else escapes. Seed: {@link SpecFuzzer#SEED_PROPERTY}.
 */
class TrustDomainSpecFuzzTest {
  private static final int MUTATIONS = Integer.getInteger("vsid.fuzz.mutations", 2000);
  private static final KubernetesSerialization SERIALIZATION = ApiClients.serialization();
  private static final String VALID =
      "{\"trustDomain\":\"example.org\",\"ca\":{\"keyType\":\"ECP256\",\"ttl\":\"8760h\","
          + "\"rotation\":{\"renewBefore\":\"720h\",\"propagationDelay\":\"15m\","
          + "\"request\":\"r1\",\"dropOldRoot\":false}},"
          + "\"svid\":{\"ttl\":\"24h\",\"keyType\":\"ECP256\"},"
          + "\"bundle\":{\"configMapName\":\"trust-bundle\",\"refreshHint\":\"5m\","
          + "\"namespaceSelector\":{\"matchLabels\":{\"team\":\"shop\"},"
          + "\"matchExpressions\":[{\"key\":\"env\",\"operator\":\"In\",\"values\":[\"prod\"]}]}}}";

  @Test
  void everyMutatedSpecIsAcceptedOrRefusedWithAKnownReason() throws Exception {
    long seed = SpecFuzzer.seed();
    SpecFuzzer fuzzer = new SpecFuzzer(seed);
    FuzzTally tally = new FuzzTally("TrustDomain spec fuzz (unit)", seed);
    ObjectNode valid = (ObjectNode) new ObjectMapper().readTree(VALID);
    for (int i = 0; i < MUTATIONS; i++) {
      String spec = fuzzer.mutate(valid, 1500);
      String where = "seed " + seed + ", mutation " + i + ": " + cut(spec);
      tally.count(judge(spec, where));
    }
    tally.report();
    assertThat(tally.outcomes()).containsKey("Accepted").hasSizeGreaterThan(5);
  }

  private static String judge(String spec, String where) {
    TrustDomain td;
    try {
      td = SERIALIZATION.unmarshal(trustDomain(spec), TrustDomain.class);
    } catch (RuntimeException e) {
      return fail("the model could not read the TrustDomain (%s): %s", e, where);
    }
    try {
      TrustDomainSettings settings = TrustDomainSettings.of(td);
      settings.requireValidDefaults();
      BundleSettings.of(td);
      io.spiffe.spiffeid.TrustDomain.parse(settings.trustDomain().name());
      assertThat(settings.caTtl()).as(where).isPositive();
      assertThat(settings.renewBefore(settings.caTtl())).as(where).isLessThan(settings.caTtl());
      return "Accepted";
    } catch (BadInputException e) {
      assertThat(KnownReasons.all()).as(where).contains(e.reason());
      assertThat(e.getMessage()).as(where).isNotBlank().doesNotContain("\n", "\r");
      return e.reason();
    } catch (RuntimeException e) {
      return fail("checking the settings threw %s: %s", e, where);
    }
  }

  private static String trustDomain(String spec) {
    return "{\"apiVersion\":\"vsid.dev/v1alpha1\",\"kind\":\"TrustDomain\","
        + "\"metadata\":{\"name\":\"example\"},\"spec\":"
        + spec
        + "}";
  }

  private static String cut(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + ")";
  }
}
