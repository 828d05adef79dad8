package dev.vsid.operator.api.v1alpha1;

/**
 * Implemented by spec and status classes that may come from a stored object whose fields have the
 * wrong JSON types (an API server without schema validation lets these through). Such an object
 * deserialises to an empty instance that carries the problem, instead of failing the informer that
 * reads it.
 */
public interface Unparseable {
  /** What was wrong with the stored JSON, or null when it parsed. */
  String parseProblem();

  void markUnparseable(String problem);
}
