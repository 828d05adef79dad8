package dev.vsid.operator.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutates valid specs at random, from a seed: swaps a field's JSON type, deletes or duplicates a
 * field, puts unicode and control characters into strings, writes huge numbers, nests deeply, and
 * sets durations, paths, names and DNS names from pools of near misses. The seed comes from the
 * system property {@value #SEED_PROPERTY} (default {@value #DEFAULT_SEED}); failures must print it,
 * with the mutation's number, so that a run can be repeated.
 */
public final class SpecFuzzer {
  public static final String SEED_PROPERTY = "vsid.fuzz.seed";
  public static final long DEFAULT_SEED = 20261204L;

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamWriteConstraints(
                  StreamWriteConstraints.builder().maxNestingDepth(20_000).build())
              .build());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] DURATIONS = {
    "24h",
    "1.5h",
    "90m",
    "10m",
    "1h30m",
    "-1h",
    "0s",
    "9999999999h",
    "1e400h",
    "PT1H",
    "1d",
    "",
    "2562047h",
    "2562048h",
    "0.0000001ns",
    "١h",
    "1h ",
    " 1h",
    "1H",
    "1h\n",
    "5m0s",
    "59m59s"
  };
  private static final String[] PATHS = {
    "/ns/{namespace}/sa/{serviceAccount}",
    "/ns/{namespace}/{name}",
    "/ns/{namespace}/../x",
    "/ns/{namespace}/./x",
    "/ns/{namespace}//x",
    "/ns/{namespace}/",
    "/ns/other/sa/x",
    "/ns",
    "/ns/{namespace}/{owner}",
    "/ns/{namespace",
    "/ns/{namespace}/a%2Fb",
    "ns/{namespace}/x",
    "/ns/{namespace}/x y",
    "/ns/{namespace}/{trustDomain}",
    "/ns/{namespace}/...",
    "",
    "/ns/{serviceAccount}/x",
    "/ns/{namespace}/Ünïcode",
    "/ns/{namespace}/a\u0000b"
  };
  private static final String[] NAMES = {
    "web",
    "Web",
    "a_b",
    "-web",
    "web-",
    "a.b",
    "a..b",
    "vsid-ca-example",
    "example",
    "nope",
    "",
    "x".repeat(253),
    "x".repeat(254),
    "example.org",
    "Example.Org",
    "a/b",
    "σ",
    "web\n",
    "42"
  };
  private static final String[] DNS_NAMES = {
    "web.shop.svc",
    "*.example.org",
    "*.*.x",
    "Web.Shop",
    "web.",
    "10.0.0.1",
    "::1",
    "bücher.de",
    "a".repeat(64) + ".x",
    "-a.b",
    "a-.b",
    "",
    "x",
    "*",
    "*.x"
  };
  private static final String[] KEY_TYPES = {
    "ECP256", "ecp384", "Ed25519", "ED25519", "DSA1024", "ECP521", "", "RSA1024", "ECP 256"
  };

  private final Random random;

  public SpecFuzzer(long seed) {
    this.random = new Random(seed);
  }

  /** The seed of this run: the system property, or the default. */
  public static long seed() {
    return Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
  }

  /** A copy of {@code spec}, as JSON text, with one to three mutations. */
  public String mutate(ObjectNode spec, int maxDepth) {
    ObjectNode copy = spec.deepCopy();
    String duplicate = null;
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      List<Slot> slots = slots(copy);
      Slot slot = slots.get(random.nextInt(slots.size()));
      int choice = random.nextInt(10);
      if (choice == 9) {
        duplicate = slot.field;
      } else {
        apply(choice, slot, maxDepth);
      }
    }
    String text = write(copy);
    return duplicate == null ? text : duplicateField(text, duplicate);
  }

  private void apply(int choice, Slot slot, int maxDepth) {
    switch (choice) {
      case 0 -> slot.parent.remove(slot.field);
      case 1 -> slot.parent.set(slot.field, otherType(slot.parent.get(slot.field)));
      case 2 -> slot.parent.set(slot.field, NODES.textNode(noisy(text(slot))));
      case 3 -> slot.parent.set(slot.field, hugeNumber());
      case 4 -> slot.parent.set(slot.field, nested(1 + random.nextInt(maxDepth)));
      case 5 -> slot.parent.put(slot.field, pick(DURATIONS));
      case 6 -> slot.parent.put(slot.field, pick(PATHS));
      case 7 -> slot.parent.put(slot.field, pick(random.nextBoolean() ? NAMES : KEY_TYPES));
      default -> slot.parent.set(slot.field, dnsNames());
    }
  }

  /** A field of an object in the tree, by its parent and name. */
  private record Slot(ObjectNode parent, String field) {}

  private static List<Slot> slots(ObjectNode root) {
    List<Slot> slots = new ArrayList<>();
    collect(root, slots);
    if (slots.isEmpty()) {
      slots.add(new Slot(root, "spiffeIdPath"));
    }
    return slots;
  }

  private static void collect(ObjectNode node, List<Slot> slots) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              slots.add(new Slot(node, name));
              if (node.get(name) instanceof ObjectNode child) {
                collect(child, slots);
              }
            });
  }

  private JsonNode otherType(JsonNode current) {
    return switch (random.nextInt(6)) {
      case 0 -> NODES.numberNode(random.nextInt(100_000) - 50_000);
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.arrayNode().add(current == null ? NODES.nullNode() : current);
      case 3 -> NODES.objectNode().set("value", current == null ? NODES.nullNode() : current);
      case 4 -> NODES.nullNode();
      default -> NODES.numberNode(random.nextDouble() * 1e6);
    };
  }

  private JsonNode hugeNumber() {
    try {
      String[] numbers = {
        "1e308", "-1e308", "123456789012345678901234567890", "9223372036854775808", "-0", "4.9e-324"
      };
      return JSON.readTree(pick(numbers));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode nested(int depth) {
    JsonNode node = NODES.textNode("bottom");
    for (int i = 0; i < depth; i++) {
      node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
    }
    return node;
  }

  private ArrayNode dnsNames() {
    ArrayNode names = NODES.arrayNode();
    int count = random.nextInt(10) == 0 ? 101 + random.nextInt(50) : random.nextInt(4);
    for (int i = 0; i < count; i++) {
      names.add(random.nextInt(4) == 0 ? noisy("web.shop.svc") : pick(DNS_NAMES));
    }
    return names;
  }

  private String text(Slot slot) {
    JsonNode value = slot.parent.get(slot.field);
    return value != null && value.isTextual() ? value.asText() : "web";
  }

  /** {@code base} with random characters from across Unicode, controls included, put in. */
  private String noisy(String base) {
    StringBuilder out = new StringBuilder(base);
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      int codePoint =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0x20);
            case 1 -> 0x80 + random.nextInt(0x780);
            case 2 -> 0x2000 + random.nextInt(0x70);
            default -> 0x1F300 + random.nextInt(0x300);
          };
      out.insert(random.nextInt(out.length() + 1), Character.toChars(codePoint));
    }
    return out.toString();
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JSON text with {@code field} written twice: the first value is a decoy. */
  private static String duplicateField(String text, String field) {
    String key = "\"" + field + "\":";
    int at = text.indexOf(key);
    return at < 0 ? text : text.substring(0, at) + key + "\"decoy\"," + text.substring(at);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
