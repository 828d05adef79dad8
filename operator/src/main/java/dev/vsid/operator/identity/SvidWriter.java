package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.bundle.TrustFiles;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.identity.RenewalPolicy.Keep;
import dev.vsid.operator.identity.RenewalPolicy.Reason;
import dev.vsid.operator.identity.RenewalPolicy.Reissue;
import dev.vsid.operator.kube.EventRecorder;
import dev.vsid.operator.metrics.VsidMetrics;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.Svid;
import dev.vsid.operator.pki.SvidIssuer;
import dev.vsid.operator.pki.X509SvidChecker;
import dev.vsid.operator.pki.X509SvidChecker.SvidCheckException;
import dev.vsid.operator.pods.SecretUsers;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an identity's Secret to the desired SVID with as few writes as possible: none when the
 * SVID in place is still good, a bundle-only update when only the trust bundle moved, and a new
 * SVID when {@link RenewalPolicy} gives a reason.
 */
public class SvidWriter {
  private static final Logger log = LoggerFactory.getLogger(SvidWriter.class);

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration minimumLifetime;
  private final ReissueSchedule schedule;
  private final VsidMetrics metrics;
  private SecretUsers secretUsers;

  /**
   * The SVID now in the Secret, the Secret if this call wrote it, and how long a reissue under a
   * new CA was put off (null when it was not).
   */
  record Outcome(X509Certificate leaf, Secret written, boolean created, Duration deferred) {
    Outcome(X509Certificate leaf, Secret written, boolean created) {
      this(leaf, written, created, null);
    }
  }

  /**
   * @param minimumLifetime the shortest SVID worth issuing; when the CA ends sooner than this, no
   *     SVID is issued (issuing ever shorter ones as the CA's end draws near would loop)
   */
  public SvidWriter(
      KubernetesClient client,
      EventRecorder events,
      Clock clock,
      Duration minimumLifetime,
      int reissuesPerSecond,
      VsidMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.minimumLifetime = minimumLifetime;
    this.schedule = new ReissueSchedule(clock, reissuesPerSecond);
  }

  /**
   * With pod binding on, a new SVID Secret is not created while a pod of another service account
   * already uses its name (see {@link SecretUsers}).
   */
  public SvidWriter checkingPodsBeforeCreate(SecretUsers users) {
    this.secretUsers = users;
    return this;
  }

  Outcome ensure(
      WorkloadIdentity wi,
      DesiredSvid desired,
      TrustBundle trustBundle,
      Map<TrustDomainName, TrustBundle> federated,
      Secret cached,
      SvidIssuer issuer)
      throws BadInputException {
    Secret existing = cached != null ? cached : fetch(wi, desired.secretName());
    if (existing != null
        && !SvidSecrets.isOwnedBy(existing, wi)
        && !SvidSecrets.isAdoptable(existing, desired)) {
      throw conflict(wi, desired.secretName());
    }
    TrustFiles bundle = TrustFiles.of(trustBundle, federated);
    if (existing == null) {
      requireNoOtherPodUses(wi, desired);
    }
    CurrentSvid current = existing == null ? null : CurrentSvid.read(existing);
    boolean issuedBefore = wi.getStatus() != null && wi.getStatus().getSerialNumber() != null;
    Instant now = Instant.now(clock);
    var decision = RenewalPolicy.decide(desired, current, bundle, issuedBefore, now);
    if (decision instanceof Keep keep) {
      return keep(wi, existing, keep, bundle);
    }
    ResourceID id = ResourceID.fromResource(wi);
    if (((Reissue) decision).reason() == Reason.CA_CHANGED
        && stillTrusted(current, trustBundle, now)) {
      Duration wait = schedule.waitFor(desired.ca().trustDomain().name(), id);
      if (!wait.isZero()) {
        Outcome kept =
            keep(
                wi,
                existing,
                new Keep(current.leaf(), !bundle.sameAs(current.trustFiles())),
                bundle);
        return new Outcome(kept.leaf(), kept.written(), false, wait);
      }
    } else {
      schedule.release(id);
    }
    requireCaLifetimeLeft(desired);
    return reissue(wi, desired, existing, (Reissue) decision, bundle, issuer);
  }

  private void requireNoOtherPodUses(WorkloadIdentity wi, DesiredSvid desired)
      throws BadInputException {
    if (secretUsers == null) {
      return;
    }
    String serviceAccount = wi.getSpec().getServiceAccountName();
    var user =
        secretUsers.otherThan(
            wi.getMetadata().getNamespace(), desired.secretName(), serviceAccount);
    if (user.isPresent()) {
      throw new BadInputException(
          Reasons.SECRET_IN_USE,
          user.get()
              + " already uses Secret "
              + desired.secretName()
              + " and would receive the SVID of service account "
              + serviceAccount
              + "; delete that pod (or run it as "
              + serviceAccount
              + "), or set spec.secretName to another name. Nothing is written until then");
    }
  }

  private Outcome keep(WorkloadIdentity wi, Secret existing, Keep keep, TrustFiles bundle) {
    List<String> repairs = SvidSecrets.repairsNeeded(existing, wi, keep.bundleOutdated());
    if (repairs.isEmpty()) {
      return new Outcome(keep.leaf(), null, false);
    }
    Secret written = client.secrets().resource(SvidSecrets.repaired(existing, wi, bundle)).update();
    log.info(
        "Updated {} in Secret {}; the SVID was kept", String.join(", ", repairs), name(existing));
    if (keep.bundleOutdated()) {
      events.normal(
          wi,
          Reasons.BUNDLE_UPDATED,
          "Updated the trust bundle files ("
              + String.join(", ", bundle.files().keySet())
              + ") in Secret "
              + existing.getMetadata().getName()
              + "; the SVID was kept");
    }
    return new Outcome(keep.leaf(), written, false);
  }

  private Outcome reissue(
      WorkloadIdentity wi,
      DesiredSvid desired,
      Secret existing,
      Reissue why,
      TrustFiles bundle,
      SvidIssuer issuer) {
    Svid svid = sign(desired, issuer);
    Secret secret = SvidSecrets.build(wi, desired, svid, bundle, existing);
    Secret written =
        existing == null
            ? client.secrets().resource(secret).create()
            : client.secrets().resource(secret).update();
    log.info(
        "Issued SVID {} serial {} into Secret {} because {}",
        desired.spiffeId(),
        svid.serialNumberHex(),
        name(written),
        why.describe());
    metrics.svidIssued(desired.ca().trustDomain().name(), why.reason().label());
    boolean first = why.reason() == Reason.FIRST_ISSUE;
    events.normal(
        wi,
        first ? Reasons.SVID_ISSUED : Reasons.SVID_RENEWED,
        (first ? "Issued " : "Reissued ")
            + desired.spiffeId()
            + " (serial "
            + svid.serialNumberHex()
            + ", expires "
            + svid.notAfter()
            + ")"
            + (first ? "" : " because " + why.describe()));
    return new Outcome(svid.leaf(), written, existing == null);
  }

  /** The signing step, timed. */
  private Svid sign(DesiredSvid desired, SvidIssuer issuer) {
    long started = System.nanoTime();
    try {
      return issuer.issue(desired.request(), desired.ca());
    } catch (PkiException e) {
      throw new IssuanceFailedException(
          "issuing " + desired.spiffeId() + " failed: " + e.getMessage());
    } finally {
      metrics.signing().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * True when the SVID in place is still valid and chains to a root the workloads trust: replacing
   * it can then wait its turn.
   */
  private static boolean stillTrusted(CurrentSvid current, TrustBundle bundle, Instant now) {
    if (current == null || current.problem() != null) {
      return false;
    }
    X509Certificate leaf = current.leaf();
    if (!now.isBefore(leaf.getNotAfter().toInstant())) {
      return false;
    }
    List<X509Certificate> chain = current.chain();
    X509Certificate top = chain.get(chain.size() - 1);
    for (X509Certificate root : bundle.authorities()) {
      try {
        X509SvidChecker.checkSignedBy(top, root);
        return true;
      } catch (SvidCheckException e) {
        // try the next root
      }
    }
    return false;
  }

  private void requireCaLifetimeLeft(DesiredSvid desired) throws BadInputException {
    Instant caEnd = desired.ca().issuableUntil();
    if (Duration.between(Instant.now(clock), caEnd).compareTo(minimumLifetime) < 0) {
      throw new BadInputException(
          Reasons.CA_EXPIRING,
          "the trust domain's CA chain ends at "
              + caEnd
              + ", too soon to issue an SVID that lives at least "
              + Durations.format(minimumLifetime)
              + "; replace the CA (deleting its Secret makes the operator generate a new one)");
    }
  }

  /** Reads a Secret the informer does not show: it may lack the labels the informer selects. */
  private Secret fetch(WorkloadIdentity wi, String secretName) {
    return client.secrets().inNamespace(wi.getMetadata().getNamespace()).withName(secretName).get();
  }

  private static BadInputException conflict(WorkloadIdentity wi, String secretName) {
    return new BadInputException(
        Reasons.SECRET_CONFLICT,
        "Secret "
            + wi.getMetadata().getNamespace()
            + "/"
            + secretName
            + " already exists and"
            + " is not managed by this WorkloadIdentity; set spec.secretName to another name,"
            + " or delete that Secret if it is no longer used");
  }

  private static String name(Secret secret) {
    return secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
  }
}
