package dev.vsid.operator.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

/**
 * Writes SPIFFE bundles as compact JSON with a fixed member order, so that equal bundles give equal
 * bytes: {@code keys}, then {@code spiffe_refresh_hint}, then {@code spiffe_sequence}; in each key
 * {@code use}, {@code kty}, the key parameters, {@code x5c}. X.509 entries carry no {@code kid}
 * (X509-SVID §6.1).
 */
final class BundleJsonWriter {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private BundleJsonWriter() {}

  /** Something that writes one JSON value. */
  interface Body {
    void writeTo(JsonGenerator json) throws IOException;
  }

  static String write(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      body.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toString();
  }

  /** One bundle object; {@code withRefreshHint} false leaves the hint out (bundle maps, §6.3). */
  static void writeBundle(JsonGenerator json, TrustBundle bundle, boolean withRefreshHint)
      throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart(BundleJsonReader.KEYS);
    for (X509Certificate authority : bundle.authorities()) {
      writeX509Entry(json, authority);
    }
    json.writeEndArray();
    if (withRefreshHint && bundle.refreshHint().isPresent()) {
      long seconds = TrustBundle.wholeSecondsRoundedUp(bundle.refreshHint().get());
      json.writeNumberField(BundleJsonReader.REFRESH_HINT, seconds);
    }
    if (bundle.sequence().isPresent()) {
      json.writeNumberField(BundleJsonReader.SEQUENCE, bundle.sequence().getAsLong());
    }
    json.writeEndObject();
  }

  private static void writeX509Entry(JsonGenerator json, X509Certificate authority)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("use", BundleJsonReader.X509_SVID);
    for (Map.Entry<String, String> member : JwkPublicKeys.of(authority).entrySet()) {
      json.writeStringField(member.getKey(), member.getValue());
    }
    json.writeArrayFieldStart("x5c");
    json.writeString(Base64.getEncoder().encodeToString(der(authority)));
    json.writeEndArray();
    json.writeEndObject();
  }

  private static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("an authority could not be DER-encoded", e);
    }
  }
}
