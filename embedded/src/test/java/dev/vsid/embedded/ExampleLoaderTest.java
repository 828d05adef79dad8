package dev.vsid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleLoaderTest {
  private static final String WIDGET_CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.demo.example
      spec:
        group: demo.example
        scope: Namespaced
        names: {kind: Widget, plural: widgets, singular: widget}
        versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
      """;
  private static final String WIDGET =
      """
      apiVersion: demo.example/v1
      kind: Widget
      metadata:
        name: blue
      spec:
        colour: blue
      """;

  private static LocalApiServer api;

  @TempDir Path folder;

  @BeforeAll
  static void startApi() {
    api = LocalApiServer.start();
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  @Test
  void aCustomResourceKnownOnlyByItsCrdIsStoredUnderTheCrdsPlural() throws IOException {
    Files.writeString(folder.resolve("10-widget.yaml"), WIDGET);
    Files.writeString(folder.resolve("00-crd.yaml"), WIDGET_CRD);

    var applied = new ExampleLoader(api.client()).applyFolder(folder);

    assertThat(applied)
        .extracting(ExampleLoader.Applied::toString)
        .containsExactly("CustomResourceDefinition widgets.demo.example", "Widget default/blue");
    var widgets =
        new ResourceDefinitionContext.Builder()
            .withGroup("demo.example")
            .withVersion("v1")
            .withKind("Widget")
            .withPlural("widgets")
            .withNamespaced(true)
            .build();
    assertThat(
            api.client()
                .genericKubernetesResources(widgets)
                .inNamespace("default")
                .withName("blue")
                .get())
        .isNotNull();
  }

  @Test
  void applyingTheSameFolderTwiceUpdatesInsteadOfFailing() throws IOException {
    Files.writeString(
        folder.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: twice\n");

    new ExampleLoader(api.client()).applyFolder(folder);
    var again = new ExampleLoader(api.client()).applyFolder(folder);

    assertThat(again)
        .extracting(ExampleLoader.Applied::toString)
        .containsExactly("Namespace twice");
  }

  @Test
  void aKindThatNoCrdDefinesIsRefusedByName() throws IOException {
    Files.writeString(
        folder.resolve("gadget.yaml"),
        "apiVersion: demo.example/v1\nkind: Gadget\nmetadata:\n  name: g\n  namespace: shop\n");

    assertThatThrownBy(() -> new ExampleLoader(api.client()).applyFolder(folder))
        .hasMessage(
            "no CustomResourceDefinition defines demo.example/v1 Gadget (needed by Gadget shop/g)");
  }

  @Test
  void aYamlErrorIsReportedByPositionWithoutQuotingTheText() throws IOException {
    Files.writeString(
        folder.resolve("secret.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n"
            + "  password: \"hunter2\n");

    assertThatThrownBy(() -> new ExampleLoader(api.client()).applyFolder(folder))
        .hasMessageContaining("is not valid Kubernetes YAML (line")
        .hasMessageNotContaining("hunter2");
  }
}
