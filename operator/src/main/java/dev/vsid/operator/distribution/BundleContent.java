package dev.vsid.operator.distribution;

import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.bundle.TrustFiles;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The data of a bundle ConfigMap: the trust domain's own bundle as PEM ({@code ca.crt}) and as a
 * SPIFFE bundle document ({@code bundle.json}), and the bundle of each other trust domain it trusts
 * under keys of its own ({@code federated.<trust domain>.crt} and {@code .json}), never merged,
 * plus {@code all-roots.crt} holding every root when there is a federated one. The same input
 * always gives the same bytes.
 */
public final class BundleContent {
  public static final String PEM_KEY = "ca.crt";
  public static final String SPIFFE_KEY = "bundle.json";
  public static final String FEDERATED_PREFIX = "federated.";

  private final TrustBundle own;
  private final String digest;
  private final Map<String, String> data;

  private BundleContent(TrustBundle own, String digest, Map<String, String> data) {
    this.own = own;
    this.digest = digest;
    this.data = data;
  }

  /**
   * The content for {@code own}, which carries its sequence and refresh hint, beside the bundles of
   * {@code others}, which must not include the own trust domain.
   */
  public static BundleContent of(TrustBundle own, Map<TrustDomainName, TrustBundle> others) {
    Objects.requireNonNull(own, "own");
    TreeMap<String, String> data = new TreeMap<>();
    if (others.containsKey(own.trustDomain())) {
      throw new IllegalArgumentException("the own trust domain is not a federated one");
    }
    data.putAll(TrustFiles.of(own, others).files());
    data.put(SPIFFE_KEY, SpiffeBundleJson.write(own));
    for (Map.Entry<TrustDomainName, TrustBundle> other : others.entrySet()) {
      String prefix = FEDERATED_PREFIX + other.getKey().name();
      data.put(prefix + ".json", SpiffeBundleJson.write(other.getValue()));
    }
    return new BundleContent(own, digest(own), Collections.unmodifiableMap(data));
  }

  /**
   * SHA-256, hexadecimal, over what the sequence number of {@code bundle} describes: its roots and
   * its refresh hint (not the sequence itself).
   */
  public static String digest(TrustBundle bundle) {
    StringBuilder text = new StringBuilder();
    for (X509Certificate root : bundle.authorities()) {
      text.append(Fingerprints.sha256(root)).append('\n');
    }
    bundle.refreshHint().ifPresent(hint -> text.append("refresh=").append(hint.getSeconds()));
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sum);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  public TrustBundle own() {
    return own;
  }

  /** The own bundle's sequence number. */
  public long sequence() {
    return own.sequence().orElse(0);
  }

  /** See {@link #digest(TrustBundle)}. */
  public String digest() {
    return digest;
  }

  /** The ConfigMap data, sorted by key; unmodifiable. */
  public Map<String, String> data() {
    return data;
  }
}
