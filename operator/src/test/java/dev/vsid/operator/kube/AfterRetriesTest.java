package dev.vsid.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AfterRetriesTest {
  @Test
  void beforeTheLastAttemptTheFrameworkKeepsRetryingWithNoRescheduleInTheWay() {
    ErrorStatusUpdateControl<WorkloadIdentity> control =
        AfterRetries.recheckAfter(context(attempt(2, false)), Duration.ofHours(1));

    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(control.isNoRetry()).isFalse();
  }

  @Test
  void afterTheLastAttemptTheResourceIsLookedAtAgainAfterTheRecheckInterval() {
    ErrorStatusUpdateControl<WorkloadIdentity> control =
        AfterRetries.recheckAfter(context(attempt(6, true)), Duration.ofMinutes(30));

    assertThat(control.getScheduleDelay()).contains(Duration.ofMinutes(30).toMillis());
  }

  private static RetryInfo attempt(int count, boolean last) {
    return new RetryInfo() {
      @Override
      public int getAttemptCount() {
        return count;
      }

      @Override
      public boolean isLastAttempt() {
        return last;
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static Context<WorkloadIdentity> context(RetryInfo retry) {
    return (Context<WorkloadIdentity>)
        Proxy.newProxyInstance(
            AfterRetriesTest.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getRetryInfo")) {
                return Optional.of(retry);
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
