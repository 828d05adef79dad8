package dev.vsid.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kubeconfig for a local API: one cluster, one context, a user with no credentials (the local API
 * asks for none), over plain HTTP on 127.0.0.1.
 */
final class Kubeconfig {
  private Kubeconfig() {}

  /**
   * Writes the kubeconfig of the API at {@code serverUrl} to {@code file}, as context {@code name}.
   */
  static Path write(Path file, String serverUrl, String name) {
    String text =
        String.join(
            "\n",
            "# The embedded mode's local Kubernetes API; valid while it keeps running.",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: " + name,
            "  cluster:",
            "    server: " + serverUrl,
            "users:",
            "- name: " + name,
            "  user: {}",
            "contexts:",
            "- name: " + name,
            "  context:",
            "    cluster: " + name,
            "    user: " + name,
            "current-context: " + name,
            "");
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the kubeconfig " + file, e);
    }
  }
}
