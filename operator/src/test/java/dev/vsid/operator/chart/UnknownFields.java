package dev.vsid.operator.chart;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fields of a manifest that its Kubernetes kind does not have. The fabric8 model keeps them in
 * {@code additionalProperties} instead of refusing them, and the API server would drop them (or
 * refuse them, with strict field validation), so a misspelt key in a template would go unnoticed.
 */
final class UnknownFields {
  private UnknownFields() {}

  static List<String> of(Object model) {
    List<String> found = new ArrayList<>();
    walk(model, "", found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", found);
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "[" + key + "]", found));
    } else if (value != null && value.getClass().getName().startsWith("io.fabric8.kubernetes")) {
      walkModel(value, path, found);
    }
  }

  private static void walkModel(Object model, String path, List<String> found) {
    for (Method getter : model.getClass().getMethods()) {
      if (!isGetter(getter)) {
        continue;
      }
      Object value = invoke(getter, model);
      String field = path + "." + fieldName(getter);
      if (getter.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
        extra.keySet().forEach(key -> found.add(path + "." + key));
      } else {
        walk(value, field, found);
      }
    }
  }

  private static boolean isGetter(Method method) {
    return method.getName().startsWith("get")
        && method.getParameterCount() == 0
        && !Modifier.isStatic(method.getModifiers())
        && method.getDeclaringClass().getName().startsWith("io.fabric8.kubernetes");
  }

  private static String fieldName(Method getter) {
    String name = getter.getName().substring(3);
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static Object invoke(Method getter, Object model) {
    try {
      return getter.invoke(model);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(getter + " failed", e);
    }
  }
}
