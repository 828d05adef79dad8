package dev.vsid.operator.federation;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission of connections, shared by all listeners of a server: at most {@code total} open at
 * once, and at most {@code perClient} from one client address, so that one client cannot hold every
 * slot. An IPv6 client counts by its /64 prefix, since one host usually has a whole /64. Refusals
 * are logged at most once a minute, with their count: clients choose how many there are.
 */
final class ConnectionLimits {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimits.class);
  private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final int total;
  private final int perClient;
  private final Map<InetAddress, Integer> open = new HashMap<>();
  private int openTotal;
  private long refused;
  private long lastLog = System.nanoTime() - LOG_INTERVAL_NANOS;

  ConnectionLimits(int total, int perClient) {
    this.total = total;
    this.perClient = perClient;
  }

  /** A slot for a connection from {@code client}, or null when a cap is reached (logged). */
  synchronized Slot admit(InetAddress client) {
    InetAddress key = clientKey(client);
    int fromClient = open.getOrDefault(key, 0);
    if (openTotal >= total) {
      refuse("all " + total + " connection slots are taken", client);
      return null;
    }
    if (fromClient >= perClient) {
      refuse(key.getHostAddress() + " has " + perClient + " connections open", client);
      return null;
    }
    open.put(key, fromClient + 1);
    openTotal++;
    return new Slot(key);
  }

  synchronized int openConnections() {
    return openTotal;
  }

  private synchronized void release(InetAddress key) {
    openTotal--;
    open.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
  }

  private void refuse(String why, InetAddress client) {
    refused++;
    long now = System.nanoTime();
    if (now - lastLog >= LOG_INTERVAL_NANOS) {
      log.warn(
          "bundle endpoints: refused {} connection(s) in the last minute; last one from {}: {}",
          refused,
          client.getHostAddress(),
          why);
      refused = 0;
      lastLog = now;
    }
  }

  /** The address a client is counted by: itself, or its /64 prefix for IPv6. */
  static InetAddress clientKey(InetAddress client) {
    if (!(client instanceof Inet6Address)) {
      return client;
    }
    byte[] prefix = client.getAddress();
    for (int i = 8; i < prefix.length; i++) {
      prefix[i] = 0;
    }
    try {
      return InetAddress.getByAddress(prefix);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are an IPv6 address", e);
    }
  }

  /** One admitted connection; closing it frees the slot (once). */
  final class Slot implements AutoCloseable {
    private final InetAddress key;
    private boolean released;

    private Slot(InetAddress key) {
      this.key = key;
    }

    @Override
    public void close() {
      synchronized (ConnectionLimits.this) {
        if (!released) {
          released = true;
          release(key);
        }
      }
    }
  }
}
