package dev.vsid.operator.federation;

import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.federation.ServedTrustDomain.Profile;
import dev.vsid.operator.spiffe.TrustDomainName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link BundleEndpointServer} on 127.0.0.1 with a free port, serving one trust domain whose
 * bundle and serving credential a test can swap at any time.
 */
final class TestEndpointServer implements AutoCloseable {
  final AtomicReference<TrustBundle> bundle;
  final AtomicReference<ServingCredential> credential;
  private final TrustDomainName trustDomain;
  private final BundleEndpointServer server;

  private TestEndpointServer(
      TrustBundle initialBundle,
      ServingCredential initialCredential,
      Profile profile,
      ServerSettings settings) {
    this.trustDomain = initialBundle.trustDomain();
    this.bundle = new AtomicReference<>(initialBundle);
    this.credential = new AtomicReference<>(initialCredential);
    ServedTrustDomain served =
        new ServedTrustDomain(trustDomain, loopback(), profile, bundle::get, credential::get);
    try {
      this.server = BundleEndpointServer.start(List.of(served), settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TestEndpointServer spiffe(TrustBundle bundle, ServingCredential credential) {
    return new TestEndpointServer(
        bundle, credential, Profile.HTTPS_SPIFFE, ServerSettings.DEFAULTS);
  }

  static TestEndpointServer web(TrustBundle bundle, ServingCredential credential) {
    return new TestEndpointServer(bundle, credential, Profile.HTTPS_WEB, ServerSettings.DEFAULTS);
  }

  static TestEndpointServer spiffe(
      TrustBundle bundle, ServingCredential credential, ServerSettings settings) {
    return new TestEndpointServer(bundle, credential, Profile.HTTPS_SPIFFE, settings);
  }

  static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  int port() {
    return server.address(trustDomain).getPort();
  }

  /** https://127.0.0.1:port/ */
  String url() {
    return server.url(trustDomain).toString();
  }

  /** https://localhost:port/, for host name checks. */
  String localhostUrl() {
    return "https://localhost:" + port() + "/";
  }

  @Override
  public void close() {
    server.close();
  }
}
