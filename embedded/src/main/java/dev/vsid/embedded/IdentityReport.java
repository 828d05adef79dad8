package dev.vsid.embedded;

/**
 * Everything found out about one identity: what the operator reported, where its files went, the
 * bundle ConfigMap of its namespace, and whether they verified.
 *
 * @param files the folder mirroring the Secret's mount, or null when nothing was written
 * @param bundle the files of the namespace's bundle ConfigMap, or null when there are none
 * @param verdict the verification of those files, or null when there were none
 * @param problem why there are no files or no verdict, or null
 */
record IdentityReport(
    IdentityState state,
    SvidFiles.FileSet files,
    BundleFiles.FileSet bundle,
    Verdict verdict,
    String problem) {

  static IdentityReport notReady(IdentityState state) {
    return new IdentityReport(
        state, null, null, null, "not Ready (" + state.reason() + "): " + state.message());
  }

  static IdentityReport unwritten(IdentityState state, String problem) {
    return new IdentityReport(state, null, null, null, problem);
  }

  boolean verified() {
    return verdict != null && verdict.ok();
  }

  /** The verdict column: the verification's outcome, or why there was none. */
  String describe() {
    return verdict != null ? verdict.describe() : "FAILED: " + problem;
  }
}
