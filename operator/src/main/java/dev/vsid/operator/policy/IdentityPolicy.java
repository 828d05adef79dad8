package dev.vsid.operator.policy;

import dev.vsid.operator.api.v1alpha1.IdentityPolicySpec;
import dev.vsid.operator.api.v1alpha1.PolicyRule;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.distribution.NamespaceSelection;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a trust domain lets WorkloadIdentities ask for: which namespaces may ask, which SPIFFE ID
 * paths and DNS names each may claim, and the longest SVID lifetime. Built from a TrustDomain's
 * {@code spec.policy}; the defaults keep each namespace to its own IDs and service names.
 */
public final class IdentityPolicy {
  /** Every namespace's own IDs: the path /ns/<namespace> and everything under it. */
  public static final String DEFAULT_PATH = "/ns/{namespace}/**";

  /** The names of every service in the namespace, short and fully qualified. */
  public static final List<String> DEFAULT_DNS_NAMES =
      List.of("*.{namespace}.svc", "*.{namespace}.svc.cluster.local");

  private static final String FIELD = "spec.policy";
  private static final int SHOWN_ALLOWANCES = 5;

  private final NamespaceSelection namespaces;
  private final List<Rule<PathPattern>> paths;
  private final List<Rule<DnsNamePattern>> dnsNames;
  private final Optional<Duration> maxTtl;

  private record Rule<P>(P pattern, NamespaceSelection namespaces) {}

  private IdentityPolicy(
      NamespaceSelection namespaces,
      List<Rule<PathPattern>> paths,
      List<Rule<DnsNamePattern>> dnsNames,
      Optional<Duration> maxTtl) {
    this.namespaces = namespaces;
    this.paths = paths;
    this.dnsNames = dnsNames;
    this.maxTtl = maxTtl;
  }

  /**
   * Reads a policy; null gives the defaults.
   *
   * @throws BadInputException with reason InvalidPolicy, naming the field to fix
   */
  public static IdentityPolicy of(IdentityPolicySpec spec) throws BadInputException {
    IdentityPolicySpec s = spec == null ? new IdentityPolicySpec() : spec;
    NamespaceSelection namespaces =
        NamespaceSelection.of(
            s.getNamespaceSelector(), FIELD + ".namespaceSelector", Reasons.INVALID_POLICY);
    List<PolicyRule> pathRules =
        s.getSpiffeIdPaths() == null ? List.of(new PolicyRule(DEFAULT_PATH)) : s.getSpiffeIdPaths();
    List<PolicyRule> dnsRules =
        s.getDnsNames() == null
            ? DEFAULT_DNS_NAMES.stream().map(PolicyRule::new).toList()
            : s.getDnsNames();
    return new IdentityPolicy(
        namespaces,
        rules(pathRules, FIELD + ".spiffeIdPaths", PathPattern::parse),
        rules(dnsRules, FIELD + ".dnsNames", DnsNamePattern::parse),
        maxTtl(s.getMaxTtl()));
  }

  private static <P> List<Rule<P>> rules(
      List<PolicyRule> specs, String field, Function<String, P> parser) throws BadInputException {
    List<Rule<P>> rules = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      PolicyRule rule = specs.get(i);
      String at = field + "[" + i + "]";
      if (rule == null || rule.getPattern() == null || rule.getPattern().isEmpty()) {
        throw new BadInputException(Reasons.INVALID_POLICY, at + ".pattern is missing");
      }
      P pattern;
      try {
        pattern = parser.apply(rule.getPattern());
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            Reasons.INVALID_POLICY,
            at + ".pattern " + Text.quote(rule.getPattern()) + " " + e.getMessage());
      }
      NamespaceSelection where =
          NamespaceSelection.of(
              rule.getNamespaceSelector(), at + ".namespaceSelector", Reasons.INVALID_POLICY);
      rules.add(new Rule<>(pattern, where));
    }
    return List.copyOf(rules);
  }

  private static Optional<Duration> maxTtl(String value) throws BadInputException {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Durations.parse(value));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(Reasons.INVALID_POLICY, FIELD + ".maxTtl: " + e.getMessage());
    }
  }

  /** Refuses a namespace the policy does not let request identities. */
  public void checkNamespace(Requester who) throws BadInputException {
    if (!namespaces.matches(who.namespaceLabels())) {
      throw new BadInputException(
          Reasons.NAMESPACE_NOT_ALLOWED,
          "namespace "
              + who.namespace()
              + " may not request identities of trust domain "
              + who.trustDomain()
              + ": its labels do not match the TrustDomain's spec.policy.namespaceSelector; ask an"
              + " administrator to label the namespace or widen the selector");
    }
  }

  /**
   * The SPIFFE ID path of the certificate the operator's bundle endpoint presents under
   * https_spiffe. No workload may hold it, whatever the policy says: federated peers trust whoever
   * presents it to hand out the trust domain's roots.
   */
  public static final String BUNDLE_ENDPOINT_PATH = "/vsid/bundle-endpoint";

  /** Whether {@code path} is one the requester may claim. */
  public boolean allowsPath(String path, Requester who) {
    if (BUNDLE_ENDPOINT_PATH.equals(path)) {
      return false;
    }
    if (!hasPlainValues(who) || !namespaces.matches(who.namespaceLabels())) {
      return false;
    }
    for (Rule<PathPattern> rule : applicable(paths, who)) {
      if (rule.pattern().matches(path, who.placeholders())) {
        return true;
      }
    }
    return false;
  }

  /** Refuses a SPIFFE ID path the requester may not claim, listing what it may. */
  public void checkPath(String path, Requester who) throws BadInputException {
    if (BUNDLE_ENDPOINT_PATH.equals(path)) {
      throw new BadInputException(
          Reasons.SPIFFE_ID_RESERVED,
          "spec.spiffeIdPath renders to "
              + Text.quote(path)
              + ", the SPIFFE ID of the operator's bundle endpoint, which no workload may hold;"
              + " choose another path");
    }
    if (allowsPath(path, who)) {
      return;
    }
    throw new BadInputException(
        Reasons.SPIFFE_ID_NOT_ALLOWED,
        "spec.spiffeIdPath renders to "
            + Text.quote(path)
            + ", which this namespace may not claim; "
            + allowed(paths, who, r -> r.pattern().describe(who.placeholders()), "paths")
            + ". Choose a path there, or ask an administrator to extend the TrustDomain's"
            + " spec.policy.spiffeIdPaths");
  }

  /** Refuses the first DNS name the requester may not put in its SVID. */
  public void checkDnsNames(List<String> names, Requester who) throws BadInputException {
    List<Rule<DnsNamePattern>> usable = hasPlainValues(who) ? applicable(dnsNames, who) : List.of();
    for (String name : names) {
      if (usable.stream().noneMatch(r -> r.pattern().matches(name, who.placeholders()))) {
        throw new BadInputException(
            Reasons.DNS_NAME_NOT_ALLOWED,
            "spec.dnsNames entry "
                + Text.quote(name)
                + " is not allowed in this namespace; "
                + allowed(dnsNames, who, r -> r.pattern().describe(who.placeholders()), "names")
                + ". Remove it, or ask an administrator to extend the TrustDomain's"
                + " spec.policy.dnsNames");
      }
    }
  }

  /** Refuses a lifetime longer than the policy's maxTtl. */
  public void checkTtl(Duration ttl, String field) throws BadInputException {
    if (maxTtl.isPresent() && ttl.compareTo(maxTtl.get()) > 0) {
      throw new BadInputException(
          Reasons.TTL_NOT_ALLOWED,
          field
              + " asks for an SVID lifetime of "
              + Durations.format(ttl)
              + ", longer than the TrustDomain's spec.policy.maxTtl of "
              + Durations.format(maxTtl.get())
              + "; set spec.ttl to at most that");
    }
  }

  private static <P> List<Rule<P>> applicable(List<Rule<P>> rules, Requester who) {
    return rules.stream().filter(r -> r.namespaces().matches(who.namespaceLabels())).toList();
  }

  private static <P> String allowed(
      List<Rule<P>> rules, Requester who, Function<Rule<P>, String> describe, String what) {
    List<Rule<P>> here = applicable(rules, who);
    if (here.isEmpty()) {
      return "the TrustDomain's policy allows no " + what + " here";
    }
    List<String> shown =
        here.stream().limit(SHOWN_ALLOWANCES).map(describe).map(Text::quote).toList();
    String more =
        here.size() > SHOWN_ALLOWANCES ? " and " + (here.size() - SHOWN_ALLOWANCES) + " more" : "";
    return "allowed here: " + String.join(", ", shown) + more;
  }

  /**
   * Placeholder values are names the API server has checked; one holding '*' or '/' (possible only
   * when the API server's checks are bypassed) would turn a pattern into a wider one.
   */
  private static boolean hasPlainValues(Requester who) {
    for (Map.Entry<String, String> value : who.placeholders().entrySet()) {
      String v = value.getValue();
      if (v == null || v.isEmpty() || v.indexOf('*') >= 0 || v.indexOf('/') >= 0) {
        return false;
      }
    }
    return true;
  }
}
