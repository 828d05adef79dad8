package dev.vsid.operator.distribution;

import dev.vsid.operator.api.v1alpha1.BundleStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Collection;
import java.util.Map;

/**
 * Chooses a bundle's {@code spiffe_sequence}: the highest number already given out (recorded in the
 * TrustDomain's status or on a published ConfigMap) while the bundle is unchanged, one more when it
 * changed. Reading both sources means a number is not given to other content after a crash between
 * the ConfigMap writes and the status write, and does not go back when the status is lost (a
 * restore from a backup without status).
 */
public final class BundleSequence {
  static final long FIRST = 1;

  /** Sequence numbers above this are not taken from ConfigMap annotations (anyone may edit). */
  private static final long MAX_TRUSTED = 1L << 53;

  private BundleSequence() {}

  public static long choose(BundleStatus status, String digest, Collection<ConfigMap> published) {
    long highest = 0;
    boolean highestMatches = false;
    if (status != null && status.getSequence() != null && status.getSequence() > 0) {
      highest = status.getSequence();
      highestMatches = digest.equals(status.getDigest());
    }
    for (ConfigMap configMap : published) {
      Map<String, String> annotations = configMap.getMetadata().getAnnotations();
      if (annotations == null) {
        continue;
      }
      long sequence = parse(annotations.get(BundleConfigMaps.SEQUENCE_ANNOTATION));
      boolean matches = digest.equals(annotations.get(BundleConfigMaps.DIGEST_ANNOTATION));
      if (sequence > highest) {
        highest = sequence;
        highestMatches = matches;
      } else if (sequence == highest && matches) {
        highestMatches = true;
      }
    }
    if (highest == 0) {
      return FIRST;
    }
    return highestMatches ? highest : Math.addExact(highest, 1);
  }

  private static long parse(String value) {
    if (value == null) {
      return 0;
    }
    try {
      long parsed = Long.parseLong(value);
      return parsed > 0 && parsed < MAX_TRUSTED ? parsed : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
