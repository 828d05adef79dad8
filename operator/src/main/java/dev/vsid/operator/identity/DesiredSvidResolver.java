package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentitySpec;
import dev.vsid.operator.ca.CaSecrets;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.kube.SecretNames;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
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

  DesiredSvid resolve(WorkloadIdentity wi, TrustDomainSettings td, CertificateAuthority ca)
      throws BadInputException {
    WorkloadIdentitySpec spec = readableSpec(wi);
    String serviceAccount = serviceAccount(spec);
    SpiffeId id = spiffeId(wi, spec, serviceAccount, td);
    return new DesiredSvid(
        id, dnsNames(spec), keyType(spec, td), ttl(spec, td), secretName(wi, spec), ca);
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
    requireOwnNamespace(id, wi.getMetadata().getNamespace());
    return id;
  }

  /**
   * An identity may only claim IDs under {@code /ns/<its namespace>}: otherwise anyone allowed to
   * create a WorkloadIdentity could wear another namespace's identity, and two namespaces could be
   * issued the same ID.
   */
  private static void requireOwnNamespace(SpiffeId id, String namespace) throws BadInputException {
    String own = "/ns/" + namespace;
    if (!id.path().equals(own) && !id.path().startsWith(own + "/")) {
      throw new BadInputException(
          Reasons.SPIFFE_ID_NOT_ALLOWED,
          "spec.spiffeIdPath renders to "
              + Text.quote(id.path())
              + ", outside this namespace's IDs; a WorkloadIdentity in namespace "
              + namespace
              + " may only claim paths under "
              + own
              + "/, such as "
              + own
              + "/sa/{serviceAccount}");
    }
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
