package dev.vsid.operator.health;

import java.util.Optional;

/**
 * One line of a probe's answer: the check's name, and why it fails when it does. The reason is
 * short and names resources at most, never their content.
 */
public record Check(String name, Optional<String> failure) {
  public static Check ok(String name) {
    return new Check(name, Optional.empty());
  }

  public static Check failing(String name, String reason) {
    return new Check(name, Optional.of(reason));
  }

  public boolean passed() {
    return failure.isEmpty();
  }

  /** {@code name: ok} or {@code name: failing: reason}. */
  public String line() {
    return name + ": " + failure.map(f -> "failing: " + f).orElse("ok");
  }
}
