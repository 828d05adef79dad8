package dev.vsid.operator.trustdomain;

import dev.vsid.operator.api.v1alpha1.RotationStatus;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.ca.CaState;
import dev.vsid.operator.ca.CaState.Phase;
import dev.vsid.operator.ca.CaStore;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.identity.SvidInventory;
import dev.vsid.operator.kube.EventRecorder;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a trust domain's CA rotation forward by at most one step per call, each step one write of
 * the CA Secret:
 *
 * <ol>
 *   <li>start: a new CA is generated and stored as the next one (when the active CA nears its end,
 *       or on request); its root joins every bundle at once, while the active CA still signs;
 *   <li>published: once every bundle ConfigMap and every live SVID Secret carries the new root, the
 *       time is recorded;
 *   <li>switch: after the propagation delay, the next CA becomes the active one; the old roots stay
 *       trusted (unless the request said to drop them) and SVIDs are reissued a few per second;
 *   <li>retire: when no live SVID is signed by anything but the active CA, or the old roots have
 *       expired, the old roots leave the bundles.
 * </ol>
 *
 * A crash between two steps loses nothing: the next call reads the stored state and goes on.
 */
final class CaRotation {
  private static final Logger log = LoggerFactory.getLogger(CaRotation.class);
  static final int MAX_RETIRING_ROOTS = 4;
  private static final int SHOWN = 3;

  private final CaStore caStore;
  private final SvidInventory inventory;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration poll;

  /** What this call did, and when to look again. */
  record Step(Secret written, Optional<Duration> recheck, RotationStatus status) {}

  CaRotation(
      CaStore caStore, SvidInventory inventory, EventRecorder events, Clock clock, Duration poll) {
    this.caStore = caStore;
    this.inventory = inventory;
    this.events = events;
    this.clock = clock;
    this.poll = poll;
  }

  /**
   * @param bundlesBehind selected namespaces whose bundle ConfigMap does not hold the bundle built
   *     from {@code state} (a ConfigMap someone else owns is not counted: it never will)
   * @param bundlePem that bundle as PEM, which every live SVID Secret must carry
   */
  Step advance(
      TrustDomain td,
      TrustDomainSettings settings,
      Secret secret,
      CaState state,
      Optional<CertificateAuthority> provided,
      List<String> bundlesBehind,
      String bundlePem)
      throws BadInputException {
    Instant now = clock.instant();
    RotationStatus status = describe(state, settings);
    String request = settings.rotationRequest();
    boolean requested = request != null && !request.equals(state.rotation().handledRequest());
    Phase phase = state.phase();
    String activeFingerprint = state.active().fingerprint();
    Optional<CertificateAuthority> replacement =
        provided.filter(ca -> !ca.fingerprint().equals(activeFingerprint));
    if (replacement.isPresent()
        && (phase == Phase.STABLE
            || phase == Phase.RETIRING
            || !state.next().orElseThrow().fingerprint().equals(replacement.get().fingerprint()))) {
      return start(td, secret, replacement.get(), "ProvidedCaChanged", null, false, now, status);
    }
    if (phase == Phase.STABLE || phase == Phase.RETIRING) {
      Instant due = dueAt(state, settings);
      if (settings.providedCaSecret().isPresent()) {
        status.setNextRotationAt(null);
        if (requested) {
          status.setWaitingFor(
              "spec.ca.rotation.request is not acted on while spec.ca.secretName names the CA;"
                  + " put a new CA in Secret "
                  + settings.providedCaSecret().get()
                  + " instead");
        }
        if (!now.isBefore(due)) {
          status.setWaitingFor(
              "a new CA in Secret "
                  + settings.providedCaSecret().get()
                  + ": the provided CA expires at "
                  + state.active().notAfter()
                  + " and the operator does not replace a provided CA by itself");
        }
        return phase == Phase.STABLE
            ? new Step(null, Optional.empty(), status)
            : retire(td, settings, secret, state, now, status, now.plus(poll));
      }
      if (requested || !now.isBefore(due)) {
        CertificateAuthority fresh =
            CertificateAuthority.generateRoot(
                settings.trustDomain(), settings.caKeyType(), settings.caTtl(), clock);
        return requested
            ? start(td, secret, fresh, "Requested", request, settings.dropOldRoot(), now, status)
            : start(td, secret, fresh, "Scheduled", null, false, now, status);
      }
      status.setNextRotationAt(due.toString());
      if (phase == Phase.STABLE) {
        return new Step(null, Optional.of(Duration.between(now, due)), status);
      }
      return retire(td, settings, secret, state, now, status, due);
    }
    if (phase == Phase.PUBLISHING) {
      if (!inventory.isReady()) {
        status.setWaitingFor("the SVID Secrets to be listed");
        return new Step(null, Optional.of(poll), status);
      }
      List<String> behind = new ArrayList<>();
      bundlesBehind.forEach(ns -> behind.add("bundle ConfigMap in " + ns));
      inventory
          .notCarrying(settings.trustDomain(), bundlePem, now)
          .forEach(name -> behind.add("SVID Secret " + name));
      if (!behind.isEmpty() && !givenUpOn(td, state, settings, behind, now)) {
        status.setWaitingFor(
            behind.size()
                + (behind.size() == 1 ? " place" : " places")
                + " to carry the new root: "
                + shown(behind));
        return new Step(null, Optional.of(poll), status);
      }
      Secret written = write(() -> caStore.markPublished(secret, now));
      if (written != null) {
        Duration delay = settings.propagationDelay();
        announce(
            td,
            Reasons.CA_ROOT_PUBLISHED,
            "The new root is in every bundle ConfigMap and SVID Secret; the new CA signs from "
                + now.plus(delay)
                + " (after the propagation delay of "
                + Durations.format(delay)
                + ")");
      }
      return new Step(written, Optional.of(poll), status);
    }
    // PROPAGATING
    Instant switchAt = state.rotation().publishedAt().plus(settings.propagationDelay());
    if (now.isBefore(switchAt)) {
      status.setWaitingFor("files mounted in pods to catch up, until " + switchAt);
      return new Step(null, Optional.of(Duration.between(now, switchAt)), status);
    }
    CaState switched = boundRetiring(state, now, td);
    Secret written = write(() -> caStore.switchToNext(secret, switched, now));
    if (written != null) {
      CertificateAuthority next = state.next().orElseThrow();
      announce(
          td,
          Reasons.CA_SWITCHED,
          "CA "
              + next.subject()
              + " (serial "
              + next.serialNumberHex()
              + ") now signs SVIDs; "
              + (state.rotation().dropOldRoot()
                  ? "the old root is no longer trusted and every SVID is being reissued"
                  : "SVIDs of the old CA are being reissued; the old root stays trusted until"
                      + " they are all replaced"));
    }
    return new Step(written, Optional.of(poll), status);
  }

  /**
   * A bundle ConfigMap the operator cannot write (forbidden, a namespace stuck terminating) or an
   * SVID Secret it no longer keeps (the identity's spec is invalid) never gets the new root.
   * Waiting for them forever would let the CA run out for everyone, so after {@link #patience} the
   * rotation goes on without them, loudly.
   */
  private boolean givenUpOn(
      TrustDomain td, CaState state, TrustDomainSettings settings, List<String> behind, Instant now)
      throws BadInputException {
    Instant startedAt = state.rotation().startedAt();
    Duration patience = patience(settings.propagationDelay());
    if (startedAt == null || now.isBefore(startedAt.plus(patience))) {
      return false;
    }
    String message =
        behind.size()
            + (behind.size() == 1 ? " place still lacks" : " places still lack")
            + " the new root after "
            + Durations.format(patience)
            + ", so the rotation goes on without them: "
            + shown(behind)
            + ". Workloads there will not trust SVIDs of the new CA until that is fixed"
            + " (see status.bundle.failures and kubectl describe wid).";
    log.warn("TrustDomain {}: {}", td.getMetadata().getName(), message);
    events.warning(td, Reasons.CA_ROTATION_LAGGARDS, message);
    return true;
  }

  /** How long a rotation waits for SVID Secrets that do not take the new root. */
  static Duration patience(Duration propagationDelay) {
    Duration fourTimes = propagationDelay.multipliedBy(4);
    return fourTimes.compareTo(Duration.ofHours(1)) > 0 ? fourTimes : Duration.ofHours(1);
  }

  private Step start(
      TrustDomain td,
      Secret secret,
      CertificateAuthority fresh,
      String reason,
      String request,
      boolean drop,
      Instant now,
      RotationStatus status) {
    Secret written = write(() -> caStore.startRotation(secret, fresh, reason, now, request, drop));
    if (written != null) {
      announce(
          td,
          Reasons.CA_ROTATION_STARTED,
          "Rotation started ("
              + reason
              + (request != null ? ": request " + Text.quote(request) : "")
              + "): new CA "
              + fresh.subject()
              + " (serial "
              + fresh.serialNumberHex()
              + ", expires "
              + fresh.notAfter()
              + ") is being published; the current CA signs until it is everywhere");
    }
    return new Step(written, Optional.of(poll), status);
  }

  private Step retire(
      TrustDomain td,
      TrustDomainSettings settings,
      Secret secret,
      CaState state,
      Instant now,
      RotationStatus status,
      Instant due) {
    List<X509Certificate> live = state.liveRetiring(now);
    List<String> dependents =
        inventory.isReady()
            ? inventory.signedByOthers(settings.trustDomain(), state.active(), now)
            : List.of("(SVID Secrets not listed yet)");
    boolean done = live.isEmpty() || dependents.isEmpty();
    if (!done) {
      status.setWaitingFor(
          count(dependents, "live SVID") + " signed by the old CA: " + shown(dependents));
      if (live.size() < state.retiring().size()) {
        // Expired roots go now; the live ones stay.
        Secret written = write(() -> caStore.retire(secret, live));
        return new Step(written, Optional.of(poll), status);
      }
      Duration wait = poll;
      Duration untilDue = Duration.between(now, due);
      return new Step(null, Optional.of(untilDue.compareTo(wait) < 0 ? untilDue : wait), status);
    }
    Secret written = write(() -> caStore.retire(secret, List.of()));
    if (written != null) {
      announce(
          td,
          Reasons.CA_ROOT_RETIRED,
          "The old root"
              + (state.retiring().size() == 1 ? " is" : "s are")
              + " no longer trusted: "
              + (live.isEmpty() ? "expired" : "every live SVID is signed by the active CA"));
    }
    return new Step(written, Optional.of(poll), status);
  }

  /** The old roots to keep at the switch: at most {@link #MAX_RETIRING_ROOTS}, newest first. */
  private CaState boundRetiring(CaState state, Instant now, TrustDomain td) {
    List<X509Certificate> live = new ArrayList<>(state.liveRetiring(now));
    live.sort(Comparator.comparing((X509Certificate c) -> c.getNotAfter()).reversed());
    int room = MAX_RETIRING_ROOTS - state.active().roots().size();
    if (live.size() > room) {
      log.warn(
          "TrustDomain {}: {} old roots are still trusted; the oldest {} are dropped to keep the"
              + " bundle bounded",
          td.getMetadata().getName(),
          live.size(),
          live.size() - Math.max(room, 0));
      live = live.subList(0, Math.max(room, 0));
    }
    return new CaState(state.active(), state.next(), live, state.rotation());
  }

  static Instant dueAt(CaState state, TrustDomainSettings settings) throws BadInputException {
    CertificateAuthority active = state.active();
    Duration lifetime = Duration.between(active.notBefore(), active.notAfter());
    return active.notAfter().minus(settings.renewBefore(lifetime));
  }

  private RotationStatus describe(CaState state, TrustDomainSettings settings)
      throws BadInputException {
    RotationStatus status = new RotationStatus();
    CaState.Rotation r = state.rotation();
    Phase phase = state.phase();
    status.setPhase(
        switch (phase) {
          case STABLE -> "Stable";
          case PUBLISHING -> "Publishing";
          case PROPAGATING -> "Propagating";
          case RETIRING -> "Retiring";
        });
    status.setReason(r.reason());
    status.setStartedAt(r.startedAt() == null ? null : r.startedAt().toString());
    status.setPublishedAt(r.publishedAt() == null ? null : r.publishedAt().toString());
    if (r.switchedAt() != null) {
      status.setSwitchAt(r.switchedAt().toString());
    } else if (r.publishedAt() != null) {
      status.setSwitchAt(r.publishedAt().plus(settings.propagationDelay()).toString());
    }
    status.setHandledRequest(r.handledRequest());
    return status;
  }

  private interface Write {
    Secret run();
  }

  /** One write of the CA Secret; null when someone else changed it first (it is then re-read). */
  private static Secret write(Write step) {
    try {
      return step.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        log.info("The CA Secret changed meanwhile; the rotation step is worked out again");
        return null;
      }
      throw e;
    }
  }

  private void announce(TrustDomain td, String reason, String message) {
    log.info("TrustDomain {}: {}", td.getMetadata().getName(), message);
    events.normal(td, reason, message);
  }

  private static String count(List<String> items, String noun) {
    return items.size() + " " + noun + (items.size() == 1 ? "" : "s");
  }

  private static String shown(List<String> items) {
    String list = String.join(", ", items.subList(0, Math.min(SHOWN, items.size())));
    return items.size() > SHOWN ? list + " and " + (items.size() - SHOWN) + " more" : list;
  }
}
