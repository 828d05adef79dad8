package dev.vsid.operator.bundle;

import static dev.vsid.operator.bundle.BundleFixtures.EXAMPLE_ORG;
import static dev.vsid.operator.bundle.BundleFixtures.base64;
import static dev.vsid.operator.bundle.BundleFixtures.document;
import static dev.vsid.operator.bundle.BundleFixtures.root;
import static dev.vsid.operator.bundle.BundleFixtures.text;
import static dev.vsid.operator.bundle.BundleFixtures.x509Entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.pki.KeyType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Documents a SPIFFE bundle reader must refuse, and what its messages say. */
class SpiffeBundleJsonErrorsTest {
  private final X509Certificate p384 = root(KeyType.EC_P384);

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t"})
  void j15_emptyInputIsRejected(String json) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(BundleFormatException.class)
        .hasMessage("SPIFFE bundle is empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"keys\":[", "{\"keys\":[]", "{\"keys\":[{\"use\":\"x509"})
  void j15_truncatedJsonIsRejected(String json) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("SPIFFE bundle ends before its JSON value is complete");
  }

  @Test
  void j15_aRealBundleCutInHalfIsRejected() {
    String whole = SpiffeBundleJson.write(TrustBundle.of(EXAMPLE_ORG, List.of(p384)));

    assertThatThrownBy(() -> read(whole.substring(0, whole.length() / 2)))
        .isInstanceOf(BundleFormatException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"keys\"", "42", "null", "{\"keys\":[]} {}", "{\"keys\":[]}x"})
  void aDocumentThatIsNotOneJsonObjectIsRejected(String json) {
    assertThatThrownBy(() -> read(json)).isInstanceOf(BundleFormatException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"keys\":[],\"x\":1e-99999999999}",
        "{\"keys\":[],\"x\":1e2147483648}",
        "{\"keys\":[{\"use\":\"jwt-svid\",\"n\":1e-99999999999}]}"
      })
  void numbersTheParserCannotRepresentRejectTheDocumentCleanly(String json) {
    assertThatThrownBy(() -> SpiffeBundleJson.read(EXAMPLE_ORG, json))
        .isInstanceOf(BundleFormatException.class);
    assertThatThrownBy(() -> SpiffeBundleJson.readMap("{\"trust_domains\":{\"a\":" + json + "}}"))
        .isInstanceOf(BundleFormatException.class);
  }

  @Test
  void aMemberGivenTwiceRejectsTheDocument() {
    // RFC 7517 §4 allows rejecting; go's decoder would keep the last "keys" instead.
    assertThatThrownBy(() -> read("{\"keys\":[],\"keys\":[]}"))
        .hasMessageContaining("\"keys\" twice in the top-level object");
    assertThatThrownBy(() -> read("{\"keys\":[{\"use\":\"x509-svid\",\"use\":\"jwt-svid\"}]}"))
        .hasMessageContaining("\"use\" twice in \"/keys/0\"");
  }

  @Test
  void aKeyThatIsNotAnObjectIsRejected() {
    assertThatThrownBy(() -> read("{\"keys\":[\"x509-svid\"]}"))
        .hasMessageContaining("keys[0] must be a JSON object, not a string");
  }

  @Test
  void anX5cThatIsNotAnArrayOfStringsIsRejected() {
    ObjectNode notArray = x509Entry(p384).put("x5c", base64(p384));
    ObjectNode notString = x509Entry(p384);
    notString.putArray("x5c").add(1);

    assertThatThrownBy(() -> read(text(document(notArray))))
        .hasMessageContaining("keys[0]: \"x5c\" must be an array, not a string");
    assertThatThrownBy(() -> read(text(document(notString))))
        .hasMessageContaining("keys[0]: x5c[0] must be a string, not an integer");
  }

  @Test
  void aFirstCertificateThatIsNotStandardBase64IsRejected() {
    String urlSafe = base64(p384).replace('+', '-').replace('/', '_');
    String broken = urlSafe.equals(base64(p384)) ? "%%%%" : urlSafe;
    ObjectNode entry = x509Entry(p384);
    entry.putArray("x5c").add(broken);

    assertThatThrownBy(() -> read(text(document(entry))))
        .hasMessageContaining("keys[0]: x5c[0] is not standard base64");
  }

  @Test
  void aFirstCertificateThatIsNotACertificateIsRejected() throws Exception {
    byte[] der = p384.getEncoded();
    ObjectNode truncated = x509Entry(p384);
    truncated.putArray("x5c").add(base64Of(Arrays.copyOf(der, der.length - 10)));
    ObjectNode trailing = x509Entry(p384);
    trailing.putArray("x5c").add(base64Of(Arrays.copyOf(der, der.length + 2)));

    assertThatThrownBy(() -> read(text(document(truncated))))
        .hasMessageContaining("keys[0]: x5c[0] is not a DER X.509 certificate");
    assertThatThrownBy(() -> read(text(document(trailing))))
        .hasMessageContaining("keys[0]: x5c[0]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1.0", "1e3", "\"1\"", "true", "[1]"})
  void aSequenceThatIsNotAnIntegerIsRejected(String value) {
    assertThatThrownBy(() -> read("{\"keys\":[],\"spiffe_sequence\":" + value + "}"))
        .hasMessageContaining("\"spiffe_sequence\" must be an integer");
  }

  @Test
  void aNegativeOrTooLargeSequenceIsRejected() {
    assertThatThrownBy(() -> read("{\"keys\":[],\"spiffe_sequence\":-1}"))
        .hasMessageContaining("\"spiffe_sequence\" must not be negative, got \"-1\"");
    assertThatThrownBy(() -> read("{\"keys\":[],\"spiffe_sequence\":18446744073709551615}"))
        .hasMessageContaining("\"spiffe_sequence\" is larger than 2^63-1");
  }

  @Test
  void aSequenceIsReadIntoSixtyFourBits() throws Exception {
    assertThat(read("{\"keys\":[],\"spiffe_sequence\":9223372036854775807}").sequence())
        .hasValue(Long.MAX_VALUE);
    assertThat(read("{\"keys\":[],\"spiffe_sequence\":0}").sequence()).hasValue(0);
  }

  @Test
  void aNullSequenceOrHintCountsAsAbsent() throws Exception {
    TrustBundle bundle =
        read("{\"keys\":[],\"spiffe_sequence\":null,\"spiffe_refresh_hint\":null}");

    assertThat(bundle.sequence()).isEmpty();
    assertThat(bundle.refreshHint()).isEmpty();
  }

  @Test
  void theRefreshHintIsIntegerSecondsAndNeverNegative() throws Exception {
    assertThat(read("{\"keys\":[],\"spiffe_refresh_hint\":300}").refreshHint())
        .contains(Duration.ofMinutes(5));
    assertThatThrownBy(() -> read("{\"keys\":[],\"spiffe_refresh_hint\":-60}"))
        .hasMessageContaining("\"spiffe_refresh_hint\" must not be negative");
    assertThatThrownBy(() -> read("{\"keys\":[],\"spiffe_refresh_hint\":0.5}"))
        .hasMessageContaining("\"spiffe_refresh_hint\" must be an integer, not a decimal number");
  }

  @Test
  void messagesQuoteAtMostEightyCharactersOfTheInput() {
    String longValue = "9".repeat(500);
    String longToken = "x".repeat(5000);

    assertThatThrownBy(() -> read("{\"keys\":[],\"spiffe_sequence\":-" + longValue + "}"))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).doesNotContain(longValue));
    assertThatThrownBy(() -> read("{\"keys\":[" + longToken + "]}"))
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).doesNotContain(longToken));
  }

  @Test
  void deeplyNestedInputIsRejectedWithoutOverflowingTheStack() {
    String deep = "{\"keys\":[],\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

    assertThatThrownBy(() -> read(deep)).isInstanceOf(BundleFormatException.class);
  }

  private static String base64Of(byte[] der) {
    return Base64.getEncoder().encodeToString(der);
  }

  private static TrustBundle read(String json) throws BundleFormatException {
    return SpiffeBundleJson.read(EXAMPLE_ORG, json);
  }
}
