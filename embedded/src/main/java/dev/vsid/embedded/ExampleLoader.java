package dev.vsid.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Applies every YAML document of every file in a folder, files in name order, as {@code kubectl
 * apply -f DIR} would: created, or updated when it already exists.
 */
final class ExampleLoader {
  private static final String DEFAULT_NAMESPACE = "default";

  private final KubernetesClient client;

  /** One object that was applied, named as kubectl names it. */
  record Applied(String kind, String namespace, String name) {
    @Override
    public String toString() {
      return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
  }

  ExampleLoader(KubernetesClient client) {
    this.client = client;
  }

  /** An object of a file, read but not applied yet. */
  record Held(Path file, HasMetadata object) {}

  /** Applies the folder's files and returns what was applied, in order. */
  List<Applied> applyFolder(Path folder) {
    return applyFolder(folder, object -> false, new ArrayList<>());
  }

  /**
   * Applies the folder's files, in order, except the objects {@code later} selects: those are added
   * to {@code held}, to be applied with {@link #apply(Held)} when the time comes.
   */
  List<Applied> applyFolder(Path folder, Predicate<HasMetadata> later, List<Held> held) {
    List<Applied> applied = new ArrayList<>();
    for (Path file : yamlFiles(folder)) {
      for (HasMetadata object : documents(file)) {
        if (later.test(object)) {
          held.add(new Held(file, object));
        } else {
          applied.add(applyOne(file, object));
        }
      }
    }
    return applied;
  }

  /** Applies an object held back before. */
  Applied apply(Held held) {
    return applyOne(held.file(), held.object());
  }

  static List<Path> yamlFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("examples folder " + folder + " does not exist");
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*\\.ya?ml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + folder, e);
    }
  }

  private List<HasMetadata> documents(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is not valid Kubernetes YAML" + where(e));
    }
  }

  /**
   * Where a YAML error is, as " (line L, column C)". Only the position: parser messages quote the
   * text around the error, which in a Secret's manifest is the secret itself.
   */
  private static String where(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
        Mark mark = marked.getProblemMark().get();
        return position(mark.getLine() + 1, mark.getColumn() + 1);
      }
      if (t instanceof JsonProcessingException json && json.getLocation() != null) {
        return position(json.getLocation().getLineNr(), json.getLocation().getColumnNr());
      }
    }
    return "";
  }

  private static String position(int line, int column) {
    return line > 0 ? " (line " + line + ", column " + column + ")" : "";
  }

  private Applied applyOne(Path file, HasMetadata object) {
    if (object.getMetadata() == null || object.getMetadata().getName() == null) {
      throw new IllegalArgumentException(
          "a " + object.getKind() + " in " + file.getFileName() + " has no metadata.name");
    }
    try {
      return object instanceof GenericKubernetesResource generic
          ? applyGeneric(generic)
          : applyTyped(object);
    } catch (KubernetesClientException e) {
      String what = describe(object) + " from " + file.getFileName();
      throw new IllegalStateException("applying " + what + " failed: " + e.getMessage(), e);
    }
  }

  private Applied applyTyped(HasMetadata object) {
    if (object instanceof Namespaced) {
      defaultNamespace(object);
    }
    client.resource(object).createOr(NonDeletingOperation::update);
    return applied(object);
  }

  /** A kind the client has no class for: addressed through the CRD that defines it. */
  private Applied applyGeneric(GenericKubernetesResource object) {
    ResourceDefinitionContext context =
        OperatorCrds.contextFor(client, object.getApiVersion(), object.getKind())
            .orElseThrow(() -> noCrdFor(object));
    var resources = client.genericKubernetesResources(context);
    if (context.isNamespaceScoped()) {
      defaultNamespace(object);
      resources
          .inNamespace(object.getMetadata().getNamespace())
          .resource(object)
          .createOr(NonDeletingOperation::update);
    } else {
      resources.resource(object).createOr(NonDeletingOperation::update);
    }
    return applied(object);
  }

  private static IllegalStateException noCrdFor(GenericKubernetesResource object) {
    String type = object.getApiVersion() + " " + object.getKind();
    return new IllegalStateException(
        "no CustomResourceDefinition defines " + type + " (needed by " + describe(object) + ")");
  }

  private static void defaultNamespace(HasMetadata object) {
    if (object.getMetadata().getNamespace() == null) {
      object.getMetadata().setNamespace(DEFAULT_NAMESPACE);
    }
  }

  private static Applied applied(HasMetadata object) {
    return new Applied(
        object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** Kind and name only: objects such as Secrets must never be printed whole. */
  private static String describe(HasMetadata object) {
    return applied(object).toString();
  }
}
