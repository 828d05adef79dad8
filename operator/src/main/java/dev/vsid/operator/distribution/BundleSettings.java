package dev.vsid.operator.distribution;

import dev.vsid.operator.api.v1alpha1.BundleSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.kube.SecretNames;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import java.time.Duration;

/**
 * A TrustDomain's bundle settings, checked, with defaults applied.
 *
 * @param configMapName name of the bundle ConfigMap in each namespace
 * @param namespaces which namespaces get it
 * @param refreshHint the published spiffe_refresh_hint
 */
public record BundleSettings(
    String configMapName, NamespaceSelection namespaces, Duration refreshHint) {
  public static final String CONFIG_MAP_PREFIX = "vsid-bundle-";
  public static final Duration DEFAULT_REFRESH_HINT = Duration.ofMinutes(5);
  static final Duration MINIMUM_REFRESH_HINT = Duration.ofSeconds(10);
  static final Duration MAXIMUM_REFRESH_HINT = Duration.ofDays(1);

  /** The default ConfigMap name of a TrustDomain resource. */
  public static String defaultConfigMapName(String trustDomainResource) {
    return SecretNames.derived(CONFIG_MAP_PREFIX, trustDomainResource);
  }

  /**
   * Reads the bundle settings of {@code td}.
   *
   * @throws BadInputException with reason InvalidBundleSettings, naming the field to fix
   */
  public static BundleSettings of(TrustDomain td) throws BadInputException {
    BundleSpec spec =
        td.getSpec() == null || td.getSpec().getBundle() == null
            ? new BundleSpec()
            : td.getSpec().getBundle();
    String name = spec.getConfigMapName();
    if (name == null) {
      name = defaultConfigMapName(td.getMetadata().getName());
    } else if (!SecretNames.isValidName(name)) {
      throw new BadInputException(
          Reasons.INVALID_BUNDLE_SETTINGS,
          "spec.bundle.configMapName "
              + Text.quote(name)
              + " is not a valid ConfigMap name; use lowercase letters, digits, '-' and '.',"
              + " such as trust-bundle");
    }
    return new BundleSettings(
        name, NamespaceSelection.of(spec.getNamespaceSelector()), refreshHint(spec));
  }

  private static Duration refreshHint(BundleSpec spec) throws BadInputException {
    if (spec.getRefreshHint() == null) {
      return DEFAULT_REFRESH_HINT;
    }
    Duration hint;
    try {
      hint = Durations.parse(spec.getRefreshHint());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          Reasons.INVALID_BUNDLE_SETTINGS, "spec.bundle.refreshHint: " + e.getMessage());
    }
    if (hint.compareTo(MINIMUM_REFRESH_HINT) < 0 || hint.compareTo(MAXIMUM_REFRESH_HINT) > 0) {
      throw new BadInputException(
          Reasons.INVALID_BUNDLE_SETTINGS,
          "spec.bundle.refreshHint "
              + Text.quote(spec.getRefreshHint())
              + " is outside "
              + Durations.format(MINIMUM_REFRESH_HINT)
              + " to "
              + Durations.format(MAXIMUM_REFRESH_HINT)
              + "; use a value such as 5m");
    }
    return hint;
  }
}
