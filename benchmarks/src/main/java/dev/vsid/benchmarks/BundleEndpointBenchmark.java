package dev.vsid.benchmarks;

import dev.vsid.operator.api.v1alpha1.ServedEndpointSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.ca.CaStore;
import dev.vsid.operator.config.BundleEndpointSettings;
import dev.vsid.operator.federation.BundleEndpoint;
import dev.vsid.operator.federation.BundleEndpointClient;
import dev.vsid.operator.federation.BundleEndpoints;
import dev.vsid.operator.federation.EndpointConfig;
import dev.vsid.operator.federation.EndpointProfile;
import dev.vsid.operator.federation.FetchSettings;
import dev.vsid.operator.federation.FetchState;
import dev.vsid.operator.federation.FetchedBundle;
import dev.vsid.operator.federation.ServedTrustDomain;
import dev.vsid.operator.federation.ServerSettings;
import dev.vsid.operator.kube.Labels;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.spiffe.TrustDomainName;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What serving bundle endpoints costs each replica: one periodic check of 50 TrustDomains with
 * endpoints whose listeners are open and whose CA Secrets did not change (done every 2 s), and one
 * complete fetch over https_spiffe on loopback (new TCP and TLS connection, the server's SVID
 * checked against the bundle, the bundle JSON read and checked), as a federated peer does it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BundleEndpointBenchmark {
  private static final int TRUST_DOMAINS = 50;
  private static final String NAMESPACE = "vsid-system";

  private BundleEndpoints endpoints;
  private BundleEndpointClient client;
  private FetchState state;

  @Setup
  public void setUp() throws Exception {
    List<TrustDomain> trustDomains = new ArrayList<>();
    Map<String, Secret> secrets = new HashMap<>();
    int firstPort = 0;
    List<X509Roots> roots = new ArrayList<>();
    for (int i = 0; i < TRUST_DOMAINS; i++) {
      String name = "td-" + i;
      TrustDomainName trustDomain = new TrustDomainName(name + ".bench");
      CertificateAuthority ca =
          CertificateAuthority.generateRoot(
              trustDomain, KeyType.EC_P256, Duration.ofDays(30), Clock.systemUTC());
      int port = freePort();
      if (i == 0) {
        firstPort = port;
      }
      roots.add(new X509Roots(trustDomain, ca));
      trustDomains.add(trustDomain(name, trustDomain, port));
      secrets.put("vsid-ca-" + name, caSecret(name, ca));
    }
    endpoints =
        new BundleEndpoints(
            BundleEndpointSettings.defaults().withBindAddress("127.0.0.1"),
            ServerSettings.DEFAULTS,
            Map.of(),
            new CaStore(null, NAMESPACE),
            Duration.ofSeconds(30),
            Clock.systemUTC());
    endpoints.attach(
        new BundleEndpoints.Caches() {
          @Override
          public Collection<TrustDomain> trustDomains() {
            return trustDomains;
          }

          @Override
          public Optional<Secret> operatorSecret(String name) {
            return Optional.ofNullable(secrets.get(name));
          }
        });
    endpoints.sync();
    if (endpoints.address("td-0", ServedTrustDomain.Profile.HTTPS_SPIFFE).isEmpty()) {
      throw new IllegalStateException("the first endpoint did not open");
    }
    X509Roots first = roots.get(0);
    BundleEndpoint endpoint =
        BundleEndpoint.of(
            first.trustDomain(),
            "https://127.0.0.1:" + firstPort + "/",
            EndpointProfile.spiffe(EndpointConfig.spiffeId(first.trustDomain())));
    client = new BundleEndpointClient(endpoint, FetchSettings.DEFAULTS, Clock.systemUTC());
    state = FetchState.initial(TrustBundle.of(first.trustDomain(), first.ca().roots()));
  }

  @TearDown
  public void tearDown() {
    endpoints.close();
  }

  @Benchmark
  public void periodicCheckOf50Endpoints() {
    endpoints.sync();
  }

  @Benchmark
  public FetchedBundle fetchOverHttpsSpiffe() throws Exception {
    return client.fetch(state);
  }

  private record X509Roots(TrustDomainName trustDomain, CertificateAuthority ca) {}

  private static TrustDomain trustDomain(String name, TrustDomainName trustDomain, int port) {
    TrustDomain td = new TrustDomain();
    td.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withCreationTimestamp("2026-12-05T00:00:00Z")
            .withGeneration(1L)
            .build());
    TrustDomainSpec spec = new TrustDomainSpec();
    spec.setTrustDomain(trustDomain.name());
    ServedEndpointSpec endpoint = new ServedEndpointSpec();
    endpoint.setPort(port);
    spec.setBundleEndpoint(endpoint);
    td.setSpec(spec);
    return td;
  }

  /** A CA Secret as the operator writes it. */
  private static Secret caSecret(String resource, CertificateAuthority ca) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(NAMESPACE)
        .withName("vsid-ca-" + resource)
        .withResourceVersion("1")
        .withAnnotations(
            Map.of(
                Labels.TRUST_DOMAIN_ANNOTATION,
                ca.trustDomain().name(),
                Labels.TRUST_DOMAIN_REF,
                resource))
        .endMetadata()
        .withData(
            Map.of(
                "tls.crt", base64(Pem.encodeCertificates(ca.chain())),
                "tls.key", base64(Pem.encodePrivateKey(ca.privateKey())),
                "ca.crt", base64(Pem.encodeCertificates(ca.roots()))))
        .build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
