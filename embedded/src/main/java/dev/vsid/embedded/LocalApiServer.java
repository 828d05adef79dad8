package dev.vsid.embedded;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * A Kubernetes API on 127.0.0.1: the fabric8 mock server in CRUD mode, over plain HTTP on a random
 * port. It stores what it is sent; it validates nothing, serves no discovery and runs no garbage
 * collector, so it stands in for a cluster only as far as the operator needs.
 */
final class LocalApiServer implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private LocalApiServer(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Starts the server on loopback and returns it with a client bound to it. */
  static LocalApiServer start() {
    QuietLogs.apply();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(new ArrayList<>()),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return new LocalApiServer(server);
  }

  KubernetesClient client() {
    return client;
  }

  /** The API's URL, such as {@code http://127.0.0.1:37411}. */
  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
