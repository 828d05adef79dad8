package dev.vsid.operator.bundle;

import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.text.Text;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trust bundle as PEM: consecutive "BEGIN CERTIFICATE" blocks, the format written into ConfigMaps
 * and Secrets (like SPIRE's {@code bundle.crt}). PEM carries neither trust domain, sequence nor
 * refresh hint.
 */
public final class PemBundle {
  private static final String CERTIFICATE = "CERTIFICATE";
  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([^\\r\\n]*?)-----");

  private PemBundle() {}

  /**
   * The authorities as PEM in the bundle's order (by fingerprint), each once; the same bundle
   * always gives the same text. An empty bundle gives the empty string.
   */
  public static String write(TrustBundle bundle) {
    Objects.requireNonNull(bundle, "bundle");
    return Pem.encodeCertificates(bundle.authorities());
  }

  /**
   * The certificates of {@code pem} as the bundle of {@code trustDomain}. Empty or blank text is an
   * empty bundle, as in go-spiffe. Text between blocks is ignored. Certificates need not carry a
   * SPIFFE ID, and their validity is not checked.
   *
   * @throws BundleFormatException if non-blank text holds no PEM block, a block is not a
   *     certificate (a private key is named as such, never quoted), or a certificate is corrupt
   */
  public static TrustBundle read(TrustDomainName trustDomain, String pem)
      throws BundleFormatException {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(pem, "pem");
    if (pem.isBlank()) {
      return TrustBundle.empty(trustDomain);
    }
    requireOnlyCertificateBlocks(pem);
    try {
      return TrustBundle.of(trustDomain, Pem.parseCertificates(pem));
    } catch (PkiException e) {
      throw new BundleFormatException("PEM bundle: " + e.getMessage());
    }
  }

  /** Refuses keys and other non-certificate blocks, by label and position only. */
  private static void requireOnlyCertificateBlocks(String pem) throws BundleFormatException {
    Matcher begin = BEGIN.matcher(pem);
    int position = 0;
    while (begin.find()) {
      position++;
      String label = begin.group(1);
      if (label.contains("PRIVATE KEY")) {
        throw new BundleFormatException(
            "PEM bundle: block "
                + position
                + " is a private key; a trust bundle must hold only"
                + " certificates (remove the key, and treat it as exposed)");
      }
      if (!label.equals(CERTIFICATE)) {
        throw new BundleFormatException(
            "PEM bundle: block "
                + position
                + " is "
                + Text.quote(label)
                + ", not a CERTIFICATE; a trust bundle must hold only certificates");
      }
    }
  }
}
