package dev.vsid.operator.health;

import java.util.List;
import java.util.stream.Collectors;

/** The checks of one probe: it passes when they all do. */
public record ProbeResult(List<Check> checks) {
  public ProbeResult {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  /** One line per check, as the probe's plain text body. */
  public String body() {
    return checks.stream().map(Check::line).collect(Collectors.joining("\n", "", "\n"));
  }
}
