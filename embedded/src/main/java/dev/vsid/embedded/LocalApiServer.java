package dev.vsid.embedded;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A Kubernetes API on 127.0.0.1: the fabric8 mock server in CRUD mode, over plain HTTP on a random
 * port. It stores what it is sent; it validates nothing and runs no garbage collector, so it stands
 * in for a cluster only as far as the operator needs. For kubectl it also serves discovery and
 * prints custom resources with their CRD's columns ({@link KubectlSupport}). Its per-request log is
 * turned down by {@link QuietLogs}.
 */
final class LocalApiServer implements AutoCloseable {
  private final KubernetesMockServer server;
  private final CountingDispatcher dispatcher;
  private final KubernetesClient client;

  private LocalApiServer(KubernetesMockServer server, CountingDispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = server.createClient();
  }

  /** Starts the server on loopback and returns it with a client bound to it. */
  static LocalApiServer start() {
    QuietLogs.apply();
    CountingDispatcher dispatcher = new CountingDispatcher();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return new LocalApiServer(server, dispatcher);
  }

  KubernetesClient client() {
    return client;
  }

  /** The API's URL, such as {@code http://127.0.0.1:37411}. */
  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** Requests served so far; a watch counts once, when it is opened. */
  long requestCount() {
    return dispatcher.requests.get();
  }

  /** ConfigMap writes served so far: POST, PUT, PATCH and DELETE on namespaced ConfigMaps. */
  long configMapWrites() {
    return dispatcher.configMapWrites.get();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  /**
   * The CRUD dispatcher, counting the requests it answers and the ConfigMap writes among them, with
   * what kubectl needs on top.
   */
  private static final class CountingDispatcher extends KubernetesCrudDispatcher {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final Pattern CONFIG_MAPS =
        Pattern.compile("/api/v1/namespaces/[^/?]+/configmaps(/[^/?]+)?([?].*)?");

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong configMapWrites = new AtomicLong();
    private final KubectlSupport kubectl = new KubectlSupport(this::storedCrds, Clock.systemUTC());

    CountingDispatcher() {
      super(new ArrayList<>());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.incrementAndGet();
      if (WRITES.contains(request.getMethod())
          && CONFIG_MAPS.matcher(String.valueOf(request.getPath())).matches()) {
        configMapWrites.incrementAndGet();
      }
      Optional<MockResponse> discovery = kubectl.discovery(request);
      if (discovery.isPresent()) {
        return discovery.get();
      }
      return kubectl.tableIfAsked(request, super.dispatch(request));
    }

    private List<CustomResourceDefinition> storedCrds() {
      MockResponse stored = handleGet(CRDS);
      if (stored.code() != 200) {
        return List.of();
      }
      return Serialization.unmarshal(
              stored.getBody().readUtf8(), CustomResourceDefinitionList.class)
          .getItems();
    }
  }
}
