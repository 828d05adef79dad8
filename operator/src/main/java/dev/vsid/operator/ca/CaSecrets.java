package dev.vsid.operator.ca;

import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.kube.SecretNames;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The layout of a CA Secret: {@code tls.crt}, {@code tls.key} and {@code ca.crt}. */
public final class CaSecrets {
  public static final String CERT = "tls.crt";
  public static final String KEY = "tls.key";
  public static final String ROOTS = "ca.crt";
  private static final String PREFIX = "vsid-ca-";

  private CaSecrets() {}

  /** True for a Secret name that the operator keeps for CA Secrets in its own namespace. */
  public static boolean isReservedName(String secretName) {
    return secretName.startsWith(PREFIX);
  }

  /** Name of the CA Secret of the TrustDomain resource {@code trustDomainResource}. */
  public static String nameFor(String trustDomainResource) {
    return SecretNames.derived(PREFIX, trustDomainResource);
  }

  static Secret build(String namespace, String trustDomainResource, CertificateAuthority ca) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(nameFor(trustDomainResource))
        .withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.COMPONENT, Labels.CA))
        .withAnnotations(
            Map.of(
                Labels.TRUST_DOMAIN_ANNOTATION,
                ca.trustDomain().name(),
                Labels.TRUST_DOMAIN_REF,
                trustDomainResource))
        .endMetadata()
        .withType("kubernetes.io/tls")
        .withData(
            Map.of(
                CERT, base64(Pem.encodeCertificates(ca.chain())),
                KEY, base64(Pem.encodePrivateKey(ca.privateKey())),
                ROOTS, base64(Pem.encodeCertificates(ca.roots()))))
        .build();
  }

  /**
   * Reads the CA in a Secret and checks it belongs to {@code expected}.
   *
   * @throws BadInputException when the Secret does not hold a usable CA for that trust domain
   */
  static CertificateAuthority read(
      Secret secret, String trustDomainResource, TrustDomainName expected)
      throws BadInputException {
    String where =
        "CA Secret " + secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    Map<String, String> annotations =
        secret.getMetadata().getAnnotations() == null
            ? Map.of()
            : secret.getMetadata().getAnnotations();
    if (!trustDomainResource.equals(annotations.get(Labels.TRUST_DOMAIN_REF))) {
      throw new BadInputException(
          Reasons.CA_SECRET_INVALID,
          where
              + " was not made by the operator for TrustDomain "
              + trustDomainResource
              + "; move that Secret out of the way (the name is reserved for this TrustDomain's"
              + " CA), or restore its annotation "
              + Labels.TRUST_DOMAIN_REF
              + " if it is this TrustDomain's CA");
    }
    String recordedDomain = annotations.get(Labels.TRUST_DOMAIN_ANNOTATION);
    if (recordedDomain != null && !recordedDomain.equals(expected.name())) {
      throw new BadInputException(
          Reasons.CA_SECRET_INVALID,
          where
              + " was made for trust domain \""
              + recordedDomain
              + "\", not \""
              + expected.name()
              + "\"; the trust domain name of a TrustDomain cannot change:"
              + " restore spec.trustDomain or create a new TrustDomain");
    }
    try {
      return CertificateAuthority.fromPem(
          expected, text(secret, CERT), text(secret, KEY), text(secret, ROOTS));
    } catch (PkiException e) {
      throw new BadInputException(
          Reasons.CA_SECRET_INVALID,
          where
              + " does not hold a usable CA: "
              + e.getMessage()
              + "; restore it from a backup, or delete it to have a new CA generated");
    }
  }

  private static String text(Secret secret, String key) throws PkiException {
    Map<String, String> data = secret.getData();
    String value = data == null ? null : data.get(key);
    if (value == null) {
      throw new PkiException("key " + key + " is missing");
    }
    try {
      return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new PkiException("key " + key + " is not valid base64");
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
