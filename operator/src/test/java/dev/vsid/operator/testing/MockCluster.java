package dev.vsid.operator.testing;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import dev.vsid.operator.kube.ApiClients;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A Kubernetes API for tests: the fabric8 mock server in CRUD mode on loopback, with the generated
 * CRDs applied and every request recorded so tests can count writes.
 */
public final class MockCluster implements AutoCloseable {
  /** Held so the setting is not garbage collected: the mock logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_LOG = quietMockLog();

  /**
   * How deep the mock stores nested JSON. A real API server stores up to 10,000 levels; the mock
   * copies objects recursively and overflows its thread's stack past about 2,500, so tests of
   * deeply nested objects stay at or below this.
   */
  public static final int MAX_NESTING_DEPTH = 2_100;

  static {
    storeDeeplyNestedObjects();
  }

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<String> leaseVerbs = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicReference<Crash> crash =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final List<Delay> delays = new CopyOnWriteArrayList<>();
  private final RecordingDispatcher dispatcher;
  private final List<KubernetesClient> extraClients = new CopyOnWriteArrayList<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicReference<Function<String, List<ResourceRule>>> reviewRules =
      new AtomicReference<>();

  /** A recorded request: "METHOD path" and the client's User-Agent. */
  private record Call(String userAgent, String line) {}

  /**
   * A request as the API server received it, watches included: the client's User-Agent, "METHOD
   * path" (with the query) and, for a POST, the body (which names the object created).
   */
  public record Seen(String userAgent, String line, String body) {}

  /** Answers the next {@code times} requests that match with HTTP {@code code}. */
  private static final class Fault {
    private final Predicate<String> matching;
    private final int code;
    private final java.util.concurrent.atomic.AtomicInteger left;
    private final String message;

    Fault(Predicate<String> matching, int code, int times, String message) {
      this.matching = matching;
      this.code = code;
      this.left = new java.util.concurrent.atomic.AtomicInteger(times);
      this.message = message;
    }

    boolean fire(String request) {
      return matching.test(request) && left.getAndDecrement() > 0;
    }
  }

  public MockCluster() {
    dispatcher =
        new RecordingDispatcher(
            requests, calls, seen, faults, leaseVerbs, reviewRules, crash, delays);
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    applyCrds();
  }

  /** The mock reads and writes through fabric8's shared mapper, which stops at 1,000 levels. */
  private static void storeDeeplyNestedObjects() {
    var factory = Serialization.jsonMapper().getFactory();
    factory.setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    factory.setStreamWriteConstraints(
        StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
  }

  private static java.util.logging.Logger quietMockLog() {
    var logger = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  public NamespacedKubernetesClient client() {
    return client;
  }

  /**
   * A further client of this API whose requests carry {@code userAgent}, so tests can tell apart
   * the requests of several operators; closed with the cluster.
   */
  public KubernetesClient newClient(String userAgent) {
    Config config = new ConfigBuilder(client.getConfiguration()).withUserAgent(userAgent).build();
    KubernetesClient added = ApiClients.builder(config).build();
    extraClients.add(added);
    return added;
  }

  /**
   * Answers the SelfSubjectRulesReview that leader election posts at start-up with a rule that
   * allows {@code verbs} on Leases in any namespace (the CRUD mock alone answers it with 422). The
   * Leases themselves are stored like any other object.
   */
  public void allowLeases(String... verbs) {
    leaseVerbs.clear();
    leaseVerbs.addAll(List.of(verbs));
  }

  /**
   * Answers every SelfSubjectRulesReview as an API server would for an account with given rights:
   * with the rules that {@code rulesIn} returns for the namespace the review asks about. Takes
   * precedence over {@link #allowLeases}.
   */
  public void answerRulesReviews(Function<String, List<ResourceRule>> rulesIn) {
    reviewRules.set(rulesIn);
  }

  /** Write requests (not GET) whose "METHOD path" matches, made by clients with this agent. */
  public List<String> writesBy(String userAgent, Predicate<String> matching) {
    return calls.stream()
        .filter(c -> userAgent.equals(c.userAgent()))
        .map(Call::line)
        .filter(r -> !r.startsWith("GET "))
        .filter(matching)
        .toList();
  }

  /**
   * Every request so far, watches and reads included, made by clients whose User-Agent matches;
   * unlike {@link #requests()}, which leaves watches out.
   */
  public List<Seen> seenBy(Predicate<String> userAgent) {
    return seen.stream().filter(s -> userAgent.test(s.userAgent())).toList();
  }

  /** Makes the next {@code times} requests matching "METHOD path" answer after {@code delay}. */
  public void delayNext(Predicate<String> matching, java.time.Duration delay, int times) {
    delays.add(new Delay(matching, delay, new java.util.concurrent.atomic.AtomicInteger(times)));
  }

  private record Delay(
      Predicate<String> matching,
      java.time.Duration delay,
      java.util.concurrent.atomic.AtomicInteger left) {
    boolean fire(String request) {
      return matching.test(request) && left.getAndDecrement() > 0;
    }
  }

  /**
   * Closes every open watch connection, as an API server or a load balancer in front of it may at
   * any time; clients must notice and watch again without losing events.
   */
  public int dropWatches() {
    try {
      var field = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
      field.setAccessible(true);
      java.util.Set<?> listeners = (java.util.Set<?>) field.get(dispatcher);
      int dropped = 0;
      for (Object listener : List.copyOf(listeners)) {
        var ref = listener.getClass().getDeclaredField("webSocketRef");
        ref.setAccessible(true);
        Object socket = ((java.util.concurrent.atomic.AtomicReference<?>) ref.get(listener)).get();
        if (socket instanceof io.fabric8.mockwebserver.http.WebSocket webSocket) {
          webSocket.close(1001, "dropped by the test");
          dropped++;
        }
      }
      return dropped;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot reach the mock server's watches", e);
    }
  }

  /**
   * Simulates a crash of the client whose requests carry {@code userAgent}: its next {@code writes}
   * writes (POST, PUT, PATCH, DELETE; Events not counted) go through, and from then on every
   * request of that client fails, as if its process had stopped.
   */
  public void crashAfterWrites(String userAgent, int writes) {
    crash.set(new Crash(userAgent, new java.util.concurrent.atomic.AtomicInteger(writes)));
  }

  /** True once the client set up by {@link #crashAfterWrites} has been cut off. */
  public boolean crashed() {
    Crash c = crash.get();
    return c != null && c.left().get() < 0;
  }

  private record Crash(String userAgent, java.util.concurrent.atomic.AtomicInteger left) {
    /** True when this request must fail. */
    boolean cuts(RecordedRequest request) {
      if (!userAgent.equals(request.getHeader("User-Agent"))) {
        return false;
      }
      if (left.get() < 0) {
        return true;
      }
      boolean write = !"GET".equals(request.getMethod());
      boolean event = request.getPath() != null && request.getPath().contains("/events");
      if (write && !event && left.decrementAndGet() < 0) {
        return true;
      }
      return false;
    }
  }

  /** Every request so far, as "METHOD path". */
  public List<String> requests() {
    return new ArrayList<>(requests);
  }

  /** Write requests (POST, PUT, PATCH, DELETE) so far whose "METHOD path" matches. */
  public List<String> writes(Predicate<String> matching) {
    return requests.stream().filter(r -> !r.startsWith("GET ")).filter(matching).toList();
  }

  /** Makes the next {@code times} requests matching "METHOD path" fail with {@code code}. */
  public void failNext(Predicate<String> matching, int code, int times) {
    faults.add(new Fault(matching, code, times, "injected failure"));
  }

  /** As {@link #failNext(Predicate, int, int)}, with this message in the returned Status. */
  public void failNext(Predicate<String> matching, int code, int times, String message) {
    faults.add(new Fault(matching, code, times, message));
  }

  public int requestCount() {
    return requests.size();
  }

  private void applyCrds() {
    Path dir = Path.of("target", "classes", "META-INF", "fabric8");
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith("-v1.yml")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              Serialization.unmarshal(in, CustomResourceDefinition.class);
          client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("generated CRDs not found under " + dir.toAbsolutePath(), e);
    }
  }

  @Override
  public void close() {
    extraClients.forEach(KubernetesClient::close);
    client.close();
    server.destroy();
  }

  private static final class RecordingDispatcher extends KubernetesCrudDispatcher {
    private static final String RULES_REVIEWS =
        "POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    private final List<String> requests;
    private final List<Call> calls;
    private final List<Seen> seen;
    private final List<Fault> faults;
    private final List<String> leaseVerbs;
    private final AtomicReference<Function<String, List<ResourceRule>>> reviewRules;
    private final java.util.concurrent.atomic.AtomicReference<Crash> crash;
    private final List<Delay> delays;

    RecordingDispatcher(
        List<String> requests,
        List<Call> calls,
        List<Seen> seen,
        List<Fault> faults,
        List<String> leaseVerbs,
        AtomicReference<Function<String, List<ResourceRule>>> reviewRules,
        java.util.concurrent.atomic.AtomicReference<Crash> crash,
        List<Delay> delays) {
      super(new ArrayList<>());
      this.requests = requests;
      this.calls = calls;
      this.seen = seen;
      this.faults = faults;
      this.leaseVerbs = leaseVerbs;
      this.reviewRules = reviewRules;
      this.crash = crash;
      this.delays = delays;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Crash c = crash.get();
      if (c != null && c.cuts(request)) {
        return new MockResponse().setResponseCode(503).setBody("{}");
      }
      String path = request.getPath();
      String line = request.getMethod() + " " + path;
      seen.add(new Seen(String.valueOf(request.getHeader("User-Agent")), line, postBody(request)));
      if (path != null && !path.contains("watch=true")) {
        requests.add(line);
        calls.add(new Call(String.valueOf(request.getHeader("User-Agent")), line));
      }
      for (Delay delay : delays) {
        if (delay.fire(line)) {
          try {
            Thread.sleep(delay.delay().toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      for (Fault fault : faults) {
        if (fault.fire(line)) {
          return new MockResponse()
              .setResponseCode(fault.code)
              .setBody(
                  "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                      + "\"reason\":\"InternalError\",\"code\":"
                      + fault.code
                      + ",\"message\":\""
                      + fault.message
                      + "\"}");
        }
      }
      if (line.startsWith(RULES_REVIEWS) && reviewRules.get() != null) {
        return rulesReview(request, reviewRules.get());
      }
      if (line.startsWith(RULES_REVIEWS) && !leaseVerbs.isEmpty()) {
        return rulesReview(request);
      }
      return super.dispatch(request);
    }

    private static MockResponse rulesReview(
        RecordedRequest request, Function<String, List<ResourceRule>> rulesIn) {
      SelfSubjectRulesReview review =
          Serialization.unmarshal(body(request), SelfSubjectRulesReview.class);
      review.setStatus(
          new SubjectRulesReviewStatusBuilder()
              .withIncomplete(false)
              .withResourceRules(rulesIn.apply(review.getSpec().getNamespace()))
              .build());
      return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    }

    private static String body(RecordedRequest request) {
      return new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The body of a POST, read without consuming it; null for other methods. */
    private static String postBody(RecordedRequest request) {
      if (!"POST".equals(request.getMethod()) || request.getBody() == null) {
        return null;
      }
      return new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private MockResponse rulesReview(RecordedRequest request) {
      SelfSubjectRulesReview review =
          Serialization.unmarshal(request.getUtf8Body(), SelfSubjectRulesReview.class);
      review.setStatus(
          new SubjectRulesReviewStatusBuilder()
              .withIncomplete(false)
              .addNewResourceRule()
              .withApiGroups("coordination.k8s.io")
              .withResources("leases")
              .withVerbs(List.copyOf(leaseVerbs))
              .endResourceRule()
              .build());
      return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    }
  }
}
