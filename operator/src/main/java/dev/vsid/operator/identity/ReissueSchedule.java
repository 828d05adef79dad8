package dev.vsid.operator.identity;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Spreads the reissues a CA rotation causes: at most {@code perSecond} SVIDs of one trust domain
 * are reissued each second. Each identity that must wait gets a time slot, so it is looked at once
 * more, at its slot, rather than polling.
 */
final class ReissueSchedule {
  private final Clock clock;
  private final Duration spacing;
  private final Map<String, Instant> lastSlot = new HashMap<>();
  private final Map<ResourceID, Instant> slots = new HashMap<>();

  ReissueSchedule(Clock clock, int perSecond) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("the reissue rate must be at least 1 per second");
    }
    this.clock = clock;
    this.spacing = Duration.ofNanos(1_000_000_000L / perSecond);
  }

  /**
   * How long {@code identity} of {@code trustDomain} must wait before its SVID is reissued: zero
   * when it may go now. Its slot is kept until it is used.
   */
  synchronized Duration waitFor(String trustDomain, ResourceID identity) {
    Instant now = clock.instant();
    Instant slot = slots.get(identity);
    if (slot == null) {
      Instant last = lastSlot.get(trustDomain);
      Instant earliest = last == null ? now : last.plus(spacing);
      slot = earliest.isBefore(now) ? now : earliest;
      lastSlot.put(trustDomain, slot);
      slots.put(identity, slot);
    }
    if (!now.isBefore(slot)) {
      slots.remove(identity);
      return Duration.ZERO;
    }
    return Duration.between(now, slot);
  }

  /** Forgets a slot that is no longer needed (the identity was reissued for another reason). */
  synchronized void release(ResourceID identity) {
    slots.remove(identity);
  }
}
