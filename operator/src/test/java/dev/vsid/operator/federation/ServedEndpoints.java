package dev.vsid.operator.federation;

import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.ServedEndpointSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.bundle.PemBundle;
import dev.vsid.operator.bundle.TrustBundle;
import dev.vsid.operator.spiffe.SpiffeId;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.Conditions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Helpers for tests of the bundle endpoints the operator serves for its TrustDomains. */
final class ServedEndpoints {
  private ServedEndpoints() {}

  /** A loopback port free at the moment of asking. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  /** Sets spec.bundleEndpoint.port, a 10 s refresh hint and a propagation delay of 3 hints. */
  static void withEndpoint(TrustDomainSpec spec, int port) {
    ServedEndpointSpec endpoint = new ServedEndpointSpec();
    endpoint.setPort(port);
    spec.setBundleEndpoint(endpoint);
    dev.vsid.operator.api.v1alpha1.BundleSpec bundle =
        new dev.vsid.operator.api.v1alpha1.BundleSpec();
    bundle.setRefreshHint("10s");
    spec.setBundle(bundle);
    CaRotationSpec rotation = new CaRotationSpec();
    rotation.setPropagationDelay("30s");
    CaSpec ca = new CaSpec();
    ca.setRotation(rotation);
    spec.setCa(ca);
  }

  static Optional<Condition> endpointCondition(TrustDomain td) {
    return td == null || td.getStatus() == null
        ? Optional.empty()
        : Conditions.find(td.getStatus().getConditions(), Condition.BUNDLE_ENDPOINT);
  }

  static boolean serving(TrustDomain td) {
    return endpointCondition(td).map(c -> Condition.TRUE.equals(c.getStatus())).orElse(false);
  }

  /** Fetches over https_spiffe, authenticating the server with {@code roots}. */
  static FetchedBundle fetch(
      TrustDomainName trustDomain, int port, String host, List<X509Certificate> roots, Clock clock)
      throws BundleFetchException {
    SpiffeId id = EndpointConfig.spiffeId(trustDomain);
    BundleEndpoint endpoint =
        BundleEndpoint.of(
            trustDomain, "https://" + host + ":" + port + "/", EndpointProfile.spiffe(id));
    TrustBundle initial = TrustBundle.of(trustDomain, roots);
    return new BundleEndpointClient(endpoint, FetchSettings.DEFAULTS, clock)
        .fetch(FetchState.initial(initial));
  }

  static String pem(TrustBundle bundle) {
    return PemBundle.write(bundle);
  }

  /** The chain a listener presents, read without judging it (the test judges it). */
  static List<X509Certificate> presentedChain(String host, int port) throws Exception {
    List<X509Certificate> seen = new ArrayList<>();
    X509TrustManager capture =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen.addAll(List.of(chain));
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {capture}, null);
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), 5000);
      try (SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        tls.setSoTimeout(5000);
        tls.startHandshake();
      }
    }
    return seen;
  }

  /** Whether something accepts connections on {@code host:port}. */
  static boolean listening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
