package dev.vsid.benchmarks;

import dev.vsid.operator.api.v1alpha1.IdentityPolicySpec;
import dev.vsid.operator.api.v1alpha1.PolicyRule;
import dev.vsid.operator.policy.IdentityPolicy;
import dev.vsid.operator.policy.Requester;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a TrustDomain policy in one identity's reconcile: reading the policy from the spec
 * (done on every reconcile), and checking an identity's SPIFFE ID path and DNS names, with the
 * default policy and with 100 path and 100 DNS rules each granted by a namespace selector. Also the
 * worst pattern matching can meet: 60 stars against a 2,000-character segment.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PolicyBenchmark {
  private static final Requester SHOP_WEB =
      new Requester("shop", Map.of("team", "retail"), "web", "web", "example.org");
  private static final List<String> DNS = List.of("web.shop.svc", "web.shop.svc.cluster.local");

  private IdentityPolicySpec largeSpec;
  private IdentityPolicy defaults;
  private IdentityPolicy large;
  private IdentityPolicy stars;
  private String longPath;

  @Setup
  public void setUp() throws Exception {
    largeSpec = new IdentityPolicySpec();
    List<PolicyRule> paths = new ArrayList<>();
    List<PolicyRule> names = new ArrayList<>();
    for (int i = 0; i < 99; i++) {
      PolicyRule path = new PolicyRule("/team-" + i + "/{namespace}/*");
      path.setNamespaceSelector(
          new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
              .addToMatchLabels("team", "t" + i)
              .build());
      paths.add(path);
      PolicyRule name = new PolicyRule("*.team-" + i + ".example.com");
      name.setNamespaceSelector(path.getNamespaceSelector());
      names.add(name);
    }
    paths.add(new PolicyRule(IdentityPolicy.DEFAULT_PATH));
    IdentityPolicy.DEFAULT_DNS_NAMES.forEach(p -> names.add(new PolicyRule(p)));
    largeSpec.setSpiffeIdPaths(paths);
    largeSpec.setDnsNames(names);
    defaults = IdentityPolicy.of(null);
    large = IdentityPolicy.of(largeSpec);
    IdentityPolicySpec starSpec = new IdentityPolicySpec();
    starSpec.setSpiffeIdPaths(List.of(new PolicyRule("/" + "*a".repeat(60) + "*b")));
    stars = IdentityPolicy.of(starSpec);
    longPath = "/" + "a".repeat(2000);
  }

  @Benchmark
  public boolean defaultPolicyReadAndChecked() throws Exception {
    IdentityPolicy policy = IdentityPolicy.of(null);
    policy.checkDnsNames(DNS, SHOP_WEB);
    return policy.allowsPath("/ns/shop/sa/web", SHOP_WEB);
  }

  @Benchmark
  public boolean defaultPolicyChecked() throws Exception {
    defaults.checkDnsNames(DNS, SHOP_WEB);
    return defaults.allowsPath("/ns/shop/sa/web", SHOP_WEB);
  }

  @Benchmark
  public IdentityPolicy largePolicyRead() throws Exception {
    return IdentityPolicy.of(largeSpec);
  }

  @Benchmark
  public boolean largePolicyChecked() throws Exception {
    large.checkDnsNames(DNS, SHOP_WEB);
    return large.allowsPath("/ns/shop/sa/web", SHOP_WEB);
  }

  @Benchmark
  public boolean sixtyStarsAgainstTwoThousandCharacters() {
    return stars.allowsPath(longPath, SHOP_WEB);
  }
}
