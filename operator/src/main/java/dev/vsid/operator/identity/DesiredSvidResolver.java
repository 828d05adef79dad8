package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentitySpec;
import dev.vsid.operator.ca.CaSecrets;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.kube.SecretNames;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.policy.IdentityPolicy;
import dev.vsid.operator.policy.Requester;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.SpiffeIdTemplate;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import dev.vsid.operator.trustdomain.TrustDomainSettings;
import dev.vsid.operator.webhook.WebhookSecrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Works out a {@link DesiredSvid} from a WorkloadIdentity, rejecting what is malformed. */
final class DesiredSvidResolver {
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "^(\\*\\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$");
  private static final int MAX_DNS_NAMES = 100;

  private final Duration minimumTtl;
  private final String operatorNamespace;

  DesiredSvidResolver(Duration minimumTtl, String operatorNamespace) {
    this.minimumTtl = minimumTtl;
    this.operatorNamespace = operatorNamespace;
  }

  /**
   * The SVID {@code wi} should have, within what its trust domain's policy allows.
   *
   * @param namespaceLabels the labels of the identity's namespace, for the policy's selectors
   */
  DesiredSvid resolve(
      WorkloadIdentity wi,
      TrustDomainSettings td,
      CertificateAuthority ca,
      Map<String, String> namespaceLabels)
      throws BadInputException {
    WorkloadIdentitySpec spec = readableSpec(wi);
    Requester who = requester(wi, serviceAccount(spec), td, namespaceLabels);
    IdentityPolicy policy = policyOf(td);
    policy.checkNamespace(who);
    SpiffeId id = spiffeId(wi, spec, who.serviceAccount(), td);
    policy.checkPath(id.path(), who);
    List<String> dnsNames = dnsNames(spec);
    policy.checkDnsNames(dnsNames, who);
    Duration ttl = ttl(spec, td);
    policy.checkTtl(ttl, spec.getTtl() == null ? "the TrustDomain's spec.svid.ttl" : "spec.ttl");
    return new DesiredSvid(id, dnsNames, keyType(spec, td), ttl, secretName(wi, spec), ca);
  }

  /**
   * The SPIFFE ID {@code wi} claims, when it renders and the policy lets it claim it; empty
   * otherwise. Used to find which identity holds an ID first.
   */
  static Optional<SpiffeId> claimedId(
      WorkloadIdentity wi,
      TrustDomainSettings td,
      IdentityPolicy policy,
      Map<String, String> labels) {
    try {
      WorkloadIdentitySpec spec = readableSpec(wi);
      Requester who = requester(wi, serviceAccount(spec), td, labels);
      SpiffeId id = spiffeId(wi, spec, who.serviceAccount(), td);
      return policy.allowsPath(id.path(), who) ? Optional.of(id) : Optional.empty();
    } catch (BadInputException e) {
      return Optional.empty();
    }
  }

  private static Requester requester(
      WorkloadIdentity wi,
      String serviceAccount,
      TrustDomainSettings td,
      Map<String, String> labels) {
    return new Requester(
        wi.getMetadata().getNamespace(),
        labels,
        serviceAccount,
        wi.getMetadata().getName(),
        td.trustDomain().name());
  }

  private static IdentityPolicy policyOf(TrustDomainSettings td) throws BadInputException {
    try {
      return td.policy();
    } catch (BadInputException e) {
      throw new BadInputException(
          Reasons.INVALID_POLICY,
          "the TrustDomain's policy is invalid ("
              + e.getMessage()
              + "); nothing is issued or renewed until an administrator fixes it");
    }
  }

  private static WorkloadIdentitySpec readableSpec(WorkloadIdentity wi) throws BadInputException {
    WorkloadIdentitySpec spec = wi.getSpec();
    if (spec == null) {
      throw new BadInputException(
          Reasons.INVALID_SPEC,
          "spec is missing; set spec.trustDomain and spec.serviceAccountName");
    }
    if (spec.parseProblem() != null) {
      throw new BadInputException(Reasons.INVALID_SPEC, spec.parseProblem());
    }
    return spec;
  }

  private static String serviceAccount(WorkloadIdentitySpec spec) throws BadInputException {
    String name = spec.getServiceAccountName();
    if (name == null || name.isEmpty()) {
      throw new BadInputException(
          Reasons.INVALID_SERVICE_ACCOUNT,
          "spec.serviceAccountName is missing; name the"
              + " service account of the workload that uses this identity");
    }
    if (!SecretNames.isValidName(name)) {
      throw new BadInputException(
          Reasons.INVALID_SERVICE_ACCOUNT,
          "spec.serviceAccountName "
              + Text.quote(name)
              + " is not a valid Kubernetes name;"
              + " use lowercase letters, digits, '-' and '.'");
    }
    return name;
  }

  private static SpiffeId spiffeId(
      WorkloadIdentity wi, WorkloadIdentitySpec spec, String serviceAccount, TrustDomainSettings td)
      throws BadInputException {
    String template =
        spec.getSpiffeIdPath() == null
            ? WorkloadIdentitySpec.DEFAULT_PATH_TEMPLATE
            : spec.getSpiffeIdPath();
    Map<String, String> values =
        Map.of(
            "namespace", wi.getMetadata().getNamespace(),
            "serviceAccount", serviceAccount,
            "name", wi.getMetadata().getName(),
            "trustDomain", td.trustDomain().name());
    SpiffeId id;
    try {
      id = SpiffeIdTemplate.render(template, values, td.trustDomain());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          Reasons.INVALID_SPIFFE_ID, "spec.spiffeIdPath: " + e.getMessage());
    }
    return id;
  }

  private String secretName(WorkloadIdentity wi, WorkloadIdentitySpec spec)
      throws BadInputException {
    String name = spec.getSecretName() == null ? wi.getMetadata().getName() : spec.getSecretName();
    if (!SecretNames.isValidName(name)) {
      throw new BadInputException(
          Reasons.INVALID_SECRET_NAME,
          "spec.secretName "
              + Text.quote(name)
              + " is not a valid Secret name; use lowercase"
              + " letters, digits, '-' and '.', at most 253 characters");
    }
    if (operatorNamespace.equals(wi.getMetadata().getNamespace())
        && (CaSecrets.isReservedName(name) || WebhookSecrets.isReservedName(name))) {
      throw new BadInputException(
          Reasons.INVALID_SECRET_NAME,
          "spec.secretName "
              + Text.quote(name)
              + " is reserved for the operator's own Secrets in this namespace (CA and webhook"
              + " certificates); choose another name");
    }
    return name;
  }

  private Duration ttl(WorkloadIdentitySpec spec, TrustDomainSettings td) throws BadInputException {
    Duration ttl;
    if (spec.getTtl() == null) {
      ttl = td.svidTtl();
    } else {
      try {
        ttl = Durations.parse(spec.getTtl());
      } catch (IllegalArgumentException e) {
        throw new BadInputException(Reasons.INVALID_TTL, "spec.ttl: " + e.getMessage());
      }
    }
    if (ttl.compareTo(minimumTtl) < 0) {
      throw new BadInputException(
          Reasons.INVALID_TTL,
          "the SVID lifetime "
              + Durations.format(ttl)
              + " is shorter than the minimum of "
              + Durations.format(minimumTtl)
              + "; set spec.ttl to at least that, such as 1h");
    }
    return ttl;
  }

  private static KeyType keyType(WorkloadIdentitySpec spec, TrustDomainSettings td)
      throws BadInputException {
    if (spec.getKeyType() == null) {
      return td.svidKeyType().orElse(TrustDomainSettings.DEFAULT_KEY_TYPE);
    }
    return KeyType.parse(spec.getKeyType())
        .orElseThrow(
            () ->
                new BadInputException(
                    Reasons.UNSUPPORTED_KEY_TYPE,
                    "spec.keyType "
                        + Text.quote(spec.getKeyType())
                        + " is not supported; use"
                        + " one of "
                        + KeyType.supportedNames()));
  }

  private static List<String> dnsNames(WorkloadIdentitySpec spec) throws BadInputException {
    List<String> names = spec.getDnsNames() == null ? List.of() : spec.getDnsNames();
    if (names.size() > MAX_DNS_NAMES) {
      throw new BadInputException(
          Reasons.INVALID_DNS_NAME,
          "spec.dnsNames has "
              + names.size()
              + " entries; at most "
              + MAX_DNS_NAMES
              + " are allowed");
    }
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (String name : names) {
      if (name == null || name.length() > 253 || !DNS_NAME.matcher(name).matches()) {
        throw new BadInputException(
            Reasons.INVALID_DNS_NAME,
            "spec.dnsNames entry "
                + Text.quote(name)
                + " is not a valid DNS"
                + " name; use lowercase names such as web.shop.svc or *.example.org");
      }
      unique.add(name);
    }
    return new ArrayList<>(unique);
  }
}
