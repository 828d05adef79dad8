package dev.vsid.operator.testing;

import dev.vsid.operator.status.Reasons;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

/** Every reason {@link Reasons} declares: a condition's reason must be one of them. */
public final class KnownReasons {
  private static final Set<String> ALL = read();

  private KnownReasons() {}

  public static Set<String> all() {
    return ALL;
  }

  private static Set<String> read() {
    Set<String> reasons = new TreeSet<>();
    for (Field field : Reasons.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          reasons.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Set.copyOf(reasons);
  }
}
