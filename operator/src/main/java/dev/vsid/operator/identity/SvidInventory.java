package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.X509SvidChecker;
import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.spiffe.TrustDomainName;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SVID Secrets of each trust domain, as the identity controller's cache shows them, for the
 * trust domain controller to follow a CA rotation: which Secrets do not carry the current bundle
 * yet, and which live SVIDs are still signed by an old CA. Certificates are parsed once per Secret
 * version.
 */
public final class SvidInventory {
  private static final String BY_TRUST_DOMAIN = "byTrustDomain";
  private static final String SPIFFE = "spiffe://";

  private volatile InformerEventSource<Secret, WorkloadIdentity> secrets;
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(String resourceVersion, List<X509Certificate> chain) {}

  void attach(InformerEventSource<Secret, WorkloadIdentity> informer) {
    informer.addIndexers(Map.of(BY_TRUST_DOMAIN, SvidInventory::trustDomainOf));
    this.secrets = informer;
  }

  private static List<String> trustDomainOf(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String id = annotations == null ? null : annotations.get(Labels.SPIFFE_ID_ANNOTATION);
    if (id == null || !id.startsWith(SPIFFE)) {
      return List.of();
    }
    int slash = id.indexOf('/', SPIFFE.length());
    return List.of(
        slash < 0 ? id.substring(SPIFFE.length()) : id.substring(SPIFFE.length(), slash));
  }

  /** False until the identity controller's cache is there to be read. */
  public boolean isReady() {
    return secrets != null;
  }

  /**
   * "namespace/name" of the Secrets of {@code trustDomain} holding an SVID that is still valid at
   * {@code now} and whose {@code ca.crt} is not {@code bundlePem}.
   */
  public List<String> notCarrying(TrustDomainName trustDomain, String bundlePem, Instant now) {
    List<String> behind = new ArrayList<>();
    for (Secret secret : of(trustDomain)) {
      if (bundlePem.equals(SvidSecrets.text(secret, SvidSecrets.BUNDLE))) {
        continue;
      }
      Optional<List<X509Certificate>> chain = chain(secret);
      if (chain.isPresent() && isLive(chain.get().get(0), now)) {
        behind.add(name(secret));
      }
    }
    behind.sort(null);
    return behind;
  }

  /**
   * "namespace/name" of the Secrets of {@code trustDomain} holding an SVID valid at {@code now}
   * that {@code active} did not sign.
   */
  public List<String> signedByOthers(
      TrustDomainName trustDomain, CertificateAuthority active, Instant now) {
    List<String> others = new ArrayList<>();
    for (Secret secret : of(trustDomain)) {
      Optional<List<X509Certificate>> chain = chain(secret);
      if (chain.isEmpty() || !isLive(chain.get().get(0), now)) {
        continue;
      }
      try {
        X509SvidChecker.checkSignedBy(chain.get().get(0), active.certificate());
      } catch (SvidCheckException e) {
        others.add(name(secret));
      }
    }
    others.sort(null);
    return others;
  }

  /** The distinct {@code ca.crt} texts of the trust domain's SVID Secrets. */
  public java.util.Set<String> bundlePems(TrustDomainName trustDomain) {
    java.util.Set<String> pems = new java.util.HashSet<>();
    for (Secret secret : of(trustDomain)) {
      String pem = SvidSecrets.text(secret, SvidSecrets.BUNDLE);
      if (pem != null) {
        pems.add(pem);
      }
    }
    return pems;
  }

  /**
   * When the earliest SVID of each of {@code trustDomains} expires, from the Secrets that hold a
   * readable one. Secrets naming other trust domains are left out: their labels and annotations are
   * not proof that the operator wrote them.
   */
  public Map<String, Instant> earliestExpiries(java.util.Set<String> trustDomains) {
    InformerEventSource<Secret, WorkloadIdentity> informer = secrets;
    Map<String, Instant> earliest = new java.util.HashMap<>();
    if (informer == null) {
      return earliest;
    }
    informer
        .list()
        .forEach(
            secret -> {
              List<String> domain = trustDomainOf(secret);
              Optional<List<X509Certificate>> chain = chain(secret);
              if (domain.isEmpty() || !trustDomains.contains(domain.get(0)) || chain.isEmpty()) {
                return;
              }
              Instant end = chain.get().get(0).getNotAfter().toInstant();
              earliest.merge(domain.get(0), end, (a, b) -> a.isBefore(b) ? a : b);
            });
    return earliest;
  }

  private List<Secret> of(TrustDomainName trustDomain) {
    InformerEventSource<Secret, WorkloadIdentity> informer = secrets;
    if (informer == null) {
      return List.of();
    }
    if (parsed.size() > 1000 && parsed.size() > 2 * informer.list().count()) {
      parsed.clear(); // forget Secrets that are gone
    }
    return informer.byIndex(BY_TRUST_DOMAIN, trustDomain.name());
  }

  private Optional<List<X509Certificate>> chain(Secret secret) {
    String uid =
        secret.getMetadata().getUid() == null ? name(secret) : secret.getMetadata().getUid();
    String version = String.valueOf(secret.getMetadata().getResourceVersion());
    Parsed cached = parsed.get(uid);
    if (cached == null || !cached.resourceVersion().equals(version)) {
      String pem = SvidSecrets.text(secret, SvidSecrets.CERT);
      List<X509Certificate> chain = List.of();
      if (pem != null) {
        try {
          chain = Pem.parseCertificates(pem);
        } catch (PkiException e) {
          chain = List.of();
        }
      }
      cached = new Parsed(version, chain);
      parsed.put(uid, cached);
    }
    return cached.chain().isEmpty() ? Optional.empty() : Optional.of(cached.chain());
  }

  private static boolean isLive(X509Certificate leaf, Instant now) {
    return now.isBefore(leaf.getNotAfter().toInstant());
  }

  private static String name(Secret secret) {
    return secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
  }
}
