package dev.vsid.operator.inspect;

/**
 * The three PEM texts of a mounted SVID Secret and where they came from. {@link #toString()} shows
 * only the source, never the texts.
 */
record SvidMaterial(String source, String certPem, String keyPem, String caPem) {
  static final String CERT = "tls.crt";
  static final String KEY = "tls.key";
  static final String CA = "ca.crt";

  @Override
  public String toString() {
    return "SvidMaterial[" + source + "]";
  }
}
