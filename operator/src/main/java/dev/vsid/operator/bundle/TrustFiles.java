package dev.vsid.operator.bundle;

import dev.vsid.operator.spiffe.TrustDomainName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PEM files of roots a workload trusts: {@code ca.crt} (its own trust domain's), one {@code
 * federated.<trust domain>.crt} for each federated trust domain, never merged, and, when there is
 * any federated one, {@code all-roots.crt} with all of them for TLS stacks that take one CA file.
 * The same input always gives the same bytes.
 */
public final class TrustFiles {
  public static final String OWN = "ca.crt";
  public static final String ALL = "all-roots.crt";
  public static final String FEDERATED_PREFIX = "federated.";
  public static final String FEDERATED_SUFFIX = ".crt";

  private final Map<String, String> files;

  private TrustFiles(Map<String, String> files) {
    this.files = files;
  }

  public static TrustFiles of(TrustBundle own, Map<TrustDomainName, TrustBundle> federated) {
    TreeMap<String, String> files = new TreeMap<>();
    files.put(OWN, PemBundle.write(own));
    if (!federated.isEmpty()) {
      List<java.security.cert.X509Certificate> all = new ArrayList<>(own.authorities());
      for (Map.Entry<TrustDomainName, TrustBundle> other : new TreeMap<>(federated).entrySet()) {
        files.put(federatedKey(other.getKey()), PemBundle.write(other.getValue()));
        all.addAll(other.getValue().authorities());
      }
      files.put(ALL, PemBundle.write(TrustBundle.of(own.trustDomain(), all)));
    }
    return new TrustFiles(Collections.unmodifiableMap(files));
  }

  public static String federatedKey(TrustDomainName trustDomain) {
    return FEDERATED_PREFIX + trustDomain.name() + FEDERATED_SUFFIX;
  }

  /** Whether {@code key} is one of the keys these files are kept under, present or not. */
  public static boolean isTrustKey(String key) {
    return key.equals(OWN)
        || key.equals(ALL)
        || (key.startsWith(FEDERATED_PREFIX) && key.endsWith(FEDERATED_SUFFIX));
  }

  /** File name to PEM text, sorted by name; unmodifiable. */
  public Map<String, String> files() {
    return files;
  }

  /** The own trust domain's roots as PEM. */
  public String own() {
    return files.get(OWN);
  }

  /** Whether {@code present} (file name to text) holds exactly these trust files. */
  public boolean sameAs(Map<String, String> present) {
    Map<String, String> trust = new TreeMap<>();
    present.forEach(
        (key, value) -> {
          if (isTrustKey(key)) {
            trust.put(key, value);
          }
        });
    return trust.equals(files);
  }
}
