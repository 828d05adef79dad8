package dev.vsid.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vsid.operator.api.v1alpha1.IdentityPolicySpec;
import dev.vsid.operator.api.v1alpha1.PolicyRule;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityPolicyTest {
  private static final Requester SHOP_WEB =
      new Requester("shop", Map.of("team", "retail"), "web", "web-id", "example.org");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/ns/shop, true",
    "/ns/shop/sa/web, true",
    "/ns/shop/a/b/c/d, true",
    "/ns/shopping/sa/web, false",
    "/ns/shop2, false",
    "/ns/payments/sa/web, false",
    "/ns, false",
    "/team/shop, false",
  })
  void byDefaultANamespaceMayClaimOnlyPathsUnderItsOwnNamespace(String path, boolean allowed)
      throws Exception {
    assertThat(IdentityPolicy.of(null).allowsPath(path, SHOP_WEB)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "web.shop.svc, true",
    "*.shop.svc, true",
    "web.shop.svc.cluster.local, true",
    "web.payments.svc, false",
    "shop.svc, false",
    "a.web.shop.svc, false",
    "www.bank.example, false",
    "web.shop.svc.evil.example, false",
  })
  void byDefaultDnsNamesAreTheNamespacesServiceNames(String name, boolean allowed)
      throws Exception {
    IdentityPolicy policy = IdentityPolicy.of(null);
    if (allowed) {
      assertThatCode(() -> policy.checkDnsNames(List.of(name), SHOP_WEB))
          .doesNotThrowAnyException();
    } else {
      BadInputException e =
          catchThrowableOfType(
              BadInputException.class, () -> policy.checkDnsNames(List.of(name), SHOP_WEB));
      assertThat(e.reason()).isEqualTo(Reasons.DNS_NAME_NOT_ALLOWED);
      assertThat(e.getMessage())
          .contains(name)
          .contains("*.shop.svc")
          .contains("spec.policy.dnsNames");
    }
  }

  @ParameterizedTest(name = "{0} allows {1}: {2}")
  @CsvSource({
    "/team/{namespace}/*, /team/shop/db, true",
    "/team/{namespace}/*, /team/shop/db/replica, false",
    "/team/{namespace}/*, /team/payments/db, false",
    "/shared/db-*, /shared/db-main, true",
    "/shared/db-*, /shared/cache, false",
    "/svc/{serviceAccount}, /svc/web, true",
    "/svc/{serviceAccount}, /svc/api, false",
    "/wid/{name}, /wid/web-id, true",
    "/{trustDomain}/x, /example.org/x, true",
    "/**, /anything/at/all, true",
    "/a/**, /a, true",
    "/a/**, /ab, false",
    "/*/x/**, /q/x/y/z, true",
  })
  void pathPatternsExpandPlaceholdersAndStars(String pattern, String path, boolean allowed)
      throws Exception {
    assertThat(policy(List.of(pattern), null).allowsPath(path, SHOP_WEB)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} allows {1}: {2}")
  @CsvSource({
    "**.shop.example.com, a.shop.example.com, true",
    "**.shop.example.com, a.b.shop.example.com, true",
    "**.shop.example.com, *.shop.example.com, true",
    "**.shop.example.com, shop.example.com, false",
    "web-*.example.com, web-1.example.com, true",
    "web-*.example.com, *.example.com, false",
    "{serviceAccount}.{namespace}.internal, web.shop.internal, true",
    "{serviceAccount}.{namespace}.internal, api.shop.internal, false",
  })
  void dnsPatternsExpandPlaceholdersAndStars(String pattern, String name, boolean allowed)
      throws Exception {
    IdentityPolicy policy = policy(null, List.of(pattern));
    boolean passed;
    try {
      policy.checkDnsNames(List.of(name), SHOP_WEB);
      passed = true;
    } catch (BadInputException e) {
      passed = false;
    }
    assertThat(passed).isEqualTo(allowed);
  }

  @Test
  void anEmptyDnsNameListAllowsNoDnsNames() throws Exception {
    IdentityPolicy policy = policy(null, List.of());
    BadInputException e =
        catchThrowableOfType(
            BadInputException.class, () -> policy.checkDnsNames(List.of("web.shop.svc"), SHOP_WEB));
    assertThat(e.getMessage()).contains("allows no names here");
    assertThatCode(() -> policy.checkDnsNames(List.of(), SHOP_WEB)).doesNotThrowAnyException();
  }

  @Test
  void anAllowanceGrantedToLabelledNamespacesDoesNotReachOthers() throws Exception {
    PolicyRule shared = new PolicyRule("/shared/*");
    shared.setNamespaceSelector(
        new LabelSelectorBuilder().addToMatchLabels("shared", "yes").build());
    IdentityPolicySpec spec = new IdentityPolicySpec();
    spec.setSpiffeIdPaths(List.of(new PolicyRule(IdentityPolicy.DEFAULT_PATH), shared));
    IdentityPolicy policy = IdentityPolicy.of(spec);
    Requester labelled = new Requester("edge", Map.of("shared", "yes"), "gw", "gw", "example.org");

    assertThat(policy.allowsPath("/shared/gateway", labelled)).isTrue();
    assertThat(policy.allowsPath("/shared/gateway", SHOP_WEB)).isFalse();
    BadInputException e =
        catchThrowableOfType(
            BadInputException.class, () -> policy.checkPath("/shared/gateway", SHOP_WEB));
    assertThat(e.reason()).isEqualTo(Reasons.SPIFFE_ID_NOT_ALLOWED);
    assertThat(e.getMessage()).contains("\"/ns/shop/**\"").doesNotContain("/shared/*");
  }

  @Test
  void aNamespaceOutsideTheSelectorMayNotRequestAnything() throws Exception {
    IdentityPolicySpec spec = new IdentityPolicySpec();
    spec.setNamespaceSelector(
        new LabelSelectorBuilder().addToMatchLabels("vsid.dev/identities", "allowed").build());
    IdentityPolicy policy = IdentityPolicy.of(spec);

    BadInputException e =
        catchThrowableOfType(BadInputException.class, () -> policy.checkNamespace(SHOP_WEB));
    assertThat(e.reason()).isEqualTo(Reasons.NAMESPACE_NOT_ALLOWED);
    assertThat(e.getMessage()).contains("namespace shop").contains("namespaceSelector");
    assertThat(policy.allowsPath("/ns/shop/sa/web", SHOP_WEB)).isFalse();
  }

  @Test
  void aLifetimeAboveMaxTtlIsRefusedNamingWhereItCameFrom() throws Exception {
    IdentityPolicySpec spec = new IdentityPolicySpec();
    spec.setMaxTtl("24h");
    IdentityPolicy policy = IdentityPolicy.of(spec);

    assertThatCode(() -> policy.checkTtl(Duration.ofHours(24), "spec.ttl"))
        .doesNotThrowAnyException();
    BadInputException e =
        catchThrowableOfType(
            BadInputException.class,
            () -> policy.checkTtl(Duration.ofHours(48), "the TrustDomain's spec.svid.ttl"));
    assertThat(e.reason()).isEqualTo(Reasons.TTL_NOT_ALLOWED);
    assertThat(e.getMessage()).startsWith("the TrustDomain's spec.svid.ttl").contains("24h");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ns/{namespace}/** | must start with",
        "/ns/{ns}/** | unknown placeholder",
        "/ns/{namespace | with no",
        "/ns//x | empty segment",
        "/ns/**/x | only as its last segment",
        "/ns/../x | segment",
        "/ns/a b | may hold only",
      })
  void aMalformedPathPatternMakesThePolicyInvalid(String pattern, String problem) {
    BadInputException e =
        catchThrowableOfType(BadInputException.class, () -> policy(List.of(pattern), null));
    assertThat(e.reason()).isEqualTo(Reasons.INVALID_POLICY);
    assertThat(e.getMessage()).startsWith("spec.policy.spiffeIdPaths[0].pattern").contains(problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Web.{namespace}.svc | lowercase",
        "a..b | empty label",
        "a.**.b | first label",
        "{x}.svc | unknown placeholder",
      })
  void aMalformedDnsPatternMakesThePolicyInvalid(String pattern, String problem) {
    BadInputException e =
        catchThrowableOfType(BadInputException.class, () -> policy(null, List.of(pattern)));
    assertThat(e.reason()).isEqualTo(Reasons.INVALID_POLICY);
    assertThat(e.getMessage()).startsWith("spec.policy.dnsNames[0].pattern").contains(problem);
  }

  @Test
  void aBadLabelKeyOrMaxTtlMakesThePolicyInvalid() {
    IdentityPolicySpec badKey = new IdentityPolicySpec();
    badKey.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("a b", "c").build());
    IdentityPolicySpec badTtl = new IdentityPolicySpec();
    badTtl.setMaxTtl("forever");

    assertThat(catchThrowableOfType(BadInputException.class, () -> IdentityPolicy.of(badKey)))
        .hasMessageContaining("spec.policy.namespaceSelector.matchLabels")
        .extracting(BadInputException::reason)
        .isEqualTo(Reasons.INVALID_POLICY);
    assertThat(catchThrowableOfType(BadInputException.class, () -> IdentityPolicy.of(badTtl)))
        .hasMessageContaining("spec.policy.maxTtl");
  }

  @Test
  void placeholderValuesHoldingStarsOrSlashesWidenNothing() throws Exception {
    IdentityPolicy policy = policy(List.of("/wid/{name}"), null);
    Requester starred = new Requester("shop", Map.of(), "web", "*", "example.org");

    assertThat(policy.allowsPath("/wid/anything", starred)).isFalse();
  }

  @Test
  @Timeout(5)
  void aPatternFullOfStarsCannotStallMatching() throws Exception {
    String stars = "*a".repeat(60) + "*b";
    IdentityPolicy policy = policy(List.of("/" + stars), null);

    assertThat(policy.allowsPath("/" + "a".repeat(2000), SHOP_WEB)).isFalse();
  }

  private static IdentityPolicy policy(List<String> paths, List<String> dnsNames)
      throws BadInputException {
    IdentityPolicySpec spec = new IdentityPolicySpec();
    if (paths != null) {
      spec.setSpiffeIdPaths(paths.stream().map(PolicyRule::new).toList());
    }
    if (dnsNames != null) {
      spec.setDnsNames(dnsNames.stream().map(PolicyRule::new).toList());
    }
    return IdentityPolicy.of(spec);
  }
}
