package dev.vsid.benchmarks;

import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.PkiException;
import dev.vsid.operator.pki.Svid;
import dev.vsid.operator.pki.SvidIssuer;
import dev.vsid.operator.pki.SvidRequest;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One SVID issuance as the operator does it: a fresh key pair, the certificate signed by the trust
 * domain's CA (of the same key type), the issuer's own profile check, and PEM encoding of the chain
 * and the PKCS#8 key. One thread: the figure is per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 3, time = 3)
public class IssuanceBenchmark {
  @Param({"ECP256", "ECP384", "RSA2048", "RSA3072", "RSA4096", "Ed25519"})
  public String keyType;

  private CertificateAuthority ca;
  private SvidIssuer issuer;
  private SvidRequest request;

  @Setup
  public void setUp() {
    KeyType type = KeyType.parse(keyType).orElseThrow();
    TrustDomainName td = new TrustDomainName("bench.example");
    ca = CertificateAuthority.generateRoot(td, type, Duration.ofDays(365), Clock.systemUTC());
    issuer = new SvidIssuer(Clock.systemUTC(), Duration.ofSeconds(30));
    request =
        new SvidRequest(
            SpiffeId.parse("spiffe://bench.example/ns/bench/sa/app"),
            List.of("app.bench.svc"),
            type,
            Duration.ofHours(24));
  }

  @Benchmark
  public String issueAndEncode() throws PkiException {
    Svid svid = issuer.issue(request, ca);
    return svid.chainPem() + svid.privateKeyPem();
  }
}
