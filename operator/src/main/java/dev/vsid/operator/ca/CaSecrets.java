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
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The layout of a CA Secret. The active CA: {@code tls.crt} (its certificate and any intermediates
 * above it), {@code tls.key}, {@code ca.crt} (its roots). During a rotation the next CA: {@code
 * next.crt}, {@code next.key}, {@code next-ca.crt}. After one, the old roots still trusted: {@code
 * retiring-ca.crt}. The rotation's bookkeeping is kept in {@code vsid.dev/rotation-*} annotations.
 */
public final class CaSecrets {
  public static final String CERT = "tls.crt";
  public static final String KEY = "tls.key";
  public static final String ROOTS = "ca.crt";
  public static final String NEXT_CERT = "next.crt";
  public static final String NEXT_KEY = "next.key";
  public static final String NEXT_ROOTS = "next-ca.crt";
  public static final String RETIRING_ROOTS = "retiring-ca.crt";
  static final String REASON = "vsid.dev/rotation-reason";
  static final String STARTED_AT = "vsid.dev/rotation-started-at";
  static final String PUBLISHED_AT = "vsid.dev/rotation-published-at";
  static final String SWITCHED_AT = "vsid.dev/rotation-switched-at";
  static final String HANDLED_REQUEST = "vsid.dev/rotation-request";
  static final String DROP_OLD_ROOT = "vsid.dev/rotation-drop-old-root";

  /** The last bundle sequence given out, and the digest of the content it was given to. */
  static final String BUNDLE_SEQUENCE = "vsid.dev/bundle-sequence";

  static final String BUNDLE_DIGEST = "vsid.dev/bundle-digest";
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
   * Reads everything in a CA Secret and checks it belongs to {@code expected}.
   *
   * @throws BadInputException when the Secret does not hold a usable CA for that trust domain
   */
  static CaState read(Secret secret, String trustDomainResource, TrustDomainName expected)
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
    CertificateAuthority active;
    try {
      active =
          CertificateAuthority.fromPem(
              expected, text(secret, CERT), text(secret, KEY), text(secret, ROOTS));
    } catch (PkiException e) {
      throw invalid(where, e.getMessage());
    }
    Optional<CertificateAuthority> next = Optional.empty();
    boolean anyNext = has(secret, NEXT_CERT) || has(secret, NEXT_KEY) || has(secret, NEXT_ROOTS);
    if (anyNext) {
      try {
        next =
            Optional.of(
                CertificateAuthority.fromPem(
                    expected,
                    text(secret, NEXT_CERT),
                    text(secret, NEXT_KEY),
                    text(secret, NEXT_ROOTS)));
      } catch (PkiException e) {
        throw new BadInputException(
            Reasons.CA_SECRET_INVALID,
            where
                + " holds a next CA that cannot be used ("
                + NEXT_CERT
                + ", "
                + NEXT_KEY
                + ", "
                + NEXT_ROOTS
                + "): "
                + e.getMessage()
                + "; remove those three keys (and the "
                + STARTED_AT
                + " annotation) to restart the rotation. The active CA is fine");
      }
    }
    List<X509Certificate> retiring = List.of();
    if (has(secret, RETIRING_ROOTS)) {
      try {
        retiring = Pem.parseCertificates(text(secret, RETIRING_ROOTS));
      } catch (PkiException e) {
        throw new BadInputException(
            Reasons.CA_SECRET_INVALID,
            where
                + " holds old roots that cannot be read ("
                + RETIRING_ROOTS
                + "): "
                + e.getMessage()
                + "; restore that key from a backup or remove it (SVIDs of the old CA then stop"
                + " verifying until they are reissued). The active CA is fine");
      }
    }
    CaState.Rotation rotation;
    try {
      rotation =
          new CaState.Rotation(
              annotations.get(REASON),
              instant(annotations.get(STARTED_AT)),
              instant(annotations.get(PUBLISHED_AT)),
              instant(annotations.get(SWITCHED_AT)),
              annotations.get(HANDLED_REQUEST),
              "true".equals(annotations.get(DROP_OLD_ROOT)));
    } catch (DateTimeParseException e) {
      throw new BadInputException(
          Reasons.CA_SECRET_INVALID,
          where
              + " has a rotation annotation that is not an RFC 3339 time; restore it from a"
              + " backup, or remove the vsid.dev/rotation-* annotations to restart the rotation");
    }
    return new CaState(active, next, retiring, rotation);
  }

  /**
   * A CA Secret for a trust domain whose CA Secret was lost: {@code active} signs from now, and
   * {@code retiring} (the lost CA's roots, as published) stay trusted until its SVIDs are replaced.
   */
  static Secret buildRecovered(
      String namespace,
      String trustDomainResource,
      CertificateAuthority active,
      List<X509Certificate> retiring,
      Instant now) {
    Secret secret = build(namespace, trustDomainResource, active);
    Map<String, String> data = new HashMap<>(secret.getData());
    putRetiring(data, retiring);
    Map<String, String> annotations = annotations(secret);
    annotations.put(REASON, CaState.CA_SECRET_DELETED);
    annotations.put(STARTED_AT, now.toString());
    annotations.put(SWITCHED_AT, now.toString());
    return copy(secret, data, annotations);
  }

  /** {@code secret} with {@code next} stored as the next CA and the rotation started. */
  static Secret withNext(
      Secret secret,
      CertificateAuthority next,
      String reason,
      Instant now,
      String handledRequest,
      boolean dropOldRoot) {
    Map<String, String> data = new HashMap<>(secret.getData());
    data.put(NEXT_CERT, base64(Pem.encodeCertificates(next.chain())));
    data.put(NEXT_KEY, base64(Pem.encodePrivateKey(next.privateKey())));
    data.put(NEXT_ROOTS, base64(Pem.encodeCertificates(next.roots())));
    Map<String, String> annotations = annotations(secret);
    annotations.put(REASON, reason);
    annotations.put(STARTED_AT, now.toString());
    annotations.remove(PUBLISHED_AT);
    annotations.remove(SWITCHED_AT);
    if (handledRequest != null) {
      annotations.put(HANDLED_REQUEST, handledRequest);
    }
    annotations.put(DROP_OLD_ROOT, Boolean.toString(dropOldRoot));
    return copy(secret, data, annotations);
  }

  /** The bundle sequence recorded on a CA Secret, or 0. */
  public static long recordedSequence(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(BUNDLE_SEQUENCE);
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The digest of the bundle content the recorded sequence was given to, or null. */
  public static String recordedDigest(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(BUNDLE_DIGEST);
  }

  /** {@code secret} recording that {@code sequence} now belongs to the bundle {@code digest}. */
  static Secret withBundle(Secret secret, long sequence, String digest) {
    Map<String, String> annotations = annotations(secret);
    annotations.put(BUNDLE_SEQUENCE, Long.toString(sequence));
    annotations.put(BUNDLE_DIGEST, digest);
    return copy(secret, new HashMap<>(secret.getData()), annotations);
  }

  /** {@code secret} recording that the next root is published everywhere. */
  static Secret published(Secret secret, Instant now) {
    Map<String, String> annotations = annotations(secret);
    annotations.put(PUBLISHED_AT, now.toString());
    return copy(secret, new HashMap<>(secret.getData()), annotations);
  }

  /**
   * {@code secret} with the next CA made the active one. The old active CA's roots stay trusted (in
   * {@code retiring-ca.crt}, with the roots already there) unless the rotation drops them; the old
   * key is discarded: nothing signs with it again.
   */
  static Secret switched(Secret secret, CaState state, Instant now) {
    CertificateAuthority next = state.next().orElseThrow();
    Map<String, String> data = new HashMap<>(secret.getData());
    data.put(CERT, data.remove(NEXT_CERT));
    data.put(KEY, data.remove(NEXT_KEY));
    data.put(ROOTS, data.remove(NEXT_ROOTS));
    List<X509Certificate> retiring = new ArrayList<>();
    if (!state.rotation().dropOldRoot()) {
      retiring.addAll(state.retiring());
      for (X509Certificate root : state.active().roots()) {
        if (!next.roots().contains(root) && !retiring.contains(root)) {
          retiring.add(root);
        }
      }
    }
    putRetiring(data, retiring);
    Map<String, String> annotations = annotations(secret);
    annotations.put(SWITCHED_AT, now.toString());
    return copy(secret, data, annotations);
  }

  /** {@code secret} trusting only {@code keep} of its retiring roots. */
  static Secret retired(Secret secret, List<X509Certificate> keep) {
    Map<String, String> data = new HashMap<>(secret.getData());
    putRetiring(data, keep);
    return copy(secret, data, annotations(secret));
  }

  private static void putRetiring(Map<String, String> data, List<X509Certificate> roots) {
    if (roots.isEmpty()) {
      data.remove(RETIRING_ROOTS);
    } else {
      data.put(RETIRING_ROOTS, base64(Pem.encodeCertificates(roots)));
    }
  }

  private static Map<String, String> annotations(Secret secret) {
    Map<String, String> present = secret.getMetadata().getAnnotations();
    return present == null ? new HashMap<>() : new HashMap<>(present);
  }

  private static Secret copy(
      Secret secret, Map<String, String> data, Map<String, String> annotations) {
    return new SecretBuilder(secret)
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .withData(data)
        .build();
  }

  private static Instant instant(String value) {
    return value == null ? null : Instant.parse(value);
  }

  private static boolean has(Secret secret, String key) {
    return secret.getData() != null && secret.getData().get(key) != null;
  }

  private static BadInputException invalid(String where, String problem) {
    return new BadInputException(
        Reasons.CA_SECRET_INVALID,
        where
            + " does not hold a usable CA: "
            + problem
            + "; restore it from a backup, or delete it to have a new CA generated");
  }

  /** The text under {@code key} of a Secret holding CA material. */
  public static String text(Secret secret, String key) throws PkiException {
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
