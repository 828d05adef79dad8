package dev.vsid.operator.trustdomain;

import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.IdentityPolicySpec;
import dev.vsid.operator.api.v1alpha1.SvidDefaults;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.policy.IdentityPolicy;
import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import java.time.Duration;
import java.util.Optional;

/**
 * A TrustDomain's spec, read and checked, with defaults applied. Fields that are wrong are reported
 * only when they are needed, so one bad default does not stop what does not use it.
 */
public final class TrustDomainSettings {
  public static final Duration DEFAULT_CA_TTL = Duration.ofDays(365);
  public static final Duration MINIMUM_CA_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_SVID_TTL = Duration.ofHours(24);
  public static final KeyType DEFAULT_KEY_TYPE = KeyType.EC_P256;
  public static final Duration DEFAULT_PROPAGATION_DELAY = Duration.ofMinutes(15);

  private final TrustDomainName trustDomain;
  private final CaSpec ca;
  private final SvidDefaults svid;
  private final IdentityPolicySpec policy;
  private IdentityPolicy compiledPolicy;

  private TrustDomainSettings(
      TrustDomainName trustDomain, CaSpec ca, SvidDefaults svid, IdentityPolicySpec policy) {
    this.trustDomain = trustDomain;
    this.policy = policy;
    this.ca = ca == null ? new CaSpec() : ca;
    this.svid = svid == null ? new SvidDefaults() : svid;
  }

  /** Reads a TrustDomain's spec; fails when the spec or the trust domain name is unusable. */
  public static TrustDomainSettings of(TrustDomain td) throws BadInputException {
    TrustDomainSpec spec = td.getSpec();
    if (spec == null) {
      throw new BadInputException(Reasons.INVALID_SPEC, "spec is missing; set spec.trustDomain");
    }
    if (spec.parseProblem() != null) {
      throw new BadInputException(Reasons.INVALID_SPEC, spec.parseProblem());
    }
    try {
      return new TrustDomainSettings(
          new TrustDomainName(spec.getTrustDomain()),
          spec.getCa(),
          spec.getSvid(),
          spec.getPolicy());
    } catch (InvalidSpiffeIdException e) {
      throw new BadInputException(
          Reasons.INVALID_TRUST_DOMAIN,
          "spec.trustDomain: " + e.getMessage() + "; write a name such as example.org");
    }
  }

  public TrustDomainName trustDomain() {
    return trustDomain;
  }

  public KeyType caKeyType() throws BadInputException {
    return keyType(ca.getKeyType(), "spec.ca.keyType", Reasons.INVALID_CA_SETTINGS)
        .orElse(DEFAULT_KEY_TYPE);
  }

  public Duration caTtl() throws BadInputException {
    if (ca.getTtl() == null) {
      return DEFAULT_CA_TTL;
    }
    Duration ttl = duration(ca.getTtl(), "spec.ca.ttl", Reasons.INVALID_CA_SETTINGS);
    if (ttl.compareTo(MINIMUM_CA_TTL) < 0) {
      throw new BadInputException(
          Reasons.INVALID_CA_SETTINGS,
          "spec.ca.ttl "
              + ca.getTtl()
              + " is shorter than the minimum of "
              + Durations.format(MINIMUM_CA_TTL)
              + "; use a longer lifetime such as 8760h");
    }
    return ttl;
  }

  /** The default SVID key type, if the TrustDomain sets one. */
  public Optional<KeyType> svidKeyType() throws BadInputException {
    return keyType(
        svid.getKeyType(), "spec.svid.keyType of TrustDomain", Reasons.UNSUPPORTED_KEY_TYPE);
  }

  /** The default SVID lifetime. */
  public Duration svidTtl() throws BadInputException {
    return svid.getTtl() == null
        ? DEFAULT_SVID_TTL
        : duration(svid.getTtl(), "spec.svid.ttl of TrustDomain", Reasons.INVALID_TTL);
  }

  private CaRotationSpec rotation() {
    return ca.getRotation() == null ? new CaRotationSpec() : ca.getRotation();
  }

  /**
   * How long before the active CA expires a rotation starts: spec.ca.rotation.renewBefore, or a
   * third of the CA's {@code lifetime}.
   */
  public Duration renewBefore(Duration lifetime) throws BadInputException {
    String value = rotation().getRenewBefore();
    if (value == null) {
      return lifetime.dividedBy(3);
    }
    return duration(value, "spec.ca.rotation.renewBefore", Reasons.INVALID_CA_SETTINGS);
  }

  public Duration propagationDelay() throws BadInputException {
    String value = rotation().getPropagationDelay();
    return value == null
        ? DEFAULT_PROPAGATION_DELAY
        : duration(value, "spec.ca.rotation.propagationDelay", Reasons.INVALID_CA_SETTINGS);
  }

  /** The Secret of a provided CA, if the TrustDomain names one. */
  public Optional<String> providedCaSecret() {
    String name = ca.getSecretName();
    return name == null || name.isEmpty() ? Optional.empty() : Optional.of(name);
  }

  /** The rotation request, or null. */
  public String rotationRequest() {
    String request = rotation().getRequest();
    return request == null || request.isEmpty() ? null : request;
  }

  public boolean dropOldRoot() {
    return Boolean.TRUE.equals(rotation().getDropOldRoot());
  }

  void requireValidCaSettings() throws BadInputException {
    caKeyType();
    caTtl();
    Duration delay = propagationDelay();
    Duration lifetime = caTtl();
    Duration renewBefore = renewBefore(lifetime);
    if (rotation().getRenewBefore() != null && renewBefore.compareTo(delay.multipliedBy(2)) < 0) {
      throw new BadInputException(
          Reasons.INVALID_CA_SETTINGS,
          "spec.ca.rotation.renewBefore "
              + rotation().getRenewBefore()
              + " leaves too little time: the new root must be published and then wait"
              + " propagationDelay ("
              + Durations.format(delay)
              + ") before the new CA signs, all before the old CA expires. Use at least twice"
              + " propagationDelay; days or weeks are usual");
    }
    if (providedCaSecret().isPresent()) {
      // spec.ca.ttl does not apply to a provided CA; renewBefore only times the warning about it.
      return;
    }
    if (renewBefore.compareTo(lifetime) >= 0) {
      throw new BadInputException(
          Reasons.INVALID_CA_SETTINGS,
          "spec.ca.rotation.renewBefore "
              + rotation().getRenewBefore()
              + " is not shorter than the CA's lifetime of "
              + Durations.format(lifetime)
              + "; the CA would be replaced as soon as it is made. Use a shorter renewBefore,"
              + " such as a third of spec.ca.ttl");
    }
  }

  /**
   * What WorkloadIdentities may ask of this trust domain. Read once per settings object: one
   * reconcile asks for it more than once (the identity's checks, then its SPIFFE ID's rivals).
   */
  public IdentityPolicy policy() throws BadInputException {
    if (compiledPolicy == null) {
      compiledPolicy = IdentityPolicy.of(policy);
    }
    return compiledPolicy;
  }

  void requireValidDefaults() throws BadInputException {
    requireValidCaSettings();
    svidKeyType();
    svidTtl();
    policy();
  }

  private static Optional<KeyType> keyType(String value, String field, String reason)
      throws BadInputException {
    if (value == null) {
      return Optional.empty();
    }
    Optional<KeyType> parsed = KeyType.parse(value);
    if (parsed.isEmpty()) {
      throw new BadInputException(
          reason,
          field
              + " "
              + Text.quote(value)
              + " is not supported; use one of "
              + KeyType.supportedNames());
    }
    return parsed;
  }

  private static Duration duration(String value, String field, String reason)
      throws BadInputException {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(reason, field + ": " + e.getMessage());
    }
  }
}
