package dev.vsid.operator.distribution;

import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import dev.vsid.operator.text.Text;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A namespace label selector, checked once and then matched against label maps. It follows the
 * Kubernetes rules: every matchLabels entry and every matchExpressions requirement must hold; an
 * empty selector selects everything.
 */
public final class NamespaceSelection {
  private static final String FIELD = "spec.bundle.namespaceSelector";
  private static final String REASON = Reasons.INVALID_BUNDLE_SETTINGS;
  private static final Pattern LABEL_NAME =
      Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
  private static final Pattern LABEL_PREFIX =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private static final NamespaceSelection ALL = new NamespaceSelection(List.of());

  private final List<Predicate<Map<String, String>>> requirements;

  private NamespaceSelection(List<Predicate<Map<String, String>>> requirements) {
    this.requirements = requirements;
  }

  /** Every namespace. */
  public static NamespaceSelection all() {
    return ALL;
  }

  /**
   * Compiles {@code selector}; null selects every namespace.
   *
   * @throws BadInputException when a requirement is malformed, naming the field to fix
   */
  public static NamespaceSelection of(LabelSelector selector) throws BadInputException {
    return of(selector, FIELD, REASON);
  }

  /**
   * Compiles {@code selector} found at {@code field}; null selects every namespace.
   *
   * @throws BadInputException with {@code reason} when a requirement is malformed
   */
  public static NamespaceSelection of(LabelSelector selector, String field, String reason)
      throws BadInputException {
    if (selector == null) {
      return ALL;
    }
    List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> entry : selector.getMatchLabels().entrySet()) {
        String key = requireKey(entry.getKey(), field + ".matchLabels", reason);
        String value = requireValue(entry.getValue(), field + ".matchLabels." + key, reason);
        requirements.add(labels -> value.equals(labels.get(key)));
      }
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    if (expressions != null) {
      for (int i = 0; i < expressions.size(); i++) {
        String at = field + ".matchExpressions[" + i + "]";
        requirements.add(expression(expressions.get(i), at, reason));
      }
    }
    return new NamespaceSelection(List.copyOf(requirements));
  }

  public boolean matches(Map<String, String> labels) {
    Map<String, String> present = labels == null ? Map.of() : labels;
    for (Predicate<Map<String, String>> requirement : requirements) {
      if (!requirement.test(present)) {
        return false;
      }
    }
    return true;
  }

  private static Predicate<Map<String, String>> expression(
      LabelSelectorRequirement requirement, String field, String reason) throws BadInputException {
    if (requirement == null) {
      throw new BadInputException(reason, field + " is empty");
    }
    String key = requireKey(requirement.getKey(), field + ".key", reason);
    String operator = requirement.getOperator();
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    if ("In".equals(operator) || "NotIn".equals(operator)) {
      if (values.isEmpty()) {
        throw new BadInputException(
            reason, field + ": operator " + operator + " needs at least one value in values");
      }
      List<String> checked = new ArrayList<>();
      for (String value : values) {
        checked.add(requireValue(value, field + ".values", reason));
      }
      Set<String> allowed = Set.copyOf(checked);
      return "In".equals(operator)
          ? labels -> labels.containsKey(key) && allowed.contains(labels.get(key))
          : labels -> !labels.containsKey(key) || !allowed.contains(labels.get(key));
    }
    if ("Exists".equals(operator) || "DoesNotExist".equals(operator)) {
      if (!values.isEmpty()) {
        throw new BadInputException(
            reason, field + ": operator " + operator + " takes no values; remove values");
      }
      return "Exists".equals(operator)
          ? labels -> labels.containsKey(key)
          : labels -> !labels.containsKey(key);
    }
    throw new BadInputException(
        reason,
        field
            + ".operator "
            + (operator == null ? "is missing" : Text.quote(operator) + " is not supported")
            + "; use In, NotIn, Exists or DoesNotExist");
  }

  private static String requireKey(String key, String field, String reason)
      throws BadInputException {
    if (key == null || key.isEmpty()) {
      throw new BadInputException(reason, field + " has an empty label key; name a label");
    }
    if (!isLabelKey(key)) {
      throw new BadInputException(
          reason,
          field
              + ": "
              + Text.quote(key)
              + " is not a valid label key; use an optional DNS prefix and '/', then up to 63"
              + " letters, digits, '-', '_' or '.', such as team or example.org/team");
    }
    return key;
  }

  /** A label value: empty, or what a label key's name part may be. */
  private static String requireValue(String value, String field, String reason)
      throws BadInputException {
    if (value == null || value.isEmpty()) {
      return "";
    }
    if (!LABEL_NAME.matcher(value).matches()) {
      throw new BadInputException(
          reason,
          field
              + ": "
              + Text.quote(value)
              + " is not a valid label value; use up to 63 letters, digits, '-', '_' or '.',"
              + " starting and ending with a letter or digit");
    }
    return value;
  }

  /** Whether {@code key} is a Kubernetes label key: {@code [prefix/]name}. */
  static boolean isLabelKey(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !LABEL_PREFIX.matcher(prefix).matches()) {
        return false;
      }
    }
    return LABEL_NAME.matcher(name).matches();
  }
}
