package dev.vsid.operator.testing;

import dev.vsid.operator.pki.Fingerprints;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the trust invariant while something happens: every SVID in every Secret verifies, by the
 * JDK's PKIX validator at the operator's clock, against its own ca.crt and against the bundle
 * ConfigMap of its namespace. Also records every CA certificate the CA Secret ever held.
 */
public final class TrustInvariant implements AutoCloseable {
  private final OperatorHarness harness;
  private final List<String[]> identities;
  private final String configMapName;
  private final String caSecretName;
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Set<String> caFingerprints = new CopyOnWriteArraySet<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  /**
   * @param identities "namespace", "secret name" pairs
   */
  public TrustInvariant(
      OperatorHarness harness, List<String[]> identities, String trustDomainResource) {
    this.harness = harness;
    this.identities = identities;
    this.configMapName = "vsid-bundle-" + trustDomainResource;
    this.caSecretName = "vsid-ca-" + trustDomainResource;
    this.thread = new Thread(this::run, "trust-invariant");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running.get()) {
      try {
        violations.addAll(check());
        recordCas();
        Thread.sleep(40);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        violations.add("watcher failed: " + e);
      }
    }
  }

  /** What is wrong now; empty when the invariant holds. */
  public List<String> check() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String[] id : identities) {
      Secret secret = harness.secret(id[0], id[1]);
      ConfigMap bundle =
          harness.client().configMaps().inNamespace(id[0]).withName(configMapName).get();
      if (secret == null || bundle == null) {
        problems.add(id[0] + "/" + id[1] + ": Secret or bundle ConfigMap missing");
        continue;
      }
      List<X509Certificate> chain = certificates(OperatorHarness.text(secret, "tls.crt"));
      String own = verify(chain, certificates(OperatorHarness.text(secret, "ca.crt")));
      if (own != null) {
        problems.add(id[0] + "/" + id[1] + " against its ca.crt: " + own);
      }
      String shared = verify(chain, certificates(bundle.getData().get("ca.crt")));
      if (shared != null) {
        problems.add(id[0] + "/" + id[1] + " against the bundle ConfigMap: " + shared);
      }
    }
    return problems;
  }

  private void recordCas() throws Exception {
    Secret ca = harness.secret(OperatorHarness.OPERATOR_NAMESPACE, caSecretName);
    if (ca == null) {
      return;
    }
    for (String key : List.of("tls.crt", "next.crt")) {
      if (ca.getData() != null && ca.getData().get(key) != null) {
        caFingerprints.add(Fingerprints.sha256(certificates(OperatorHarness.text(ca, key)).get(0)));
      }
    }
  }

  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** Every CA certificate seen in the CA Secret (as active or next). */
  public Set<String> caFingerprints() {
    return new HashSet<>(caFingerprints);
  }

  private String verify(List<X509Certificate> chain, List<X509Certificate> roots) {
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      roots.forEach(r -> anchors.add(new TrustAnchor(r, null)));
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(harness.clock().instant()));
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(chain), params);
      return null;
    } catch (Exception e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  public static List<X509Certificate> certificates(String pem) throws Exception {
    List<X509Certificate> result = new ArrayList<>();
    for (var cert :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))) {
      result.add((X509Certificate) cert);
    }
    return result;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
  }
}
