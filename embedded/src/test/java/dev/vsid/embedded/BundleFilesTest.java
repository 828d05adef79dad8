package dev.vsid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFilesTest {
  private static LocalApiServer api;

  @TempDir Path out;

  @BeforeAll
  static void startApi() {
    api = LocalApiServer.start();
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  @Test
  void everyKeyBecomesAReadableFileInTheConfigMapsOwnFolder() throws IOException {
    createConfigMap("bundle", Map.of("ca.crt", "PEM", "bundle.json", "{}"), Map.of());

    BundleFiles.FileSet files = new BundleFiles(api.client(), out).write("shop", "bundle").get();

    assertThat(files.dir()).isEqualTo(out.resolve("shop/configmap-bundle"));
    assertThat(files.keys()).containsExactly("bundle.json", "ca.crt");
    assertThat(files.caCert()).hasContent("PEM");
    assertThat(files.bundleJson()).hasContent("{}");
    if (files.caCert().getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.caCert())))
          .isEqualTo("rw-r--r--");
    }
  }

  @Test
  void binaryDataKeysAreWrittenDecoded() throws IOException {
    String encoded = Base64.getEncoder().encodeToString("raw".getBytes(StandardCharsets.UTF_8));
    createConfigMap("binary", Map.of(), Map.of("blob.bin", encoded));

    BundleFiles.FileSet files = new BundleFiles(api.client(), out).write("shop", "binary").get();

    assertThat(files.dir().resolve("blob.bin")).hasContent("raw");
  }

  @Test
  void aMissingConfigMapLeavesNoFilesEvenFromAnEarlierRun() throws IOException {
    Files.createDirectories(out.resolve("shop/configmap-absent"));
    Files.writeString(out.resolve("shop/configmap-absent/ca.crt"), "old");

    assertThat(new BundleFiles(api.client(), out).write("shop", "absent")).isEmpty();
    assertThat(out.resolve("shop/configmap-absent")).doesNotExist();
  }

  @Test
  void aKeyThatWouldLeaveTheFolderIsRefused() {
    createConfigMap("evil", Map.of("../../escaped", "X"), Map.of());

    assertThatThrownBy(() -> new BundleFiles(api.client(), out).write("shop", "evil"))
        .hasMessage("refusing to write ConfigMap data key \"../../escaped\"");
    assertThat(out.resolve("escaped")).doesNotExist();
  }

  private static void createConfigMap(
      String name, Map<String, String> data, Map<String, String> binaryData) {
    api.client()
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName(name)
                .endMetadata()
                .withData(data)
                .withBinaryData(binaryData)
                .build())
        .create();
  }
}
