package dev.vsid.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofPairTest {
  @Test
  void withTheShippedExamplesTheFrontendCallsThePaymentsApi() {
    ProofPair.Choice choice =
        ProofPair.choose(List.of(ready("payments", "payments-api"), ready("shop", "frontend")));

    assertThat(choice.client().state().id()).isEqualTo("shop/frontend");
    assertThat(choice.server().state().id()).isEqualTo("payments/payments-api");
  }

  @Test
  void otherwiseTheFirstTwoReadyIdentitiesTalkTheFirstAsClient() {
    ProofPair.Choice choice =
        ProofPair.choose(
            List.of(
                notReady("a", "broken"), ready("b", "one"), ready("c", "two"), ready("d", "x")));

    assertThat(choice.client().state().id()).isEqualTo("b/one");
    assertThat(choice.server().state().id()).isEqualTo("c/two");
  }

  @Test
  void withFewerThanTwoReadyIdentitiesTheProofIsSkippedWithTheReason() {
    ProofPair.Choice choice =
        ProofPair.choose(List.of(ready("shop", "frontend"), notReady("payments", "payments-api")));

    assertThat(choice.client()).isNull();
    assertThat(choice.skipReason())
        .isEqualTo("needs two Ready identities with their files written; found 1");
  }

  private static IdentityReport ready(String namespace, String name) {
    String id = "spiffe://example.org/ns/" + namespace + "/sa/" + name;
    IdentityState state =
        new IdentityState(namespace, name, true, "Issued", "", id, name, "example-org");
    return new IdentityReport(
        state, new SvidFiles.FileSet(Path.of(namespace, name)), null, null, null);
  }

  private static IdentityReport notReady(String namespace, String name) {
    IdentityState state =
        new IdentityState(namespace, name, false, "TrustDomainNotFound", "", null, null, null);
    return IdentityReport.notReady(state);
  }
}
