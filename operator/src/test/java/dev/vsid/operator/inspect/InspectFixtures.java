package dev.vsid.operator.inspect;

import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.Svid;
import dev.vsid.operator.pki.SvidIssuer;
import dev.vsid.operator.pki.SvidRequest;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** SVIDs issued by the operator's own issuer on the real clock, and a way to run the command. */
final class InspectFixtures {
  static final TrustDomainName EXAMPLE_ORG = TrustDomainName.parse("example.org");
  static final SpiffeId WEB = SpiffeId.parse("spiffe://example.org/ns/default/sa/web");
  static final List<String> WEB_DNS = List.of("web.default.svc", "web.default.svc.cluster.local");
  static final CertificateAuthority ROOT =
      CertificateAuthority.generateRoot(
          EXAMPLE_ORG, KeyType.EC_P256, Duration.ofDays(2), Clock.systemUTC());
  static final Svid SVID = issue(ROOT);

  /** What a run printed and returned. */
  record Run(int exitCode, String output) {
    List<String> problems() {
      return output.lines().filter(line -> line.startsWith("PROBLEM: ")).toList();
    }
  }

  private InspectFixtures() {}

  static Svid issue(CertificateAuthority ca) {
    try {
      SvidRequest request = new SvidRequest(WEB, WEB_DNS, KeyType.EC_P256, Duration.ofHours(1));
      return new SvidIssuer(Clock.systemUTC(), Duration.ofSeconds(30)).issue(request, ca);
    } catch (PkiException e) {
      throw new AssertionError("the fixture SVID could not be issued: " + e.getMessage(), e);
    }
  }

  /** Writes tls.crt, tls.key and ca.crt as a pod would see the Secret mounted. */
  static Path mount(Path dir, Svid svid, CertificateAuthority ca) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tls.crt"), svid.chainPem());
    Files.writeString(dir.resolve("tls.key"), svid.privateKeyPem());
    Files.writeString(dir.resolve("ca.crt"), Pem.encodeCertificates(ca.roots()));
    return dir;
  }

  static Run inspect(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = InspectCommand.run(args, out);
    return new Run(code, bytes.toString(StandardCharsets.UTF_8));
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
