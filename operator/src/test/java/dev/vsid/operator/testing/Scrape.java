package dev.vsid.operator.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the operator's metrics and probes over HTTP, on loopback. */
public final class Scrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** An answer: status and body. */
  public record Answer(int status, String body) {}

  private Scrape() {}

  public static Answer get(InetSocketAddress address, String path) {
    URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Every series of a Prometheus text exposition, as written, with its value. */
  public static Map<String, Double> series(String exposition) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return series;
  }

  /** The series of {@code address}'s {@code /metrics}. */
  public static Map<String, Double> metrics(InetSocketAddress address) {
    Answer answer = get(address, "/metrics");
    if (answer.status() != 200) {
      throw new IllegalStateException("/metrics answered " + answer.status());
    }
    return series(answer.body());
  }

  /**
   * The value of the series named {@code name} whose labels include every one of {@code labels}
   * (each written as {@code key="value"}); null when there is none.
   */
  public static Double value(Map<String, Double> series, String name, String... labels) {
    return series.entrySet().stream()
        .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
        .filter(e -> List.of(labels).stream().allMatch(l -> e.getKey().contains(l)))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
