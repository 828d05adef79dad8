package dev.vsid.operator.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.testing.ConformanceData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/** Certificates and JSON documents shared by the bundle tests; CAs are generated once. */
final class BundleFixtures {
  static final TrustDomainName EXAMPLE_ORG = new TrustDomainName("example.org");
  static final TrustDomainName EXAMPLE_COM = new TrustDomainName("example.com");
  static final ObjectMapper JSON = new ObjectMapper();

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Map<KeyType, X509Certificate> ROOTS = new EnumMap<>(KeyType.class);

  private BundleFixtures() {}

  /** A self-signed root of {@code type}, the same one for the whole test run. */
  static synchronized X509Certificate root(KeyType type) {
    return ROOTS.computeIfAbsent(type, BundleFixtures::newRoot);
  }

  /** A fresh root, different from {@link #root}. */
  static X509Certificate newRoot(KeyType type) {
    return CertificateAuthority.generateRoot(EXAMPLE_ORG, type, Duration.ofDays(365), CLOCK)
        .certificate();
  }

  static String base64(X509Certificate certificate) {
    try {
      return Base64.getEncoder().encodeToString(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An {@code x509-svid} JWK for {@code ca}, as a publisher writes it. */
  static ObjectNode x509Entry(X509Certificate ca) {
    ObjectNode entry = JSON.createObjectNode().put("use", "x509-svid");
    JwkPublicKeys.of(ca).forEach(entry::put);
    entry.putArray("x5c").add(base64(ca));
    return entry;
  }

  /** A {@code jwt-svid} JWK (EC P-256); a null {@code kid} leaves the member out. */
  static ObjectNode jwtEntry(String kid) {
    return keyEntry("jwt-svid", kid);
  }

  /** A {@code wit-svid} JWK, as go-spiffe and SPIRE know them; a null kid leaves it out. */
  static ObjectNode witEntry(String kid) {
    return keyEntry("wit-svid", kid);
  }

  private static ObjectNode keyEntry(String use, String kid) {
    ObjectNode entry = JSON.createObjectNode().put("use", use).put("kty", "EC");
    if (kid != null) {
      entry.put("kid", kid);
    }
    return entry
        .put("crv", "P-256")
        .put("x", "64Mm92hnvqSdLxl6XQVu32-3rydodal1S8JgGYg5AGk")
        .put("y", "x5hVyA9Z4OgQxpvkhTXwNsZACk1jz1xyuTDr6JdH3R0");
  }

  /** {@code {"keys":[entries...]}}. */
  static ObjectNode document(JsonNode... entries) {
    ObjectNode document = JSON.createObjectNode();
    ArrayNode keys = document.putArray("keys");
    for (JsonNode entry : entries) {
      keys.add(entry);
    }
    return document;
  }

  static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The go-spiffe SPIFFE bundle fixtures in the shared conformance data. */
  static String goSpiffeBundle(String name) {
    return read(ConformanceData.file("testdata/go-spiffe/bundle/spiffebundle/testdata/" + name));
  }

  /** A file of the go-spiffe X509-SVID fixtures (used here for its private key). */
  static String goSpiffeSvidFile(String name) {
    return read(ConformanceData.file("testdata/go-spiffe/svid/x509svid/testdata/" + name));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("missing conformance fixture " + file, e);
    }
  }
}
