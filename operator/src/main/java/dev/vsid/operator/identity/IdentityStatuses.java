package dev.vsid.operator.identity;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentityStatus;
import dev.vsid.operator.pki.Fingerprints;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Builds WorkloadIdentity statuses from the SVID in place. */
final class IdentityStatuses {
  private IdentityStatuses() {}

  /** A status describing the SVID just confirmed or issued. */
  static WorkloadIdentityStatus issued(
      WorkloadIdentity wi, DesiredSvid desired, X509Certificate leaf) {
    WorkloadIdentityStatus status = new WorkloadIdentityStatus();
    status.setSpiffeId(desired.spiffeId().toString());
    status.setSecretName(desired.secretName());
    status.setSerialNumber(Fingerprints.serialNumber(leaf));
    status.setNotBefore(leaf.getNotBefore().toInstant().toString());
    status.setNotAfter(leaf.getNotAfter().toInstant().toString());
    status.setRenewalTime(RenewalPolicy.renewalTime(leaf).toString());
    return status;
  }

  /**
   * A status that keeps what the previous one said about the SVID in place: a failure to reach the
   * desired state does not remove the SVID that is still there.
   */
  static WorkloadIdentityStatus carryOver(WorkloadIdentityStatus previous) {
    WorkloadIdentityStatus status = new WorkloadIdentityStatus();
    if (previous != null && previous.parseProblem() == null) {
      status.setSpiffeId(previous.getSpiffeId());
      status.setSecretName(previous.getSecretName());
      status.setSerialNumber(previous.getSerialNumber());
      status.setNotBefore(previous.getNotBefore());
      status.setNotAfter(previous.getNotAfter());
      status.setRenewalTime(previous.getRenewalTime());
    }
    return status;
  }

  /**
   * What happens to the SVID already issued while the identity cannot be served: it is not renewed
   * and stays valid until it expires. Empty when no SVID was issued.
   */
  static String notRenewed(WorkloadIdentityStatus carried, Clock clock) {
    if (carried.getNotAfter() == null || carried.getSecretName() == null) {
      return "";
    }
    Instant notAfter;
    try {
      notAfter = Instant.parse(carried.getNotAfter());
    } catch (DateTimeParseException e) {
      return "";
    }
    String secret = carried.getSecretName();
    return notAfter.isAfter(Instant.now(clock))
        ? ". The SVID already in Secret "
            + secret
            + " is not renewed; it is valid until "
            + notAfter
        : ". The SVID in Secret " + secret + " expired at " + notAfter + " and is not renewed";
  }

  static String readyMessage(X509Certificate leaf, DesiredSvid desired) {
    return "SVID for "
        + desired.spiffeId()
        + " is in Secret "
        + desired.secretName()
        + ", valid until "
        + leaf.getNotAfter().toInstant()
        + ", renewal at "
        + RenewalPolicy.renewalTime(leaf);
  }
}
