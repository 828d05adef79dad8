package dev.vsid.operator.hostile.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the hostile corpus: one resource per YAML file under {@code hostile/corpus/} on the test
 * classpath, each headed by comment lines that say what the operator must answer:
 *
 * <pre>
 * # why the resource is bad (free text)
 * # expect: Ready=False InvalidTtl
 * # message: spec.ttl
 * </pre>
 *
 * <p>{@code expect} names a condition, its status and its reason; each {@code message} line is text
 * the condition's message must contain. A file's resource must be named as the file. See {@link
 * Generators} for the values a file may have generated.
 */
public final class CorpusFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXPECT = "# expect:";
  private static final String MESSAGE = "# message:";

  private CorpusFiles() {}

  /** Every row of the corpus in {@code directory} (a classpath folder), by file name. */
  public static List<CorpusRow> load(String directory) {
    try (Stream<Path> files = Files.list(folder(directory))) {
      List<CorpusRow> rows = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        rows.add(read(file));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path folder(String directory) {
    try {
      return Path.of(CorpusFiles.class.getClassLoader().getResource(directory).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no corpus folder " + directory + " on the classpath", e);
    }
  }

  static CorpusRow read(Path file) throws IOException {
    String text = Files.readString(file);
    String fileName = file.getFileName().toString();
    String[] expect = null;
    List<String> messages = new ArrayList<>();
    for (String line : text.lines().toList()) {
      if (line.startsWith(EXPECT)) {
        expect = line.substring(EXPECT.length()).trim().split("[= ]+");
      } else if (line.startsWith(MESSAGE)) {
        messages.add(line.substring(MESSAGE.length()).trim());
      }
    }
    if (expect == null || expect.length != 3) {
      throw new IllegalArgumentException(fileName + ": needs '# expect: Type=Status Reason'");
    }
    JsonNode resource = YAML.readTree(text);
    JsonNode metadata = resource.path("metadata");
    String name = metadata.path("name").asText();
    if (!fileName.equals(name + ".yaml")) {
      throw new IllegalArgumentException(fileName + ": the resource must be named " + name);
    }
    String namespace = metadata.hasNonNull("namespace") ? metadata.get("namespace").asText() : null;
    String json = Generators.expand(JSON.writeValueAsString(resource));
    return new CorpusRow(
        fileName,
        resource.path("kind").asText(),
        namespace,
        name,
        json,
        expect[0],
        expect[1],
        expect[2],
        List.copyOf(messages));
  }
}
