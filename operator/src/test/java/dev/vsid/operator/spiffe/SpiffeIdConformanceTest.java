package dev.vsid.operator.spiffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vsid.operator.spiffe.ConformanceVectors.Row;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the SPIFFE conformance vectors gives the verdict it names. */
class SpiffeIdConformanceTest {
  private static final Pattern ID_RESULT = Pattern.compile("td=(\\S*) path=(\\S*)");
  private static final Pattern NAME_RESULT = Pattern.compile("name=(\\S*)");
  private static final Pattern PATH_RESULT = Pattern.compile("result=(/\\S*)");

  static List<Row> spiffeIds() throws IOException {
    return ConformanceVectors.read("spiffe_ids.tsv");
  }

  static List<Row> trustDomains() throws IOException {
    return ConformanceVectors.read("trust_domains.tsv");
  }

  static List<Row> paths() throws IOException {
    return ConformanceVectors.read("path_segments.tsv");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spiffeIds")
  void everySpiffeIdVectorGetsItsVerdict(Row row) {
    if (row.valid()) {
      SpiffeId id = SpiffeId.parse(row.input());
      Matcher expected = matcher(ID_RESULT, row);
      assertThat(id.trustDomain().name()).isEqualTo(expected.group(1));
      assertThat(id.path()).isEqualTo(expected.group(2));
      assertThat(id.toString()).isEqualTo(row.input());
    } else {
      assertRejected(() -> SpiffeId.parse(row.input()), row);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trustDomains")
  void everyTrustDomainVectorGetsItsVerdict(Row row) {
    if (row.valid()) {
      assertThat(TrustDomainName.parse(row.input()).name())
          .isEqualTo(matcher(NAME_RESULT, row).group(1));
    } else {
      assertRejected(() -> TrustDomainName.parse(row.input()), row);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void everyPathVectorGetsItsVerdict(Row row) {
    boolean segments = "segments".equals(row.api());
    Runnable build =
        segments
            ? () -> SpiffePaths.fromSegments(Arrays.asList(row.input().split("\\|", -1)))
            : () -> SpiffePaths.validate(row.input());
    if (!row.valid()) {
      assertRejected(build::run, row);
      return;
    }
    build.run();
    Matcher result = PATH_RESULT.matcher(row.expectation());
    if (segments) {
      assertThat(SpiffePaths.fromSegments(Arrays.asList(row.input().split("\\|", -1))))
          .isEqualTo(matcher(PATH_RESULT, row).group(1));
    } else if (result.find()) {
      assertThat(SpiffeId.of(new TrustDomainName("example.org"), row.input()).path())
          .isEqualTo(result.group(1));
    }
  }

  private static void assertRejected(Runnable parse, Row row) {
    assertThatThrownBy(parse::run)
        .isInstanceOf(InvalidSpiffeIdException.class)
        .satisfies(
            e ->
                assertThat(((InvalidSpiffeIdException) e).kind().name())
                    .as("error kind for " + row)
                    .isEqualTo(row.errorKind()));
  }

  private static Matcher matcher(Pattern pattern, Row row) {
    Matcher m = pattern.matcher(row.expectation());
    assertThat(m.find()).as("expectation of " + row).isTrue();
    return m;
  }
}
