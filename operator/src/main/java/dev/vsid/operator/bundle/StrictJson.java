package dev.vsid.operator.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vsid.operator.text.Text;
import java.io.IOException;

/**
 * Reads one JSON value into a tree, refusing what a lenient reader would guess at: empty input,
 * data after the value, and an object with the same member twice (RFC 7517 §4 lets a JWK reader
 * reject those; the bundle map must). Errors give the place, never the document.
 */
final class StrictJson {
  /** Bundles nest four levels deep and bundle maps six; anything far deeper is not a bundle. */
  private static final int MAX_DEPTH = 32;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StrictJson() {}

  /** The value of {@code text}; {@code what} names the document in messages. */
  static JsonNode parse(String text, String what) throws BundleFormatException {
    if (text == null || text.isBlank()) {
      throw new BundleFormatException(what + " is empty");
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      parser.nextToken();
      JsonNode value = readValue(parser, what, "");
      if (parser.nextToken() != null) {
        throw new BundleFormatException(what + " has data after the JSON value" + at(parser));
      }
      return value;
    } catch (JsonEOFException e) {
      throw new BundleFormatException(what + " ends before its JSON value is complete");
    } catch (JsonProcessingException e) {
      throw new BundleFormatException(
          what + " is not valid JSON: " + Text.cut(e.getOriginalMessage()) + at(e));
    } catch (IOException e) {
      throw new BundleFormatException(what + " could not be read: " + Text.cut(e.getMessage()));
    } catch (RuntimeException e) {
      // A number the parser cannot represent, for one: still a malformed document.
      throw new BundleFormatException(
          what + " could not be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static JsonNode readValue(JsonParser parser, String what, String pointer)
      throws IOException, BundleFormatException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new BundleFormatException(what + " ends before its JSON value is complete");
    }
    switch (token) {
      case START_OBJECT:
        return readObject(parser, what, pointer);
      case START_ARRAY:
        return readArray(parser, what, pointer);
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return NODES.numberNode(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDecimalValue());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new BundleFormatException(what + " has an unexpected " + token + at(parser));
    }
  }

  private static ObjectNode readObject(JsonParser parser, String what, String pointer)
      throws IOException, BundleFormatException {
    ObjectNode object = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      if (object.has(name)) {
        throw new BundleFormatException(
            what + " has the member " + Text.quote(name) + " twice in " + place(pointer));
      }
      parser.nextToken();
      object.set(name, readValue(parser, what, pointer + "/" + escape(name)));
    }
    return object;
  }

  private static ArrayNode readArray(JsonParser parser, String what, String pointer)
      throws IOException, BundleFormatException {
    ArrayNode array = NODES.arrayNode();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      array.add(readValue(parser, what, pointer + "/" + array.size()));
    }
    return array;
  }

  /** A JSON Pointer (RFC 6901) step. */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static String place(String pointer) {
    return pointer.isEmpty() ? "the top-level object" : Text.quote(pointer);
  }

  private static String at(JsonParser parser) {
    return at(parser.currentLocation());
  }

  private static String at(JsonProcessingException e) {
    return at(e.getLocation());
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
