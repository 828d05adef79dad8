package dev.vsid.operator.federation;

import dev.vsid.operator.text.Text;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * One GET of a bundle endpoint over HTTPS: TLS 1.2 or 1.3 judged by the given {@link ServerTrust},
 * no client certificate, HTTP/1.1, no redirect followed, the body capped, and the whole exchange
 * bounded by the read timeout (the connection and TLS handshake also by the connect timeout). A new
 * HTTP client per fetch: no pooled connection skips the server check against the bundle of the
 * moment.
 */
final class HttpsGet {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final BundleEndpoint endpoint;
  private final FetchSettings settings;
  private final ServerTrust trust;

  HttpsGet(BundleEndpoint endpoint, FetchSettings settings, ServerTrust trust) {
    this.endpoint = endpoint;
    this.settings = settings;
    this.trust = trust;
  }

  /** The body of a 200 answer. */
  byte[] body() throws BundleFetchException {
    HttpResponse<byte[]> response = send();
    int status = response.statusCode();
    if (status >= 300 && status < 400) {
      String location = response.headers().firstValue("location").orElse(null);
      throw new BundleFetchException(
          FetchFailure.REDIRECT,
          endpoint.describe()
              + " answered HTTP "
              + status
              + (location == null
                  ? " without a Location"
                  : " redirecting to " + Text.quote(location))
              + "; redirects are not followed, so configure the final https URL");
    }
    if (status != 200) {
      throw new BundleFetchException(
          FetchFailure.HTTP_STATUS,
          endpoint.describe()
              + " answered HTTP "
              + status
              + " instead of 200; check the URL's path and the endpoint server");
    }
    return response.body();
  }

  private HttpResponse<byte[]> send() throws BundleFetchException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.url())
            .GET()
            .timeout(settings.readTimeout())
            .header("Accept", "application/json")
            .build();
    int cap = settings.maxBodyBytes();
    CompletableFuture<HttpResponse<byte[]>> pending =
        client().sendAsync(request, response -> CappedBody.of(response, cap));
    try {
      // The request timeout ends with the headers; this one bounds the body too.
      return pending.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new FetchErrors(endpoint, settings, trust).of(e.getCause());
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw FetchErrors.timedOut(endpoint, settings);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new BundleFetchException(
          FetchFailure.INTERRUPTED, endpoint.describe() + ": the fetch was interrupted");
    }
  }

  private HttpClient client() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(PROTOCOLS);
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(settings.connectTimeout())
        .sslContext(sslContext())
        .sslParameters(parameters)
        .build();
  }

  private SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[0], new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
  }
}
