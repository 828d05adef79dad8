package dev.vsid.embedded;

import dev.vsid.operator.bundle.BundleFormatException;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.SpiffeBundleJson;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.pki.Fingerprints;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a bundle ConfigMap's files as a workload would and checks that they agree: {@code ca.crt}
 * (PEM) and {@code bundle.json} (SPIFFE bundle) must hold the same roots, at least one, and {@code
 * bundle.json} must carry the sequence the TrustDomain's status reports.
 */
final class BundleInspection {
  /**
   * What the files say.
   *
   * @param sequence bundle.json's spiffe_sequence, or null when it could not be read
   * @param roots the roots in ca.crt (0 when it could not be read)
   * @param problem why the files are not a usable bundle, or null
   */
  record Outcome(Long sequence, int roots, String problem) {}

  private BundleInspection() {}

  /**
   * @param expectedSequence the sequence the status reports, or null to accept any
   */
  static Outcome inspect(
      BundleFiles.FileSet files, TrustDomainName trustDomain, Long expectedSequence) {
    TrustBundle pem;
    TrustBundle json;
    try {
      pem = PemBundle.read(trustDomain, read(files.caCert()));
    } catch (IOException | BundleFormatException e) {
      return new Outcome(null, 0, "ca.crt: " + e.getMessage());
    }
    try {
      json = SpiffeBundleJson.read(trustDomain, read(files.bundleJson()));
    } catch (IOException | BundleFormatException e) {
      return new Outcome(null, pem.authorities().size(), "bundle.json: " + e.getMessage());
    }
    Long sequence = boxed(json.sequence());
    return new Outcome(sequence, pem.authorities().size(), problem(pem, json, expectedSequence));
  }

  private static String problem(TrustBundle pem, TrustBundle json, Long expectedSequence) {
    if (!pem.authorities().equals(json.authorities())) {
      return "ca.crt holds "
          + describe(pem.authorities())
          + " but bundle.json holds "
          + describe(json.authorities());
    }
    if (pem.isEmpty()) {
      return "ca.crt and bundle.json hold no root";
    }
    if (json.sequence().isEmpty()) {
      return "bundle.json has no spiffe_sequence";
    }
    if (expectedSequence != null && json.sequence().getAsLong() != expectedSequence) {
      return "bundle.json has spiffe_sequence "
          + json.sequence().getAsLong()
          + " but the TrustDomain's status.bundle.sequence is "
          + expectedSequence;
    }
    return null;
  }

  /** "2 roots (SHA-256 ab:cd:..., ef:01:...)", fingerprints cut short. */
  private static String describe(List<X509Certificate> roots) {
    StringBuilder text = new StringBuilder();
    text.append(roots.size()).append(roots.size() == 1 ? " root" : " roots");
    if (!roots.isEmpty()) {
      text.append(" (SHA-256 ");
      for (int i = 0; i < roots.size(); i++) {
        text.append(i == 0 ? "" : ", ").append(Fingerprints.sha256(roots.get(i)), 0, 11);
        text.append("...");
      }
      text.append(')');
    }
    return text.toString();
  }

  private static Long boxed(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }

  private static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("the ConfigMap has no " + file.getFileName() + " key");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
