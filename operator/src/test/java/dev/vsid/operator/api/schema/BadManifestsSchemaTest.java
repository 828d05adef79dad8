package dev.vsid.operator.api.schema;

import static dev.vsid.operator.api.schema.CrdSchemas.with;
import static dev.vsid.operator.api.schema.CrdSchemas.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.api.schema.CrdSchemas.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed custom resources are refused by the CRD schemas, each for the intended reason: one
 * field changed in a manifest that is otherwise valid, and every violation is on that field.
 */
class BadManifestsSchemaTest {
  static final ObjectNode TRUST_DOMAIN = SchemaFixtures.trustDomain();
  static final ObjectNode IDENTITY = SchemaFixtures.identity();

  private static final String CA = "/spec/ca";
  private static final String ROTATION = CA + "/rotation";
  private static final String SELECTOR = "/spec/bundle/namespaceSelector";
  private static final String EXPRESSION = SELECTOR + "/matchExpressions/0";

  @Test
  void theBaseManifestsAreValid() {
    assertThat(CrdSchemas.validate(TRUST_DOMAIN)).isEmpty();
    assertThat(CrdSchemas.validate(IDENTITY)).isEmpty();
  }

  static Stream<Arguments> badTrustDomains() {
    ObjectNode td = TRUST_DOMAIN;
    return Stream.of(
        refused("no spec", without(td, "/spec"), "/spec", "required"),
        refused(
            "no trust domain", without(td, "/spec/trustDomain"), "/spec/trustDomain", "required"),
        refused(
            "an empty trust domain",
            set(td, "/spec/trustDomain", ""),
            "/spec/trustDomain",
            "minLength"),
        refused(
            "an upper-case trust domain",
            set(td, "/spec/trustDomain", "Example.org"),
            "/spec/trustDomain",
            "pattern"),
        refused(
            "a trust domain with a port",
            set(td, "/spec/trustDomain", "example.org:443"),
            "/spec/trustDomain",
            "pattern"),
        refused(
            "a SPIFFE ID as trust domain",
            set(td, "/spec/trustDomain", "spiffe://example.org"),
            "/spec/trustDomain",
            "pattern"),
        refused(
            "a trust domain of 256 characters",
            set(td, "/spec/trustDomain", "a".repeat(256)),
            "/spec/trustDomain",
            "maxLength"),
        refused(
            "a trust domain that is a number",
            set(td, "/spec/trustDomain", 42),
            "/spec/trustDomain",
            "type"),
        refused("ca that is a string", set(td, CA, "generated"), CA, "type"),
        refused(
            "an unknown CA key type",
            set(td, CA + "/keyType", "DSA1024"),
            CA + "/keyType",
            "pattern"),
        refused(
            "an unsupported curve", set(td, CA + "/keyType", "ECP521"), CA + "/keyType", "pattern"),
        refused("a CA ttl in words", set(td, CA + "/ttl", "1 year"), CA + "/ttl", "pattern"),
        refused("a negative CA ttl", set(td, CA + "/ttl", "-1h"), CA + "/ttl", "pattern"),
        refused("a CA ttl in days", set(td, CA + "/ttl", "365d"), CA + "/ttl", "pattern"),
        refused(
            "a CA ttl of 66 characters",
            set(td, CA + "/ttl", "1h".repeat(33)),
            CA + "/ttl",
            "maxLength"),
        refused("a CA ttl that is a number", set(td, CA + "/ttl", 8760), CA + "/ttl", "type"),
        refused(
            "a CA Secret name with '_'",
            set(td, CA + "/secretName", "org_ca"),
            CA + "/secretName",
            "pattern"),
        refused(
            "a CA Secret name of 254 characters",
            set(td, CA + "/secretName", "a".repeat(254)),
            CA + "/secretName",
            "maxLength"),
        refused(
            "renewBefore in words",
            set(td, ROTATION + "/renewBefore", "soon"),
            ROTATION + "/renewBefore",
            "pattern"),
        refused(
            "propagationDelay that is a number",
            set(td, ROTATION + "/propagationDelay", 15),
            ROTATION + "/propagationDelay",
            "type"),
        refused(
            "a rotation request of 254 characters",
            set(td, ROTATION + "/request", "r".repeat(254)),
            ROTATION + "/request",
            "maxLength"),
        refused(
            "dropOldRoot as text",
            set(td, ROTATION + "/dropOldRoot", "yes"),
            ROTATION + "/dropOldRoot",
            "type"),
        refused(
            "an SVID ttl in days", set(td, "/spec/svid/ttl", "1d"), "/spec/svid/ttl", "pattern"),
        refused(
            "an SVID key type without its family",
            set(td, "/spec/svid/keyType", "P256"),
            "/spec/svid/keyType",
            "pattern"),
        refused(
            "an SVID key type of 8 characters",
            set(td, "/spec/svid/keyType", "RSA20480"),
            "/spec/svid/keyType",
            "pattern"),
        refused(
            "an empty bundle ConfigMap name",
            set(td, "/spec/bundle/configMapName", ""),
            "/spec/bundle/configMapName",
            "minLength"),
        refused(
            "a bundle ConfigMap name with '_'",
            set(td, "/spec/bundle/configMapName", "trust_bundle"),
            "/spec/bundle/configMapName",
            "pattern"),
        refused(
            "a bundle ConfigMap name of 254 characters",
            set(td, "/spec/bundle/configMapName", "b".repeat(254)),
            "/spec/bundle/configMapName",
            "maxLength"),
        refused(
            "a refresh hint in words",
            set(td, "/spec/bundle/refreshHint", "5 minutes"),
            "/spec/bundle/refreshHint",
            "pattern"),
        refused(
            "a selector that is a list", set(td, SELECTOR, List.of("team=shop")), SELECTOR, "type"),
        refused(
            "a label value that is not text",
            set(td, SELECTOR + "/matchLabels/vsid.dev~1bundle", true),
            SELECTOR + "/matchLabels/vsid.dev~1bundle",
            "type"),
        refused(
            "a label value of 64 characters",
            set(td, SELECTOR + "/matchLabels/vsid.dev~1bundle", "v".repeat(64)),
            SELECTOR + "/matchLabels/vsid.dev~1bundle",
            "maxLength"),
        refused(
            "101 matchLabels",
            set(td, SELECTOR + "/matchLabels", labels(101)),
            SELECTOR + "/matchLabels",
            "maxProperties"),
        refused(
            "matchExpressions that is a map",
            set(td, SELECTOR + "/matchExpressions", Map.of("key", "team")),
            SELECTOR + "/matchExpressions",
            "type"),
        refused(
            "101 matchExpressions",
            set(td, SELECTOR + "/matchExpressions", expressions(101)),
            SELECTOR + "/matchExpressions",
            "maxItems"),
        refused(
            "an unknown selector operator",
            set(td, EXPRESSION + "/operator", "Equals"),
            EXPRESSION + "/operator",
            "enum"),
        refused(
            "a lower-case selector operator",
            set(td, EXPRESSION + "/operator", "in"),
            EXPRESSION + "/operator",
            "enum"),
        refused(
            "a requirement without operator",
            without(td, EXPRESSION + "/operator"),
            EXPRESSION + "/operator",
            "required"),
        refused(
            "a requirement without key",
            without(td, EXPRESSION + "/key"),
            EXPRESSION + "/key",
            "required"),
        refused(
            "a requirement with an empty key",
            set(td, EXPRESSION + "/key", ""),
            EXPRESSION + "/key",
            "minLength"),
        refused(
            "a requirement value of 64 characters",
            set(td, EXPRESSION + "/values/0", "v".repeat(64)),
            EXPRESSION + "/values/0",
            "maxLength"),
        refused(
            "requirement values that are text",
            set(td, EXPRESSION + "/values", "shop,payments"),
            EXPRESSION + "/values",
            "type"));
  }

  static Stream<Arguments> badIdentities() {
    ObjectNode wi = IDENTITY;
    String path = "/spec/spiffeIdPath";
    String dns = "/spec/dnsNames";
    return Stream.of(
        refused("no spec", without(wi, "/spec"), "/spec", "required"),
        refused("a spec that is text", set(wi, "/spec", "web"), "/spec", "type"),
        refused(
            "no trust domain", without(wi, "/spec/trustDomain"), "/spec/trustDomain", "required"),
        refused(
            "a SPIFFE name as TrustDomain name",
            set(wi, "/spec/trustDomain", "Example_Org"),
            "/spec/trustDomain",
            "pattern"),
        refused(
            "no service account",
            without(wi, "/spec/serviceAccountName"),
            "/spec/serviceAccountName",
            "required"),
        refused(
            "an empty service account",
            set(wi, "/spec/serviceAccountName", ""),
            "/spec/serviceAccountName",
            "minLength"),
        refused(
            "a service account with '_'",
            set(wi, "/spec/serviceAccountName", "web_sa"),
            "/spec/serviceAccountName",
            "pattern"),
        refused(
            "a service account of 254 characters",
            set(wi, "/spec/serviceAccountName", "s".repeat(254)),
            "/spec/serviceAccountName",
            "maxLength"),
        refused(
            "a service account that is a number",
            set(wi, "/spec/serviceAccountName", 7),
            "/spec/serviceAccountName",
            "type"),
        refused("an empty SPIFFE ID path", set(wi, path, ""), path, "minLength"),
        refused(
            "a relative SPIFFE ID path", set(wi, path, "ns/{namespace}/sa/web"), path, "pattern"),
        refused(
            "a full SPIFFE ID as path",
            set(wi, path, "spiffe://example.org/ns/shop/sa/web"),
            path,
            "pattern"),
        refused(
            "a SPIFFE ID path ending in '/'", set(wi, path, "/ns/{namespace}/"), path, "pattern"),
        refused(
            "a SPIFFE ID path with an empty segment",
            set(wi, path, "/ns/{namespace}//web"),
            path,
            "pattern"),
        refused(
            "a SPIFFE ID path with '..'", set(wi, path, "/ns/{namespace}/../web"), path, "pattern"),
        refused(
            "a SPIFFE ID path with '.'", set(wi, path, "/ns/{namespace}/./web"), path, "pattern"),
        refused(
            "an unknown placeholder",
            set(wi, path, "/ns/{namespace}/team/{owner}"),
            path,
            "pattern"),
        refused("an unclosed placeholder", set(wi, path, "/ns/{namespace"), path, "pattern"),
        refused("a '}' with no '{'", set(wi, path, "/ns/{namespace}/x}"), path, "pattern"),
        refused(
            "a space in the path", set(wi, path, "/ns/{namespace}/sa/web server"), path, "pattern"),
        refused("a percent-encoded path", set(wi, path, "/ns/{namespace}/a%20b"), path, "pattern"),
        // Paths outside /ns/<namespace>/ are the trust domain policy's to refuse, not the schema's.
        refused("a path with an empty segment", set(wi, path, "/ns//{name}"), path, "pattern"),
        refused("a path with a trailing '/'", set(wi, path, "/ns/{namespace}/"), path, "pattern"),
        refused(
            "a path of 2049 characters",
            set(wi, path, "/ns/{namespace}/" + "p".repeat(2033)),
            path,
            "maxLength"),
        refused(
            "an empty Secret name",
            set(wi, "/spec/secretName", ""),
            "/spec/secretName",
            "minLength"),
        refused(
            "a Secret name with capitals",
            set(wi, "/spec/secretName", "Web.Svid"),
            "/spec/secretName",
            "pattern"),
        refused(
            "a Secret name of 254 characters",
            set(wi, "/spec/secretName", "w".repeat(254)),
            "/spec/secretName",
            "maxLength"),
        refused("a ttl in words", set(wi, "/spec/ttl", "forever"), "/spec/ttl", "pattern"),
        refused(
            "a ttl with a forged log line",
            set(wi, "/spec/ttl", "1h\nERROR forged"),
            "/spec/ttl",
            "pattern"),
        refused("a ttl that is a number", set(wi, "/spec/ttl", 24), "/spec/ttl", "type"),
        refused(
            "a ttl of 66 characters",
            set(wi, "/spec/ttl", "1m".repeat(33)),
            "/spec/ttl",
            "maxLength"),
        refused(
            "a key type too weak", set(wi, "/spec/keyType", "RSA1024"), "/spec/keyType", "pattern"),
        refused("an empty key type", set(wi, "/spec/keyType", ""), "/spec/keyType", "pattern"),
        refused("DNS names as one string", set(wi, dns, "web.shop.svc"), dns, "type"),
        refused(
            "an upper-case DNS name", set(wi, dns + "/0", "Web.Shop.svc"), dns + "/0", "pattern"),
        refused("a DNS name with '_'", set(wi, dns + "/0", "web_shop"), dns + "/0", "pattern"),
        refused("an empty DNS name", set(wi, dns + "/0", ""), dns + "/0", "minLength"),
        refused(
            "a DNS name with a 64-character label",
            set(wi, dns + "/0", "a".repeat(64) + ".svc"),
            dns + "/0",
            "pattern"),
        refused(
            "a DNS name with two wildcards",
            set(wi, dns + "/0", "*.*.example.org"),
            dns + "/0",
            "pattern"),
        refused(
            "a DNS name ending in '.'",
            set(wi, dns + "/0", "web.shop.svc."),
            dns + "/0",
            "pattern"),
        refused(
            "a DNS name of 255 characters",
            set(wi, dns + "/0", longDnsName()),
            dns + "/0",
            "maxLength"),
        refused("101 DNS names", set(wi, dns, dnsNames(101)), dns, "maxItems"));
  }

  @ParameterizedTest(name = "a TrustDomain with {0} is refused")
  @MethodSource("badTrustDomains")
  void aMalformedTrustDomainIsRefusedForTheIntendedReason(
      String what, ObjectNode manifest, String field, String keyword) {
    assertRefusedFor(manifest, field, keyword);
  }

  @ParameterizedTest(name = "a WorkloadIdentity with {0} is refused")
  @MethodSource("badIdentities")
  void aMalformedIdentityIsRefusedForTheIntendedReason(
      String what, ObjectNode manifest, String field, String keyword) {
    assertRefusedFor(manifest, field, keyword);
  }

  @Test
  void theTableIsLargeEnoughToMeanSomething() {
    assertThat(badTrustDomains().count() + badIdentities().count()).isGreaterThanOrEqualTo(30);
  }

  private static void assertRefusedFor(ObjectNode manifest, String field, String keyword) {
    List<Violation> violations = CrdSchemas.validate(manifest);
    assertThat(violations)
        .as("violations of %s", manifest)
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v.field()).isEqualTo(field))
        .anySatisfy(v -> assertThat(v.keyword()).isEqualTo(keyword));
  }

  private static Arguments refused(String what, ObjectNode manifest, String field, String keyword) {
    return Arguments.of(what, manifest, field, keyword);
  }

  private static ObjectNode set(ObjectNode manifest, String pointer, Object value) {
    return with(manifest, pointer, value);
  }

  private static Map<String, String> labels(int count) {
    Map<String, String> labels = new java.util.TreeMap<>();
    for (int i = 0; i < count; i++) {
      labels.put("label-" + i, "x");
    }
    return labels;
  }

  private static List<Map<String, String>> expressions(int count) {
    return Collections.nCopies(count, Map.of("key", "team", "operator", "Exists"));
  }

  private static List<String> dnsNames(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("host-" + i + ".shop.svc");
    }
    return names;
  }

  /** Four labels of 63 characters: a well-formed name, too long by two characters. */
  private static String longDnsName() {
    return String.join(".", Collections.nCopies(4, "d".repeat(63)));
  }
}
