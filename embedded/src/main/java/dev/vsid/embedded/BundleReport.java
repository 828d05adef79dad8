package dev.vsid.embedded;

import java.util.List;

/**
 * What was found for the bundle ConfigMap of one namespace that holds identities.
 *
 * @param trustDomainRef the TrustDomain resource whose bundle it is
 * @param files its keys written as files, or null when it is missing or could not be written
 * @param sequence the spiffe_sequence of its bundle.json, or null when unread
 * @param roots the roots its ca.crt holds
 * @param problem why it is missing, unusable or disagrees, or null
 */
record BundleReport(
    String namespace,
    String name,
    String trustDomainRef,
    BundleFiles.FileSet files,
    Long sequence,
    int roots,
    String problem) {

  /** A ConfigMap whose files could not be written, or that is missing. */
  static BundleReport unwritten(String namespace, String name, String tdRef, String problem) {
    return new BundleReport(namespace, name, tdRef, null, null, 0, problem);
  }

  /** "namespace/name". */
  String id() {
    return namespace + "/" + name;
  }

  boolean ok() {
    return problem == null && files != null;
  }

  /** The ConfigMap's keys, sorted; empty when it is missing. */
  List<String> keys() {
    return files == null ? List.of() : files.keys();
  }

  /** The verdict column: the roots both files hold, or what is wrong. */
  String describe() {
    if (!ok()) {
      return "FAILED: " + problem;
    }
    return "OK (ca.crt and bundle.json hold the same "
        + roots
        + (roots == 1 ? " root)" : " roots)");
  }
}
