package dev.vsid.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code openssl speed} for one algorithm and reads its signatures per second. */
final class OpensslSpeed {
  private static final Pattern RESULT_LINE =
      Pattern.compile("\\s([0-9.]+)s\\s+([0-9.]+)s\\s+([0-9.]+)\\s+([0-9.]+)\\s*$");

  private OpensslSpeed() {}

  /** The openssl speed name of a key type, such as {@code ecdsap256}. */
  static String algorithmFor(String keyType) {
    return switch (keyType) {
      case "ECP256" -> "ecdsap256";
      case "ECP384" -> "ecdsap384";
      case "RSA2048" -> "rsa2048";
      case "RSA3072" -> "rsa3072";
      case "RSA4096" -> "rsa4096";
      case "Ed25519" -> "ed25519";
      default -> throw new IllegalArgumentException("no openssl algorithm for " + keyType);
    };
  }

  /** Signatures per second on one core, or empty when openssl is missing or says nothing. */
  static OptionalDouble signsPerSecond(String keyType, int seconds)
      throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(
                  "openssl", "speed", "-seconds", String.valueOf(seconds), algorithmFor(keyType))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5L * seconds + 30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return OptionalDouble.empty();
    }
    for (String line : out.split("\n")) {
      Matcher m = RESULT_LINE.matcher(line);
      if (m.find()) {
        return OptionalDouble.of(Double.parseDouble(m.group(3)));
      }
    }
    return OptionalDouble.empty();
  }
}
