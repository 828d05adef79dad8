package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * The CRD schema of {@code spec.bundle.namespaceSelector}: a Kubernetes label selector, read into a
 * {@code LabelSelector}, with the checks the operator makes on it. Only the schema generator uses
 * this class. Keys and values longer than any label's can match no namespace; the list and map
 * limits are far above what a selector needs.
 */
final class NamespaceSelectorSchema {
  static final int MAX_REQUIREMENTS = 100;
  static final int MAX_LABEL_KEY = 317;
  static final int MAX_LABEL_VALUE = 63;

  @Size(max = MAX_REQUIREMENTS)
  @ValidationRule(value = "self.all(k, size(k) > 0)", message = "a label key must not be empty")
  @JsonProperty
  @JsonPropertyDescription("Labels a namespace must have, each with exactly this value.")
  private Map<String, @Size(max = MAX_LABEL_VALUE) String> matchLabels;

  @Size(max = MAX_REQUIREMENTS)
  @JsonProperty
  @JsonPropertyDescription("Requirements on a namespace's labels; all must hold.")
  private List<Requirement> matchExpressions;

  private NamespaceSelectorSchema() {}

  /** One requirement of a label selector. */
  @ValidationRule(
      value =
          "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0"
              + " : !has(self.values) || size(self.values) == 0",
      message = "In and NotIn need at least one value; Exists and DoesNotExist take none")
  static final class Requirement {
    @Required
    @Size(min = 1, max = MAX_LABEL_KEY)
    @JsonProperty
    @JsonPropertyDescription("The label key.")
    private String key;

    @Required
    @JsonProperty
    @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
    private Operator operator;

    @Size(max = 1000)
    @JsonProperty
    @JsonPropertyDescription("The values, for In and NotIn.")
    private List<@Size(max = MAX_LABEL_VALUE) String> values;

    private Requirement() {}
  }

  /** The operators of a label selector requirement. */
  enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }
}
