package dev.vsid.operator.health;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One informer of a controller, as the Java Operator SDK reports it.
 *
 * @param name the controller, the event source and, for an informer of one namespace, that
 *     namespace
 */
public record InformerState(String name, boolean synced, boolean running) {

  /** The informers of every controller {@code operator} runs; empty before it starts. */
  public static List<InformerState> of(Operator operator) {
    var runtime = operator.getRuntimeInfo();
    List<InformerState> states = new ArrayList<>();
    if (!runtime.isStarted()) {
      return states;
    }
    for (Object registered : runtime.getRegisteredControllers()) {
      RegisteredController<?> controller = (RegisteredController<?>) registered;
      String prefix = controller.getConfiguration().getName() + "/";
      Map<String, InformerWrappingEventSourceHealthIndicator> sources =
          controller.getControllerHealthInfo().informerEventSourceHealthIndicators();
      for (var source : sources.entrySet()) {
        Map<String, InformerHealthIndicator> informers =
            source.getValue().informerHealthIndicators();
        for (var informer : informers.entrySet()) {
          states.add(
              new InformerState(
                  prefix + source.getKey() + where(informer.getKey()),
                  informer.getValue().hasSynced(),
                  informer.getValue().isRunning()));
        }
      }
    }
    return states;
  }

  private static String where(String namespace) {
    return namespace == null || namespace.isBlank() || namespace.startsWith("JOSDK_")
        ? ""
        : " (" + namespace + ")";
  }
}
