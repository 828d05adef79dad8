package dev.vsid.operator.federation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body of at most {@code cap} bytes. A larger declared Content-Length is refused
 * before any of the body is read; a body that turns out larger is refused as soon as it passes the
 * cap, and the rest is not read (the subscription is cancelled, which closes the connection). A
 * response that is not 200 is not read at all.
 */
final class CappedBody implements BodySubscriber<byte[]> {
  private static final byte[] NOTHING = new byte[0];

  /** The body passed the cap; the fetch turns this into a message. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(String what) {
      super(what);
    }
  }

  private final int cap;
  private final OptionalLong declaredLength;
  private final boolean wanted;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  private CappedBody(int cap, OptionalLong declaredLength, boolean wanted) {
    this.cap = cap;
    this.declaredLength = declaredLength;
    this.wanted = wanted;
  }

  /** The subscriber for {@code response}: reads a 200 body up to {@code cap}, skips others. */
  static BodySubscriber<byte[]> of(ResponseInfo response, int cap) {
    return new CappedBody(cap, contentLength(response), response.statusCode() == 200);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription newSubscription) {
    this.subscription = newSubscription;
    if (!wanted) {
      newSubscription.cancel();
      body.complete(NOTHING);
    } else if (declaredLength.isPresent() && declaredLength.getAsLong() > cap) {
      newSubscription.cancel();
      body.completeExceptionally(new TooLarge("Content-Length " + declaredLength.getAsLong()));
    } else {
      newSubscription.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      if (received.size() + (long) buffer.remaining() > cap) {
        subscription.cancel();
        body.completeExceptionally(new TooLarge("more than " + cap + " bytes"));
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      received.write(chunk, 0, chunk.length);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(received.toByteArray());
  }

  private static OptionalLong contentLength(ResponseInfo response) {
    try {
      return response.headers().firstValueAsLong("content-length");
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
