package dev.vsid.operator.inspect;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code inspect} found: facts as {@code name: value} lines, then one {@code PROBLEM:} line
 * per problem, then the result. Every value is made single-line before it is stored.
 */
final class InspectReport {
  static final String PROBLEM = "PROBLEM: ";
  private final List<String> facts = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  void fact(String name, String value) {
    facts.add(name + ": " + printable(value));
  }

  void problem(String text) {
    problems.add(PROBLEM + printable(text));
  }

  /**
   * One line, and the PEM label of keys in lower case: messages name blocks by label ("PEM block 1
   * (PRIVATE KEY) ..."), and the output must never match a search for leaked PEM keys.
   */
  private static String printable(String value) {
    return Text.oneLine(value).replace("PRIVATE KEY", "private key");
  }

  boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** 0 when nothing is wrong, 1 otherwise. */
  int exitCode() {
    return problems.isEmpty() ? 0 : 1;
  }

  void printTo(PrintStream out) {
    facts.forEach(out::println);
    problems.forEach(out::println);
    int count = problems.size();
    out.println("result: " + (count == 0 ? "OK" : count + (count == 1 ? " problem" : " problems")));
  }
}
