package dev.vsid.operator.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vsid.operator.spiffe.InvalidSpiffeIdException;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.text.Text;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The SPIFFE bundle format (a JWK Set, SPIFFE Trust Domain and Bundle §4) and the bundle map
 * (§5.1.1, Appendix B), for X.509 authorities.
 *
 * <p>Writing is deterministic: the same bundle always gives the same bytes (compact JSON, fixed
 * member order, authorities in the bundle's order). Reading follows the spec's consumer rules,
 * which are more forgiving than go-spiffe and SPIRE in these places:
 *
 * <ul>
 *   <li>an {@code x509-svid} entry whose {@code x5c} holds several certificates contributes the
 *       first and the rest are ignored (X509-SVID §6.2); go-spiffe and SPIRE reject the bundle;
 *   <li>an {@code x509-svid} entry without {@code x5c}, or with an empty one, is ignored (X509-SVID
 *       §6.2); go-spiffe and SPIRE reject the bundle;
 *   <li>an entry with no {@code use} or an unknown one (case-sensitive, so {@code X509-SVID} is
 *       unknown) is ignored (TDB §4.2.2); SPIRE rejects the bundle;
 *   <li>an entry with an unknown or missing {@code kty} is ignored (TDB §4.2.1); go-jose, under
 *       go-spiffe, rejects the document;
 *   <li>{@code jwt-svid} and {@code wit-svid} entries are skipped unchecked, so one without a
 *       {@code kid} does not cost the trust domain its X.509 authorities; go-spiffe and SPIRE
 *       reject the bundle;
 *   <li>when an entry's JWK parameters do not match the key of {@code x5c[0]}, the certificate is
 *       used: it is what X.509 validation needs. go-jose rejects the document.
 * </ul>
 *
 * And stricter in these: a member that appears twice in one object rejects the document (go's
 * decoder keeps the last one); a negative {@code spiffe_refresh_hint} is rejected (go accepts any
 * 64-bit value); {@code spiffe_sequence} above 2^63-1 is rejected (go reads unsigned 64 bits).
 */
public final class SpiffeBundleJson {
  private static final String BUNDLE = "SPIFFE bundle";
  private static final String BUNDLE_MAP = "SPIFFE bundle map";
  private static final String TRUST_DOMAINS = "trust_domains";

  private SpiffeBundleJson() {}

  /**
   * {@code bundle} as a SPIFFE bundle: {@code {"keys":[...],"spiffe_refresh_hint":N,
   * "spiffe_sequence":N}}, the last two only when the bundle has them. An empty bundle writes
   * {@code "keys":[]}.
   *
   * @throws IllegalArgumentException if an authority's key cannot be written as a JWK (not EC
   *     P-256/P-384/P-521, RSA or Ed25519)
   */
  public static String write(TrustBundle bundle) {
    Objects.requireNonNull(bundle, "bundle");
    return BundleJsonWriter.write(json -> BundleJsonWriter.writeBundle(json, bundle, true));
  }

  /**
   * The X.509 authorities, sequence and refresh hint of a SPIFFE bundle for {@code trustDomain}
   * (the document does not name its trust domain). Certificates need not carry a SPIFFE ID, and
   * neither their validity period nor their CA flag is checked here.
   *
   * @throws BundleFormatException if the text is not one JSON object, has no {@code keys} array,
   *     repeats a member, holds an x5c[0] that is not a base64 DER certificate, or has a sequence
   *     or refresh hint that is not an integer from 0 to 2^63-1
   */
  public static TrustBundle read(TrustDomainName trustDomain, String json)
      throws BundleFormatException {
    Objects.requireNonNull(trustDomain, "trustDomain");
    return BundleJsonReader.read(trustDomain, StrictJson.parse(json, BUNDLE), BUNDLE);
  }

  /**
   * A bundle map: {@code {"trust_domains":{"<name>":<bundle>,...}}}. {@code trust_domains} must be
   * present and may be empty; a trust domain named twice rejects the whole map.
   *
   * @throws BundleFormatException if the map is malformed, a key is not a valid trust domain name,
   *     or one of the bundles is malformed
   */
  public static Map<TrustDomainName, TrustBundle> readMap(String json)
      throws BundleFormatException {
    JsonNode document = StrictJson.parse(json, BUNDLE_MAP);
    JsonNode members = trustDomains(document);
    SortedMap<TrustDomainName, TrustBundle> bundles = new TreeMap<>();
    for (Map.Entry<String, JsonNode> member : members.properties()) {
      TrustDomainName trustDomain = trustDomainKey(member.getKey());
      String where = BUNDLE_MAP + " member " + Text.quote(trustDomain.name());
      bundles.put(trustDomain, BundleJsonReader.read(trustDomain, member.getValue(), where));
    }
    return Collections.unmodifiableSortedMap(bundles);
  }

  /**
   * {@code bundles} as a bundle map, sorted by trust domain name, without refresh hints (§6.3).
   *
   * @throws IllegalArgumentException if a key differs from its bundle's trust domain, or as {@link
   *     #write}
   */
  public static String writeMap(Map<TrustDomainName, TrustBundle> bundles) {
    SortedMap<TrustDomainName, TrustBundle> sorted = new TreeMap<>(bundles);
    sorted.forEach(SpiffeBundleJson::requireMatchingTrustDomain);
    return BundleJsonWriter.write(
        json -> {
          json.writeStartObject();
          json.writeObjectFieldStart(TRUST_DOMAINS);
          for (Map.Entry<TrustDomainName, TrustBundle> member : sorted.entrySet()) {
            json.writeFieldName(member.getKey().name());
            BundleJsonWriter.writeBundle(json, member.getValue(), false);
          }
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  private static JsonNode trustDomains(JsonNode document) throws BundleFormatException {
    if (!document.isObject()) {
      throw new BundleFormatException(
          BUNDLE_MAP + " must be a JSON object, not " + BundleJsonReader.kind(document));
    }
    JsonNode members = document.get(TRUST_DOMAINS);
    if (members == null) {
      throw new BundleFormatException(
          BUNDLE_MAP + " has no \"trust_domains\" member; it must be present, as {} when empty");
    }
    if (!members.isObject()) {
      throw new BundleFormatException(
          BUNDLE_MAP
              + ": \"trust_domains\" must be an object, not "
              + BundleJsonReader.kind(members));
    }
    return members;
  }

  private static TrustDomainName trustDomainKey(String key) throws BundleFormatException {
    try {
      return new TrustDomainName(key);
    } catch (InvalidSpiffeIdException e) {
      throw new BundleFormatException(
          BUNDLE_MAP + ": invalid key in trust_domains: " + e.getMessage());
    }
  }

  private static void requireMatchingTrustDomain(TrustDomainName key, TrustBundle bundle) {
    Objects.requireNonNull(bundle, "the bundle of " + key);
    if (!bundle.trustDomain().equals(key)) {
      throw new IllegalArgumentException(
          "the bundle map key " + key + " holds the bundle of " + bundle.trustDomain());
    }
  }
}
