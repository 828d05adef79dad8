package dev.vsid.operator.webhook;

import dev.vsid.operator.pki.TlsCredential;
import dev.vsid.operator.pki.WebhookPki;
import dev.vsid.operator.webhook.WebhookSecrets.StoredCa;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When the webhook's certificates are made, renewed and trusted. A certificate is renewed at two
 * thirds of its life. A new CA is trusted (published in the caBundle) at once, but signs the
 * serving certificate only {@link #PROPAGATION} later, so that the API server has its new caBundle
 * first. An older CA stays trusted until no serving certificate it signed can be in use.
 */
final class CertificatePolicy {
  static final Duration CA_TTL = Duration.ofDays(365);
  static final Duration SERVING_TTL = Duration.ofDays(30);
  static final Duration PROPAGATION = Duration.ofMinutes(5);

  private CertificatePolicy() {}

  /** True from two thirds of the certificate's life on. */
  static boolean renewalDue(TlsCredential credential, Instant now) {
    Duration life = Duration.between(credential.notBefore(), credential.notAfter());
    return !now.isBefore(credential.notBefore().plus(life.multipliedBy(2).dividedBy(3)));
  }

  /** When a CA was written: its validity starts {@link WebhookPki#BACKDATE} before that. */
  static Instant publishedAt(TlsCredential ca) {
    return ca.notBefore().plus(WebhookPki.BACKDATE);
  }

  /**
   * The CA certificates to trust: the active one, and each other one that has not expired while a
   * serving certificate it signed may still be served. Every such certificate was issued before the
   * active CA was published (give or take a check interval), so it is gone {@link #SERVING_TTL} and
   * a margin after that.
   */
  static List<X509Certificate> trusted(StoredCa ca, Instant now) {
    Instant oldServingGone = publishedAt(ca.active()).plus(SERVING_TTL).plus(PROPAGATION);
    List<X509Certificate> trusted = new ArrayList<>();
    trusted.add(ca.active().certificate());
    for (X509Certificate other : ca.bundle()) {
      boolean needed = now.isBefore(oldServingGone) && now.isBefore(notAfter(other));
      if (!other.equals(ca.active().certificate()) && needed) {
        trusted.add(other);
      }
    }
    return trusted;
  }

  /**
   * Why the serving certificate must be replaced now, or empty when it may stay. Problems that make
   * it unusable are answered at once; a due renewal or a move to the active CA waits until the
   * active CA has been trusted for {@link #PROPAGATION}.
   */
  static Optional<String> servingReplacement(
      TlsCredential serving, List<String> dnsNames, StoredCa ca, Instant now) {
    Optional<String> unusable = unusable(serving, dnsNames, ca, now);
    if (unusable.isPresent()) {
      return unusable;
    }
    if (now.isBefore(publishedAt(ca.active()).plus(PROPAGATION))) {
      return Optional.empty();
    }
    if (!serving.isSignedBy(ca.active().certificate())) {
      return Optional.of("the webhook CA was renewed");
    }
    return renewalDue(serving, now) ? Optional.of("renewal is due") : Optional.empty();
  }

  private static Optional<String> unusable(
      TlsCredential serving, List<String> dnsNames, StoredCa ca, Instant now) {
    if (!now.isBefore(serving.notAfter())) {
      return Optional.of("it expired");
    }
    if (!serving.dnsNames().equals(dnsNames)) {
      return Optional.of("its DNS names are not " + dnsNames);
    }
    boolean trusted = trusted(ca, now).stream().anyMatch(serving::isSignedBy);
    return trusted ? Optional.empty() : Optional.of("no trusted webhook CA signed it");
  }

  private static Instant notAfter(X509Certificate certificate) {
    return certificate.getNotAfter().toInstant();
  }
}
