package dev.vsid.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.config.WebhookSettings;
import dev.vsid.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ValidatingWebhookConfiguration that sends pod creations to the webhook: created when
 * absent, rewritten when any field of its webhook differs from what the settings and the current
 * caBundle call for (an edit by hand included), and never written when it is as it should be. Every
 * field the API server would default is set, so a stored copy compares equal.
 */
final class WebhookConfigurationKeeper {
  static final String WEBHOOK_NAME = "pod-binding.vsid.dev";
  static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";
  static final int TIMEOUT_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(WebhookConfigurationKeeper.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final WebhookSettings settings;
  private final String operatorNamespace;
  private final Set<String> watchedNamespaces;

  WebhookConfigurationKeeper(
      KubernetesClient client,
      WebhookSettings settings,
      String operatorNamespace,
      Set<String> watchedNamespaces) {
    this.client = client;
    this.settings = settings;
    this.operatorNamespace = operatorNamespace;
    this.watchedNamespaces = Set.copyOf(watchedNamespaces);
  }

  /**
   * Makes the stored configuration match; a 409 (another replica wrote first) is left for the next
   * check.
   */
  void ensure(String caBundlePem) {
    List<ValidatingWebhook> webhooks = List.of(webhook(caBundlePem));
    var resource =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName(settings.configurationName());
    ValidatingWebhookConfiguration current = resource.get();
    try {
      if (current == null) {
        client.resource(created(webhooks)).create();
        log.info("Created ValidatingWebhookConfiguration {}", settings.configurationName());
      } else if (differs(current, webhooks)) {
        client.resource(corrected(current, webhooks)).update();
        log.info(
            "Updated ValidatingWebhookConfiguration {}: {} differed",
            settings.configurationName(),
            differences(current, webhooks));
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      log.debug("ValidatingWebhookConfiguration changed meanwhile; checking again later");
    }
  }

  private ValidatingWebhookConfiguration created(List<ValidatingWebhook> webhooks) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(settings.configurationName())
        .withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE))
        .endMetadata()
        .withWebhooks(webhooks)
        .build();
  }

  private static ValidatingWebhookConfiguration corrected(
      ValidatingWebhookConfiguration current, List<ValidatingWebhook> webhooks) {
    return new ValidatingWebhookConfigurationBuilder(current)
        .editMetadata()
        .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .endMetadata()
        .withWebhooks(webhooks)
        .build();
  }

  private static boolean differs(
      ValidatingWebhookConfiguration current, List<ValidatingWebhook> webhooks) {
    Map<String, String> labels = current.getMetadata().getLabels();
    boolean labelled =
        labels != null && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY));
    return !labelled || !Objects.equals(normalized(current.getWebhooks()), normalized(webhooks));
  }

  /** The top-level fields of the webhook that differ, for a log line; or what else does. */
  private static String differences(
      ValidatingWebhookConfiguration current, List<ValidatingWebhook> webhooks) {
    JsonNode stored = normalized(current.getWebhooks());
    JsonNode wanted = normalized(webhooks);
    if (stored.size() != wanted.size()) {
      return "the number of webhooks";
    }
    Set<String> fields = new TreeSet<>();
    wanted.get(0).fieldNames().forEachRemaining(fields::add);
    stored.get(0).fieldNames().forEachRemaining(fields::add);
    fields.removeIf(f -> Objects.equals(stored.get(0).get(f), wanted.get(0).get(f)));
    return fields.isEmpty() ? "the labels" : String.join(", ", fields);
  }

  /** As JSON, without nulls and empty objects or lists, which the API server may drop or add. */
  private static JsonNode normalized(Object value) {
    JsonNode tree = JSON.valueToTree(value == null ? List.of() : value);
    prune(tree);
    return tree;
  }

  private static void prune(JsonNode node) {
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      prune(it.next());
    }
    if (node instanceof ObjectNode object) {
      object
          .properties()
          .removeIf(
              e ->
                  e.getValue().isNull()
                      || (e.getValue().isContainerNode() && e.getValue().isEmpty()));
    }
  }

  private ValidatingWebhook webhook(String caBundlePem) {
    String caBundle =
        Base64.getEncoder().encodeToString(caBundlePem.getBytes(StandardCharsets.UTF_8));
    return new ValidatingWebhookBuilder()
        .withName(WEBHOOK_NAME)
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withTimeoutSeconds(TIMEOUT_SECONDS)
        .withMatchPolicy("Equivalent")
        .withFailurePolicy(settings.failurePolicy().name())
        .withNewClientConfig()
        .withCaBundle(caBundle)
        .withNewService()
        .withNamespace(operatorNamespace)
        .withName(settings.serviceName())
        .withPath(ReviewEndpoint.PATH)
        .withPort(settings.servicePort())
        .endService()
        .endClientConfig()
        .withRules(rule("CREATE", "pods"), rule("UPDATE", "pods/ephemeralcontainers"))
        .withNamespaceSelector(namespaceSelector())
        .withObjectSelector(new LabelSelector())
        .build();
  }

  private static RuleWithOperations rule(String operation, String resource) {
    return new RuleWithOperationsBuilder()
        .withApiGroups("")
        .withApiVersions("v1")
        .withOperations(operation)
        .withResources(resource)
        .withScope("Namespaced")
        .build();
  }

  /**
   * Pods of the operator's namespace (so the operator can always start), of {@code kube-system} and
   * of the excluded namespaces are never sent; when the operator serves only some namespaces, only
   * their pods are.
   */
  LabelSelector namespaceSelector() {
    Set<String> excluded = new TreeSet<>(settings.excludedNamespaces());
    excluded.add(operatorNamespace);
    excluded.add("kube-system");
    Set<String> served = new TreeSet<>(watchedNamespaces);
    served.removeAll(excluded);
    boolean onlySome = !served.isEmpty();
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(NAMESPACE_LABEL)
        .withOperator(onlySome ? "In" : "NotIn")
        .withValues(new ArrayList<>(onlySome ? served : excluded))
        .endMatchExpression()
        .build();
  }
}
