package dev.vsid.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.time.Duration;

/**
 * What happens after a reconcile fails: the framework retries with backoff; once its retries run
 * out, the resource is still looked at again later instead of waiting for its next event.
 */
public final class AfterRetries {
  private AfterRetries() {}

  /**
   * Retries as usual, then once more after {@code recheck}. A reschedule asked for before the last
   * attempt would cancel the remaining retries, so it is asked for only then.
   */
  public static <R extends HasMetadata> ErrorStatusUpdateControl<R> recheckAfter(
      Context<R> context, Duration recheck) {
    boolean lastAttempt = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
    return lastAttempt
        ? ErrorStatusUpdateControl.<R>noStatusUpdate().rescheduleAfter(recheck)
        : ErrorStatusUpdateControl.<R>noStatusUpdate();
  }
}
