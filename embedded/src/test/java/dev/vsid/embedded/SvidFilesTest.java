package dev.vsid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvidFilesTest {
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
  void everyDataKeyBecomesAFileWithItsDecodedBytes() throws IOException {
    createSecret("web", Map.of("tls.crt", "CERT", "tls.key", "KEY", "ca.crt", "CA"));

    SvidFiles.FileSet files = new SvidFiles(api.client(), out).write("shop", "web");

    assertThat(files.dir()).isEqualTo(out.resolve("shop/web"));
    assertThat(files.cert()).hasContent("CERT");
    assertThat(files.key()).hasContent("KEY");
    assertThat(files.bundle()).hasContent("CA");
    if (files.key().getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key())))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.cert())))
          .isEqualTo("rw-r--r--");
    }
  }

  @Test
  void filesOfAnEarlierRunThatTheSecretNoLongerHoldsAreRemoved() throws IOException {
    Files.createDirectories(out.resolve("shop/old"));
    Files.writeString(out.resolve("shop/old/stale.pem"), "old");
    createSecret("old", Map.of("tls.crt", "CERT"));

    new SvidFiles(api.client(), out).write("shop", "old");

    assertThat(out.resolve("shop/old/stale.pem")).doesNotExist();
    assertThat(out.resolve("shop/old/tls.crt")).hasContent("CERT");
  }

  @Test
  void aDataKeyThatWouldLeaveTheSecretsFolderIsRefused() {
    createSecret("evil", Map.of("../../escaped", "X"));

    assertThatThrownBy(() -> new SvidFiles(api.client(), out).write("shop", "evil"))
        .hasMessage("refusing to write Secret data key \"../../escaped\"");
    assertThat(out.resolve("escaped")).doesNotExist();
  }

  @Test
  void aMissingSecretIsReportedByName() {
    assertThatThrownBy(() -> new SvidFiles(api.client(), out).write("shop", "absent"))
        .hasMessage("Secret shop/absent is missing or has no data");
  }

  private static void createSecret(String name, Map<String, String> text) {
    Map<String, String> data = new HashMap<>();
    text.forEach((k, v) -> data.put(k, base64(v)));
    api.client()
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName(name)
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
