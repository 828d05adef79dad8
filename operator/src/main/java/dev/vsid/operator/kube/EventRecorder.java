package dev.vsid.operator.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events about the custom resources. Callers record an Event when something
 * happens or a condition changes, never on every reconcile, so a repeating failure makes one Event
 * and not a storm. A failure to record is logged and otherwise ignored.
 */
public class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "vsid-operator";
  private static final int MAX_MESSAGE = 1024;
  private static final int MAX_NAME_PREFIX = 200;

  private final KubernetesClient client;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    String namespace = about.getMetadata().getNamespace();
    String eventNamespace = namespace == null ? "default" : namespace;
    String now = Instant.now(clock).toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(eventNamespace)
            .withName(eventName(about))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(about.getApiVersion())
                    .withKind(about.getKind())
                    .withName(about.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(about.getMetadata().getUid())
                    .withResourceVersion(about.getMetadata().getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(truncate(message))
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(eventNamespace).resource(event).create();
    } catch (KubernetesClientException e) {
      log.debug("Could not record event {}: HTTP {}", reason, e.getCode());
    }
  }

  /** An Event name: the object's name (cut so the whole stays a valid name) and a suffix. */
  private String eventName(HasMetadata about) {
    long unique = clock.millis() * 1000 + sequence.incrementAndGet() % 1000;
    String name = about.getMetadata().getName();
    if (name.length() > MAX_NAME_PREFIX) {
      name = name.substring(0, MAX_NAME_PREFIX).replaceAll("[-.]+$", "");
    }
    return name + "." + Long.toHexString(unique);
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }
}
