package dev.vsid.operator.webhook;

import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.TlsCredential;
import dev.vsid.operator.pki.WebhookPki;
import dev.vsid.operator.webhook.WebhookSecrets.StoredCa;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the webhook CA and serving certificate in their Secrets in the operator's namespace. Every
 * replica runs it against the same Secrets: a Secret is created only if absent (the API server
 * picks one among racing writers, and the others read it back) and replaced only if unchanged since
 * it was read; a certificate is never replaced while it is usable and not due for renewal.
 */
final class ServingCertificateKeeper {
  private static final Logger log = LoggerFactory.getLogger(ServingCertificateKeeper.class);
  private static final DateTimeFormatter CA_NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

  private final KubernetesClient client;
  private final String namespace;
  private final List<String> dnsNames;
  private final Clock clock;

  /** The serving certificate to present and the CA certificates the API server must trust. */
  record Current(TlsCredential serving, List<X509Certificate> caBundle) {
    String caBundlePem() {
      return Pem.encodeCertificates(caBundle);
    }
  }

  ServingCertificateKeeper(
      KubernetesClient client, String namespace, List<String> dnsNames, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.dnsNames = List.copyOf(dnsNames);
    this.clock = clock;
  }

  /**
   * Makes both Secrets right and returns what they hold.
   *
   * @throws KubernetesClientException on API errors, including a 409 when another replica wrote a
   *     Secret in between; the next check starts again from what is stored
   */
  Current ensure() {
    StoredCa ca = ensureCa();
    TlsCredential serving = ensureServing(ca);
    return new Current(serving, CertificatePolicy.trusted(ca, clock.instant()));
  }

  private StoredCa ensureCa() {
    Secret secret = read(WebhookSecrets.CA_SECRET);
    if (secret == null) {
      TlsCredential fresh = newCa();
      secret = createIfAbsent(caSecret(fresh, List.of(fresh.certificate())), describe(fresh, null));
    }
    StoredCa stored;
    try {
      stored = WebhookSecrets.readCa(secret);
    } catch (PkiException e) {
      TlsCredential fresh = newCa();
      String why = "the stored one is unusable (" + e.getMessage() + ")";
      update(
          WebhookSecrets.replacing(secret, namespace, fresh, pem(fresh.certificate())),
          describe(fresh, why));
      return new StoredCa(fresh, List.of(fresh.certificate()));
    }
    return renewOrPrune(secret, stored);
  }

  private StoredCa renewOrPrune(Secret secret, StoredCa stored) {
    Instant now = clock.instant();
    if (CertificatePolicy.renewalDue(stored.active(), now)) {
      TlsCredential fresh = newCa();
      List<X509Certificate> bundle = new ArrayList<>(List.of(fresh.certificate()));
      bundle.addAll(CertificatePolicy.trusted(stored, now));
      update(
          WebhookSecrets.replacing(secret, namespace, fresh, Pem.encodeCertificates(bundle)),
          describe(fresh, "renewal is due; the old one stays trusted meanwhile"));
      return new StoredCa(fresh, bundle);
    }
    List<X509Certificate> trusted = CertificatePolicy.trusted(stored, now);
    if (!trusted.equals(stored.bundle())) {
      String bundlePem = Pem.encodeCertificates(trusted);
      int dropped = stored.bundle().size() - trusted.size();
      update(
          WebhookSecrets.replacing(secret, namespace, stored.active(), bundlePem),
          "a CA bundle that no longer holds " + dropped + " older webhook CA(s)");
      return new StoredCa(stored.active(), trusted);
    }
    return stored;
  }

  private TlsCredential ensureServing(StoredCa ca) {
    Secret secret = read(WebhookSecrets.SERVING_SECRET);
    if (secret == null) {
      TlsCredential fresh = issue(ca);
      secret = createIfAbsent(servingSecret(fresh, ca), describe(fresh, null));
    }
    Optional<String> reason;
    TlsCredential serving = null;
    try {
      serving = WebhookSecrets.credential(secret);
      reason = CertificatePolicy.servingReplacement(serving, dnsNames, ca, clock.instant());
    } catch (PkiException e) {
      reason = Optional.of("the stored one is unusable (" + e.getMessage() + ")");
    }
    if (reason.isEmpty()) {
      return serving;
    }
    TlsCredential fresh = issue(ca);
    update(
        WebhookSecrets.replacing(secret, namespace, fresh, pem(ca.active().certificate())),
        describe(fresh, reason.get()));
    return fresh;
  }

  private TlsCredential issue(StoredCa ca) {
    try {
      return WebhookPki.issueServing(ca.active(), dnsNames, CertificatePolicy.SERVING_TTL, clock);
    } catch (PkiException e) {
      throw new IllegalStateException("cannot issue the webhook certificate: " + e.getMessage());
    }
  }

  private TlsCredential newCa() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String name = "vsid-operator webhook CA " + CA_NAME_TIME.format(now);
    return WebhookPki.newCa(name, CertificatePolicy.CA_TTL, clock);
  }

  private Secret caSecret(TlsCredential ca, List<X509Certificate> bundle) {
    String bundlePem = Pem.encodeCertificates(bundle);
    return WebhookSecrets.build(namespace, WebhookSecrets.CA_SECRET, ca, bundlePem);
  }

  private Secret servingSecret(TlsCredential serving, StoredCa ca) {
    String caPem = pem(ca.active().certificate());
    return WebhookSecrets.build(namespace, WebhookSecrets.SERVING_SECRET, serving, caPem);
  }

  private Secret read(String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  /** For a log line: what a credential is, and why it replaces the one before, if it does. */
  private static String describe(TlsCredential credential, String why) {
    return "certificate serial "
        + credential.serialNumberHex()
        + " (until "
        + credential.notAfter()
        + ")"
        + (why == null ? "" : " because " + why);
  }

  /**
   * Creates {@code secret}, holding {@code what}, or when another replica was first, returns
   * theirs.
   */
  private Secret createIfAbsent(Secret secret, String what) {
    String name = secret.getMetadata().getName();
    try {
      Secret created = client.secrets().inNamespace(namespace).resource(secret).create();
      log.info("Created Secret {}/{} with {}", namespace, name, what);
      return created;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    Secret existing = read(name);
    if (existing == null) {
      throw new IllegalStateException(
          "Secret " + namespace + "/" + name + " was deleted meanwhile");
    }
    return existing;
  }

  /** Replaces a Secret only if nobody changed it since it was read; a 409 otherwise. */
  private void update(Secret changed, String what) {
    client.secrets().inNamespace(namespace).resource(changed).update();
    log.info("Updated Secret {}/{} with {}", namespace, changed.getMetadata().getName(), what);
  }

  private static String pem(X509Certificate certificate) {
    return Pem.encodeCertificates(List.of(certificate));
  }
}
