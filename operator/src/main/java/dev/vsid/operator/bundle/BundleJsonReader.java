package dev.vsid.operator.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.text.Text;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the JSON tree of one SPIFFE bundle into a {@link TrustBundle}, following the consumer rules
 * of the SPIFFE Trust Domain and Bundle spec (§4) and X509-SVID §6.2. Only the X.509 authorities
 * are kept; JWT keys are skipped without being checked.
 */
final class BundleJsonReader {
  static final String KEYS = "keys";
  static final String SEQUENCE = "spiffe_sequence";
  static final String REFRESH_HINT = "spiffe_refresh_hint";
  static final String X509_SVID = "x509-svid";

  /** Key types that can describe a CA certificate's key; any other kty is ignored (TDB §4.2.1). */
  private static final Set<String> CERTIFICATE_KTYS = Set.of("EC", "RSA", "OKP");

  private BundleJsonReader() {}

  /** The bundle in {@code document}; {@code where} names it in messages. */
  static TrustBundle read(TrustDomainName trustDomain, JsonNode document, String where)
      throws BundleFormatException {
    if (!document.isObject()) {
      throw new BundleFormatException(where + " must be a JSON object, not " + kind(document));
    }
    List<X509Certificate> authorities = authorities(keys(document, where), where);

    TrustBundle bundle = TrustBundle.of(trustDomain, authorities);
    Optional<Long> sequence = nonNegativeLong(document, SEQUENCE, where);
    if (sequence.isPresent()) {
      bundle = bundle.withSequence(sequence.get());
    }
    Optional<Long> hint = nonNegativeLong(document, REFRESH_HINT, where);
    if (hint.isPresent()) {
      bundle = bundle.withRefreshHint(Duration.ofSeconds(hint.get()));
    }
    return bundle;
  }

  private static JsonNode keys(JsonNode document, String where) throws BundleFormatException {
    JsonNode keys = document.get(KEYS);
    if (keys == null) {
      throw new BundleFormatException(
          where + " has no \"keys\" member; it must be present, as [] when the set is empty");
    }
    if (!keys.isArray()) {
      throw new BundleFormatException(where + ": \"keys\" must be an array, not " + kind(keys));
    }
    return keys;
  }

  private static List<X509Certificate> authorities(JsonNode keys, String where)
      throws BundleFormatException {
    List<X509Certificate> authorities = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      String entry = where + ": keys[" + i + "]";
      JsonNode key = keys.get(i);
      if (!key.isObject()) {
        throw new BundleFormatException(entry + " must be a JSON object, not " + kind(key));
      }
      if (isX509Entry(key)) {
        firstCertificate(key, entry).ifPresent(authorities::add);
      }
    }
    return authorities;
  }

  /** Use {@code x509-svid}, case-sensitive, with a kty a certificate key can have. */
  private static boolean isX509Entry(JsonNode key) {
    JsonNode use = key.get("use");
    JsonNode kty = key.get("kty");
    return use != null
        && use.isTextual()
        && use.textValue().equals(X509_SVID)
        && kty != null
        && kty.isTextual()
        && CERTIFICATE_KTYS.contains(kty.textValue());
  }

  /** x5c[0]; an absent or empty x5c makes the entry unusable, not the bundle (X509 §6.2). */
  private static Optional<X509Certificate> firstCertificate(JsonNode key, String entry)
      throws BundleFormatException {
    JsonNode x5c = key.get("x5c");
    if (x5c == null || x5c.isNull()) {
      return Optional.empty();
    }
    if (!x5c.isArray()) {
      throw new BundleFormatException(entry + ": \"x5c\" must be an array, not " + kind(x5c));
    }
    if (x5c.isEmpty()) {
      return Optional.empty();
    }
    JsonNode first = x5c.get(0);
    if (!first.isTextual()) {
      throw new BundleFormatException(entry + ": x5c[0] must be a string, not " + kind(first));
    }
    return Optional.of(certificate(first.textValue(), entry + ": x5c[0]"));
  }

  private static X509Certificate certificate(String base64, String what)
      throws BundleFormatException {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new BundleFormatException(what + " is not standard base64 (RFC 4648 §4, padded)");
    }
    X509Certificate certificate;
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new BundleFormatException(what + " is not a DER X.509 certificate");
    }
    if (!Arrays.equals(encoded(certificate), der)) {
      throw new BundleFormatException(what + " has data after the certificate");
    }
    return certificate;
  }

  private static byte[] encoded(X509Certificate certificate) throws BundleFormatException {
    try {
      return certificate.getEncoded();
    } catch (CertificateException e) {
      throw new BundleFormatException("a certificate could not be re-encoded");
    }
  }

  /** An optional member holding an integer from 0 to 2^63-1; JSON null counts as absent. */
  private static Optional<Long> nonNegativeLong(JsonNode document, String name, String where)
      throws BundleFormatException {
    JsonNode value = document.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    String what = where + ": \"" + name + "\"";
    if (!value.isIntegralNumber()) {
      throw new BundleFormatException(what + " must be an integer, not " + kind(value));
    }
    if (value.bigIntegerValue().signum() < 0) {
      throw new BundleFormatException(
          what + " must not be negative, got " + Text.quote(value.asText()));
    }
    if (!value.canConvertToLong()) {
      throw new BundleFormatException(
          what + " is larger than 2^63-1, got " + Text.quote(value.asText()));
    }
    return Optional.of(value.longValue());
  }

  static String kind(JsonNode node) {
    switch (node.getNodeType()) {
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      case STRING:
        return "a string";
      case NUMBER:
        return node.isIntegralNumber() ? "an integer" : "a decimal number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
  }
}
