package dev.vsid.operator.inspect;

import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A Secret as {@code kubectl get secret -o yaml} (or {@code -o json}) prints it: base64 values in
 * {@code data}, or plain ones in {@code stringData}, which wins as the API server would have it.
 * Parser messages are never shown: they may quote the file, and the file holds a private key.
 */
final class SecretManifest {
  private SecretManifest() {}

  static SvidMaterial read(Path file, String text) throws UsageException {
    Secret secret = parse(file, text);
    Map<String, String> values = values(secret, file);
    return new SvidMaterial(
        "Secret " + name(secret.getMetadata()) + " in " + SvidSources.shown(file),
        required(values, SvidMaterial.CERT, file),
        required(values, SvidMaterial.KEY, file),
        required(values, SvidMaterial.CA, file));
  }

  private static Secret parse(Path file, String text) throws UsageException {
    Object parsed;
    try {
      parsed = Serialization.unmarshal(text);
    } catch (RuntimeException e) {
      parsed = null;
    }
    if (parsed instanceof KubernetesList list && list.getItems().size() == 1) {
      parsed = list.getItems().get(0);
    }
    if (parsed instanceof Secret secret) {
      return secret;
    }
    throw new UsageException(
        SvidSources.shown(file)
            + " is neither a folder nor one Kubernetes Secret in YAML or JSON; give a folder"
            + " holding tls.crt, tls.key and ca.crt, or the output of kubectl get secret -o yaml");
  }

  private static Map<String, String> values(Secret secret, Path file) throws UsageException {
    Map<String, String> values = new HashMap<>();
    if (secret.getData() != null) {
      for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
        values.put(entry.getKey(), decode(entry.getKey(), entry.getValue(), file));
      }
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return values;
  }

  private static String decode(String key, String base64, Path file) throws UsageException {
    try {
      String compact = base64 == null ? "" : base64.replaceAll("[ \t\r\n]", "");
      byte[] bytes = Base64.getDecoder().decode(compact);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "data." + Text.oneLine(key) + " in " + SvidSources.shown(file) + " is not valid base64");
    }
  }

  private static String required(Map<String, String> values, String key, Path file)
      throws UsageException {
    String value = values.get(key);
    if (value == null) {
      throw new UsageException(
          "the Secret in " + SvidSources.shown(file) + " has no " + key + " in data or stringData");
    }
    return value;
  }

  private static String name(ObjectMeta metadata) {
    if (metadata == null || metadata.getName() == null) {
      return "(unnamed)";
    }
    String namespace = metadata.getNamespace() == null ? "" : metadata.getNamespace() + "/";
    return Text.oneLine(namespace + metadata.getName());
  }
}
