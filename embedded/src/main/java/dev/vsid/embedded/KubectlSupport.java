package dev.vsid.embedded;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kubectl needs beyond the mock server's CRUD: discovery documents, and custom resources as
 * tables with the CRD's printer columns when kubectl asks for a table. Everything else is left to
 * the CRUD dispatcher.
 */
final class KubectlSupport {
  private static final Pattern CUSTOM_RESOURCE =
      Pattern.compile("/apis/([^/]+)/([^/]+)/(?:namespaces/[^/]+/)?([^/]+)(?:/[^/]+)?");
  private static final String JSON = "application/json";

  /** For {@code kubectl version}; the Kubernetes version is the one kubectl is tested with here. */
  private static final String VERSION =
      "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-fabric8-mock\"}";

  private final Supplier<List<CustomResourceDefinition>> crds;
  private final Clock clock;

  KubectlSupport(Supplier<List<CustomResourceDefinition>> crds, Clock clock) {
    this.crds = crds;
    this.clock = clock;
  }

  /** The version or discovery document a GET asks for, 404 for an unknown group; else empty. */
  Optional<MockResponse> discovery(RecordedRequest request) {
    String path = pathOf(request);
    if (!"GET".equals(request.getMethod())) {
      return Optional.empty();
    }
    if (path.equals("/version")) {
      return Optional.of(json(200, VERSION));
    }
    if (!ApiDiscovery.isDiscovery(path)) {
      return Optional.empty();
    }
    return Optional.of(
        new ApiDiscovery(crds.get())
            .answer(path)
            .map(body -> json(200, body))
            .orElseGet(() -> json(404, notFound(path))));
  }

  /**
   * The CRUD dispatcher's answer to a GET of custom resources, as a Table when kubectl asked for
   * one ({@code as=Table} in Accept); any other answer unchanged.
   */
  MockResponse tableIfAsked(RecordedRequest request, MockResponse answer) {
    String accept = request.getHeader("Accept");
    if (!"GET".equals(request.getMethod())
        || answer.code() != 200
        || accept == null
        || !accept.contains("as=Table")
        || String.valueOf(request.getPath()).contains("watch=")) {
      return answer;
    }
    return printerColumns(pathOf(request))
        .map(columns -> new PrinterTable(columns.getAdditionalPrinterColumns(), clock.instant()))
        .map(table -> json(200, table.convert(answer.getBody().readUtf8())))
        .orElse(answer);
  }

  /** The CRD version that serves {@code path}, when it is a path of custom resources. */
  private Optional<CustomResourceDefinitionVersion> printerColumns(String path) {
    Matcher matcher = CUSTOM_RESOURCE.matcher(path);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return crds.get().stream()
        .filter(crd -> matcher.group(1).equals(crd.getSpec().getGroup()))
        .filter(crd -> matcher.group(3).equals(crd.getSpec().getNames().getPlural()))
        .flatMap(crd -> crd.getSpec().getVersions().stream())
        .filter(version -> matcher.group(2).equals(version.getName()))
        .filter(version -> version.getAdditionalPrinterColumns() != null)
        .findFirst();
  }

  private static String pathOf(RecordedRequest request) {
    String path = String.valueOf(request.getPath());
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON).setBody(body);
  }

  private static String notFound(String path) {
    return Serialization.asJson(
        new io.fabric8.kubernetes.api.model.StatusBuilder()
            .withStatus("Failure")
            .withReason("NotFound")
            .withCode(404)
            .withMessage("the server could not find the requested resource: " + path)
            .build());
  }
}
