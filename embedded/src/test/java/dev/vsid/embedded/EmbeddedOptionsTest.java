package dev.vsid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedOptionsTest {
  @Test
  void withNoArgumentsTheExamplesFolderIsAppliedAndFilesGoToTheDefaultFolder() {
    EmbeddedOptions options = EmbeddedOptions.parse();

    assertThat(options.examples()).isEqualTo(Path.of("examples"));
    assertThat(options.out()).isEqualTo(Path.of("vsid-embedded-out"));
    assertThat(options.keepRunning()).isFalse();
  }

  @Test
  void foldersAndKeepRunningCanBeGiven() {
    EmbeddedOptions options =
        EmbeddedOptions.parse("--examples", "demo", "--out", "/tmp/x", "--keep-running");

    assertThat(options.examples()).isEqualTo(Path.of("demo"));
    assertThat(options.out()).isEqualTo(Path.of("/tmp/x"));
    assertThat(options.keepRunning()).isTrue();
  }

  @Test
  void anOptionWithoutItsFolderIsRefused() {
    assertThatThrownBy(() -> EmbeddedOptions.parse("--out")).hasMessage("--out needs a folder");
  }

  @Test
  void anUnknownOptionExitsWithTheUsageAndCodeTwo() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    int code =
        EmbeddedMain.run(
            new String[] {"--cluster"}, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(EmbeddedMain.USAGE);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .startsWith("unknown option --cluster")
        .contains("usage: java -jar vsid-embedded.jar");
  }
}
