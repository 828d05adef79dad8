package dev.vsid.operator.ca;

import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and reads the CA Secrets in the operator's namespace. A CA is created only when its
 * Secret does not exist (the API server decides between racing writers), and it is read back from
 * the API server before anything is signed with it. Parsed CAs are cached by the Secret's
 * resourceVersion, so an unchanged Secret is parsed once.
 */
public class CaStore {
  private static final Logger log = LoggerFactory.getLogger(CaStore.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(String resourceVersion, CaState state) {}

  public CaStore(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }

  /** Parses the CAs in {@code secret}, which must belong to {@code trustDomain}. */
  public CaState load(Secret secret, String trustDomainResource, TrustDomainName trustDomain)
      throws BadInputException {
    String name = secret.getMetadata().getName();
    String version = secret.getMetadata().getResourceVersion();
    Parsed cached = parsed.get(name);
    if (cached != null
        && cached.resourceVersion().equals(version)
        && cached.state().active().trustDomain().equals(trustDomain)) {
      return cached.state();
    }
    CaState state = CaSecrets.read(secret, trustDomainResource, trustDomain);
    parsed.put(name, new Parsed(version, state));
    return state;
  }

  /**
   * Writes one step of a rotation: {@code changed} replaces the CA Secret only if nobody changed it
   * since it was read (its resourceVersion is sent along); a 409 answer means someone did, and the
   * step is worked out again from what is stored.
   */
  private Secret update(Secret changed) {
    Secret written = client.secrets().inNamespace(namespace).resource(changed).update();
    log.info("Updated CA Secret {}/{}", namespace, written.getMetadata().getName());
    return written;
  }

  /** Stores {@code next} as the next CA: the first step of a rotation. */
  public Secret startRotation(
      Secret current,
      CertificateAuthority next,
      String reason,
      Instant now,
      String handledRequest,
      boolean dropOldRoot) {
    return update(CaSecrets.withNext(current, next, reason, now, handledRequest, dropOldRoot));
  }

  /**
   * Records the bundle sequence given to a new bundle content, before any ConfigMap carries it: the
   * CA Secret, which only the operator writes, is where the sequence is kept.
   */
  public Secret recordBundle(Secret current, long sequence, String digest) {
    return update(CaSecrets.withBundle(current, sequence, digest));
  }

  /** Records that the next root has reached every bundle. */
  public Secret markPublished(Secret current, Instant now) {
    return update(CaSecrets.published(current, now));
  }

  /** Makes the next CA the active one. */
  public Secret switchToNext(Secret current, CaState state, Instant now) {
    return update(CaSecrets.switched(current, state, now));
  }

  /** Stops trusting the retiring roots other than {@code keep}. */
  public Secret retire(Secret current, List<X509Certificate> keep) {
    return update(CaSecrets.retired(current, keep));
  }

  /** A CA Secret as read back from the API server, and whether this call created it. */
  public record Stored(Secret secret, boolean created) {}

  /**
   * Stores {@code generated} as the CA of {@code trustDomainResource} unless a CA Secret already
   * exists, and returns the Secret as read back from the API server: either the one just written or
   * the one that was there first. A CA Secret of this TrustDomain that lost its labels (so the
   * caches no longer see it) gets them back.
   */
  public Stored createIfAbsent(String trustDomainResource, CertificateAuthority generated) {
    return createIfAbsent(
        trustDomainResource, generated, CaSecrets.build(namespace, trustDomainResource, generated));
  }

  /**
   * As {@link #createIfAbsent(String, CertificateAuthority)}, for a CA Secret that was lost: the
   * {@code retiring} roots stay trusted beside {@code generated}.
   */
  public Stored recreateIfAbsent(
      String trustDomainResource,
      CertificateAuthority generated,
      List<X509Certificate> retiring,
      Instant now) {
    return createIfAbsent(
        trustDomainResource,
        generated,
        CaSecrets.buildRecovered(namespace, trustDomainResource, generated, retiring, now));
  }

  private Stored createIfAbsent(
      String trustDomainResource, CertificateAuthority generated, Secret secret) {
    String name = secret.getMetadata().getName();
    try {
      client.secrets().inNamespace(namespace).resource(secret).create();
      log.info("Stored new CA {} in Secret {}/{}", generated, namespace, name);
      return new Stored(readBack(name), true);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    Secret existing = readBack(name);
    log.info("CA Secret {}/{} already exists; using it", namespace, name);
    return new Stored(restoreLabels(existing, trustDomainResource), false);
  }

  private Secret restoreLabels(Secret existing, String trustDomainResource) {
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    Map<String, String> labels = existing.getMetadata().getLabels();
    boolean ours =
        annotations != null && trustDomainResource.equals(annotations.get(Labels.TRUST_DOMAIN_REF));
    boolean labelled =
        labels != null
            && Labels.CA.equals(labels.get(Labels.COMPONENT))
            && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY));
    if (!ours || labelled) {
      return existing;
    }
    Map<String, String> restored = labels == null ? new HashMap<>() : new HashMap<>(labels);
    restored.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    restored.put(Labels.COMPONENT, Labels.CA);
    log.info("Restored the labels of CA Secret {}/{}", namespace, existing.getMetadata().getName());
    return client
        .secrets()
        .resource(
            new SecretBuilder(existing).editMetadata().withLabels(restored).endMetadata().build())
        .update();
  }

  /** Reads a CA Secret from the API server, bypassing caches. */
  public Secret readBack(String name) {
    Secret stored = client.secrets().inNamespace(namespace).withName(name).get();
    if (stored == null) {
      throw new IllegalStateException(
          "CA Secret " + namespace + "/" + name + " was written but cannot be read back");
    }
    return stored;
  }

  /** Forgets the parsed CA of a Secret that was deleted. */
  public void forget(String secretName) {
    parsed.remove(secretName);
  }
}
