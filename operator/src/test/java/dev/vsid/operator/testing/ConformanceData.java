package dev.vsid.operator.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The SPIFFE conformance data (test vectors from the specification and the reference suites), kept
 * as test resources so the tests run from a clone on its own. {@code ConformanceCopiesTest} checks
 * the copy against the team's shared folder whenever that is beside the checkout.
 */
public final class ConformanceData {
  private ConformanceData() {}

  /** The folder holding README.md, the TSV files, the case files and testdata/. */
  public static Path dir() {
    URL url = ConformanceData.class.getResource("/conformance/README.md");
    if (url == null) {
      throw new IllegalStateException("conformance data missing from the test resources");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A file below {@link #dir()}, such as {@code testdata/go-spiffe/...}. */
  public static Path file(String relative) {
    return dir().resolve(relative);
  }
}
