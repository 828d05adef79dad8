package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Base of the spec and status classes: remembers whether the stored JSON could be read. */
public abstract class TolerantObject implements Unparseable {
  @JsonIgnore private String parseProblem;

  @Override
  @JsonIgnore
  public String parseProblem() {
    return parseProblem;
  }

  @Override
  public void markUnparseable(String problem) {
    this.parseProblem = problem;
  }
}
