package dev.vsid.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.Condition;
import dev.vsid.operator.api.v1alpha1.SvidDefaults;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.WorkloadIdentity;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import dev.vsid.operator.pki.ProvidedCaFixtures;
import dev.vsid.operator.status.Conditions;
import dev.vsid.operator.testing.KeyTraces;
import dev.vsid.operator.testing.LogCapture;
import dev.vsid.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole life on the in-memory API, with every log line (the operator's at DEBUG, the framework's
 * and the client's at DEBUG too), every Event, every version of every TrustDomain, WorkloadIdentity
 * and bundle ConfigMap, and every field but the keys of every Secret the operator writes: none of
 * it holds any trace of a private key the operator holds or was given, in any form (see {@link
 * KeyTraces}). The life: a generated RSA CA, SVIDs of four key types, renewal, reissue after a spec
 * change and a deleted Secret, a provided CA, provided CA Secrets with a key in the wrong place,
 * SVID Secrets with a foreign key pasted in, and a CA rotation. Findings name where a trace is and
 * whose key it is; no key material is ever printed.
 */
class KeyMaterialNeverLeaksTest {
  private static final String TRUE = Condition.TRUE;
  private static final Map<String, String> IDENTITIES =
      Map.of(
          "shop/web", "ECP256",
          "shop/cart", "ECP384",
          "payments/api", "RSA2048",
          "payments/ledger", "Ed25519");
  private static final ResourceDefinitionContext TRUST_DOMAINS =
      context("TrustDomain", "trustdomains", false);
  private static final ResourceDefinitionContext WORKLOAD_IDENTITIES =
      context("WorkloadIdentity", "workloadidentities", true);

  private static final Pattern CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----");

  private final KeyTraces keys = new KeyTraces();

  /** Texts to search, each with where it came from; one entry per distinct text. */
  private final Map<String, String> texts = new ConcurrentHashMap<>();

  /** Every version of every Secret, as the watch saw them, judged at the end. */
  private final ConcurrentLinkedQueue<Secret> secretVersions = new ConcurrentLinkedQueue<>();

  /** "namespace/name@resourceVersion" of the Secret versions this test wrote itself. */
  private final Set<String> ownSecretVersions = ConcurrentHashMap.newKeySet();

  private final List<Watch> watches = new ArrayList<>();
  private LogCapture logs;
  private OperatorHarness harness;

  @AfterEach
  void close() {
    watches.forEach(Watch::close);
    if (harness != null) {
      harness.close();
    }
    if (logs != null) {
      logs.close();
    }
  }

  @Test
  void noLogLineEventStatusOrPublishedFieldEverHoldsPrivateKeyMaterial() throws Exception {
    logs =
        new LogCapture(
            Map.of(
                "dev.vsid", Level.DEBUG,
                "io.javaoperatorsdk", Level.DEBUG,
                "io.fabric8", Level.DEBUG,
                // The in-memory API of the tests, not the product: it logs request bodies.
                "io.fabric8.kubernetes.client.server.mock", Level.INFO,
                "io.fabric8.mockwebserver", Level.INFO));
    harness = new OperatorHarness();
    watchEverything();

    generatedCaAndIdentitiesOfFourKeyTypes();
    providedCa();
    renewal();
    reissueAfterASpecChangeAndADeletedSecret();
    providedCaSecretsWithAKeyInTheWrongPlace();
    svidSecretsWithAForeignKeyPastedIn();
    caRotation();

    Thread.sleep(1000);
    collectFinalState();
    watches.forEach(Watch::close);

    List<String> findings = scan();
    assertThat(keys.keyCount()).as("private keys learnt").isGreaterThanOrEqualTo(30);
    assertThat(findings).as("traces of private keys, by place and key").isEmpty();
  }

  // --- the life

  private void generatedCaAndIdentitiesOfFourKeyTypes() {
    harness.createTrustDomain(
        "example",
        spec -> {
          spec.setTrustDomain("example.org");
          CaSpec ca = new CaSpec();
          ca.setKeyType("RSA2048");
          ca.setTtl("720h");
          CaRotationSpec rotation = new CaRotationSpec();
          rotation.setRenewBefore("600h"); // due 120 hours after the CA was made
          rotation.setPropagationDelay("1m");
          ca.setRotation(rotation);
          spec.setCa(ca);
          SvidDefaults svid = new SvidDefaults();
          svid.setTtl("24h");
          spec.setSvid(svid);
        });
    harness.awaitTrustDomain("example", TRUE, "CaReady");
    IDENTITIES.forEach(
        (id, keyType) ->
            harness.createIdentity(
                namespace(id),
                name(id),
                spec -> {
                  spec.setKeyType(keyType);
                  spec.setDnsNames(List.of(name(id) + "." + namespace(id) + ".svc"));
                }));
    IDENTITIES.keySet().forEach(id -> harness.awaitIdentityReady(namespace(id), name(id)));
  }

  private void providedCa() {
    CertificateAuthority org = ProvidedCaFixtures.root("org.example", Duration.ofDays(60));
    learn("provided CA org-ca", org.privateKey());
    providedSecret("org-ca", ProvidedCaFixtures.data(org));
    harness.createTrustDomain(
        "org",
        spec -> {
          spec.setTrustDomain("org.example");
          CaSpec ca = new CaSpec();
          ca.setSecretName("org-ca");
          spec.setCa(ca);
        });
    harness.awaitTrustDomain("org", TRUE, "CaReady");
    harness.createIdentity("payments", "billing", spec -> spec.setTrustDomain("org"));
    harness.awaitIdentityReady("payments", "billing");
  }

  private void renewal() {
    Map<String, String> before = serials();
    harness.clock().advance(Duration.ofHours(17)); // past 2/3 of every 24h SVID
    IDENTITIES.keySet().forEach(id -> awaitNewSerial(id, before.get(id)));
  }

  private void reissueAfterASpecChangeAndADeletedSecret() {
    String web = serial("shop/web");
    WorkloadIdentity wi = harness.identity("shop", "web");
    wi.getSpec().setDnsNames(List.of("web.shop.svc", "web.shop.svc.cluster.local"));
    harness.client().resource(wi).update();
    awaitNewSerial("shop/web", web);

    String cart = serial("shop/cart");
    harness.client().secrets().inNamespace("shop").withName("cart").delete();
    awaitNewSerial("shop/cart", cart);
  }

  /** CA Secrets a user got wrong, each with its own key where a certificate belongs. */
  private void providedCaSecretsWithAKeyInTheWrongPlace() throws Exception {
    Map<String, Consumer<Map<String, String>>> mistakes = new LinkedHashMap<>();
    mistakes.put("key-in-ca-crt", d -> d.put("ca.crt", d.get("ca.crt") + d.get("tls.key")));
    mistakes.put("key-as-tls-crt", d -> d.put("tls.crt", d.get("tls.key")));
    mistakes.put("key-after-chain", d -> d.put("tls.crt", d.get("tls.crt") + d.get("tls.key")));
    mistakes.put(
        "key-and-cert-swapped",
        d -> {
          String key = d.get("tls.key");
          d.put("tls.key", d.get("tls.crt"));
          d.put("tls.crt", key);
        });
    mistakes.put(
        "key-only-in-ca-crt",
        d -> {
          d.put("ca.crt", d.remove("tls.key"));
        });
    mistakes.put("sec1-key-in-ca-crt", d -> d.put("ca.crt", d.get("ca.crt") + d.get("sec1")));
    mistakes.put("cert-as-tls-key", d -> d.put("tls.key", d.get("tls.crt")));
    int n = 0;
    for (Map.Entry<String, Consumer<Map<String, String>>> mistake : mistakes.entrySet()) {
      n++;
      String td = mistake.getKey();
      CertificateAuthority ca =
          ProvidedCaFixtures.root("bad" + n + ".example", Duration.ofDays(60));
      learn("provided CA " + td, ca.privateKey());
      Map<String, String> pem = new HashMap<>();
      pem.put("tls.crt", Pem.encodeCertificates(ca.chain()));
      pem.put("tls.key", Pem.encodePrivateKey(ca.privateKey()));
      pem.put("ca.crt", Pem.encodeCertificates(ca.roots()));
      pem.put("sec1", sec1Pem(ca.privateKey()));
      mistake.getValue().accept(pem);
      pem.remove("sec1");
      Map<String, String> data = new HashMap<>();
      pem.forEach((k, v) -> data.put(k, KeyTraces.base64(v)));
      providedSecret(td, data);
      String trustDomain = "bad" + n + ".example";
      harness.createTrustDomain(
          td,
          spec -> {
            spec.setTrustDomain(trustDomain);
            CaSpec caSpec = new CaSpec();
            caSpec.setSecretName(td);
            spec.setCa(caSpec);
          });
      harness.createIdentity("shop", "wi-" + td, spec -> spec.setTrustDomain(td));
    }
    for (String td : mistakes.keySet()) {
      await()
          .atMost(OperatorHarness.WAIT)
          .until(() -> readyReason(harness.trustDomain(td)) != null);
      await()
          .atMost(OperatorHarness.WAIT)
          .until(() -> readyReason(harness.identity("shop", "wi-" + td)) != null);
    }
  }

  /** A user pastes a key of their own into the certificate, the bundle and the key fields. */
  private void svidSecretsWithAForeignKeyPastedIn() throws Exception {
    KeyPair foreign = KeyType.EC_P256.generate();
    learn("foreign key pasted into SVID Secrets", foreign.getPrivate());
    String foreignPem = Pem.encodePrivateKey(foreign.getPrivate());
    KeyPair foreignRsa = KeyType.RSA_2048.generate();
    learn("foreign RSA key pasted into SVID Secrets", foreignRsa.getPrivate());
    String foreignRsaPem = Pem.encodePrivateKey(foreignRsa.getPrivate());

    String web = serial("shop/web");
    tamper("shop/web", "tls.crt", foreignPem);
    awaitNewSerial("shop/web", web);

    String bundle = OperatorHarness.text(harness.secret("payments", "api"), "ca.crt");
    tamper("payments/api", "ca.crt", bundle + foreignRsaPem);
    await()
        .atMost(OperatorHarness.WAIT)
        .until(
            () -> bundle.equals(OperatorHarness.text(harness.secret("payments", "api"), "ca.crt")));

    String ledger = serial("payments/ledger");
    tamper("payments/ledger", "tls.key", foreignPem);
    awaitNewSerial("payments/ledger", ledger);

    String cart = serial("shop/cart");
    tamper("shop/cart", "tls.key", OperatorHarness.text(harness.secret("shop", "cart"), "tls.crt"));
    awaitNewSerial("shop/cart", cart);
  }

  private void caRotation() {
    Map<String, String> before = serials();
    harness.clock().advance(Duration.ofHours(104)); // 121 hours after the CA was made
    awaitPhase("Propagating");
    harness.clock().advance(Duration.ofMinutes(2));
    awaitPhase("Retiring");
    IDENTITIES.keySet().forEach(id -> awaitNewSerial(id, before.get(id)));
    awaitPhase("Stable");
  }

  // --- what is captured

  private void watchEverything() {
    var client = harness.client();
    watches.add(client.secrets().inAnyNamespace().watch(onEvent(secretVersions::add)));
    watches.add(client.configMaps().inAnyNamespace().watch(onEvent(this::capture)));
    watches.add(client.v1().events().inAnyNamespace().watch(onEvent(this::capture)));
    watches.add(
        client
            .genericKubernetesResources(WORKLOAD_IDENTITIES)
            .inAnyNamespace()
            .watch(onEvent(this::capture)));
    watches.add(client.genericKubernetesResources(TRUST_DOMAINS).watch(onEvent(this::capture)));
  }

  private void capture(HasMetadata resource) {
    String json = Serialization.asJson(resource);
    texts.putIfAbsent(json, describe(resource));
    if (resource instanceof ConfigMap configMap && configMap.getData() != null) {
      configMap.getData().values().forEach(v -> certificates(v).forEach(keys::addPublic));
    }
  }

  private void collectFinalState() {
    var client = harness.client();
    client.secrets().inAnyNamespace().list().getItems().forEach(secretVersions::add);
    client.configMaps().inAnyNamespace().list().getItems().forEach(this::capture);
    client.v1().events().inAnyNamespace().list().getItems().forEach(this::capture);
    client
        .genericKubernetesResources(WORKLOAD_IDENTITIES)
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(this::capture);
    client.genericKubernetesResources(TRUST_DOMAINS).list().getItems().forEach(this::capture);
  }

  /**
   * Learns the keys in every Secret version, and adds the other fields of every version the
   * operator wrote to the texts: a version this test wrote holds what the test put there.
   */
  private void judgeSecrets() {
    for (Secret secret : secretVersions) {
      Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
      boolean own = ownSecretVersions.contains(version(secret));
      data.forEach(
          (field, base64) -> {
            String where = describe(secret) + " " + field;
            if (field.endsWith(".key")) {
              learnKey(where, base64);
            } else {
              certificates(decode(base64)).forEach(keys::addPublic);
            }
            if (!field.endsWith(".key") && !own) {
              texts.putIfAbsent(decode(base64), where);
              texts.putIfAbsent(base64, where + " (Secret data)");
            }
          });
    }
  }

  private void learn(String name, PrivateKey key) {
    keys.add(name, key);
  }

  private void learnKey(String where, String base64) {
    String pem = decode(base64);
    try {
      PrivateKey key = Pem.parsePrivateKey(pem);
      keys.add(where, key);
      keys.addPem(where, key, pem);
    } catch (Exception e) {
      // a key field a test filled with something else on purpose
    }
  }

  /** The certificates among the PEM blocks of a text, skipping any other block. */
  private static List<X509Certificate> certificates(String text) {
    List<X509Certificate> found = new ArrayList<>();
    Matcher block = CERTIFICATE.matcher(text);
    while (block.find()) {
      try {
        found.addAll(Pem.parseCertificates(block.group()));
      } catch (Exception e) {
        // not a certificate after all
      }
    }
    return found;
  }

  private List<String> scan() {
    judgeSecrets();
    List<String> findings = new ArrayList<>();
    List<String> lines = logs.lines();
    assertThat(lines).as("log lines captured").hasSizeGreaterThan(500);
    assertThat(lines).anyMatch(l -> l.startsWith("DEBUG io.javaoperatorsdk"));
    assertThat(lines).anyMatch(l -> l.startsWith("INFO dev.vsid"));
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String[] head = line.split(" ", 3);
      findings.addAll(keys.findIn("log line " + i + " (" + head[0] + " " + head[1] + ")", line));
    }
    assertThat(texts.values()).anyMatch(t -> t.startsWith("Event"));
    assertThat(texts.values()).anyMatch(t -> t.startsWith("TrustDomain"));
    texts.forEach((text, where) -> findings.addAll(keys.findIn(where, text)));
    return findings;
  }

  // --- helpers

  private void providedSecret(String name, Map<String, String> data) {
    Secret written =
        harness
            .client()
            .secrets()
            .inNamespace(OperatorHarness.OPERATOR_NAMESPACE)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .endMetadata()
                    .withType("kubernetes.io/tls")
                    .withData(data)
                    .build())
            .create();
    ownSecretVersions.add(version(written));
  }

  private void tamper(String id, String field, String text) {
    Secret secret = harness.secret(namespace(id), name(id));
    secret.getData().put(field, KeyTraces.base64(text));
    ownSecretVersions.add(version(harness.client().resource(secret).update()));
  }

  private static String sec1Pem(PrivateKey key) throws Exception {
    byte[] sec1 =
        PrivateKeyInfo.getInstance(key.getEncoded())
            .parsePrivateKey()
            .toASN1Primitive()
            .getEncoded();
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1);
    return "-----BEGIN EC PRIVATE KEY-----\n" + body + "\n-----END EC PRIVATE KEY-----\n";
  }

  private Map<String, String> serials() {
    Map<String, String> serials = new HashMap<>();
    IDENTITIES.keySet().forEach(id -> serials.put(id, serial(id)));
    return serials;
  }

  private String serial(String id) {
    return harness.identity(namespace(id), name(id)).getStatus().getSerialNumber();
  }

  private void awaitNewSerial(String id, String old) {
    await()
        .atMost(OperatorHarness.WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              WorkloadIdentity wi = harness.identity(namespace(id), name(id));
              return !old.equals(wi.getStatus().getSerialNumber())
                  && TRUE.equals(readyStatus(wi))
                  && harness.secret(namespace(id), name(id)) != null;
            });
  }

  private void awaitPhase(String phase) {
    await()
        .atMost(OperatorHarness.WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              TrustDomain td = harness.trustDomain("example");
              return td.getStatus().getRotation() != null
                  && phase.equals(td.getStatus().getRotation().getPhase());
            });
  }

  private static String readyReason(TrustDomain td) {
    return td == null || td.getStatus() == null
        ? null
        : Conditions.find(td.getStatus().getConditions(), Condition.READY)
            .map(Condition::getReason)
            .orElse(null);
  }

  private static String readyReason(WorkloadIdentity wi) {
    return wi == null || wi.getStatus() == null
        ? null
        : Conditions.find(wi.getStatus().getConditions(), Condition.READY)
            .map(Condition::getReason)
            .orElse(null);
  }

  private static String readyStatus(WorkloadIdentity wi) {
    return wi.getStatus() == null
        ? null
        : Conditions.find(wi.getStatus().getConditions(), Condition.READY)
            .map(Condition::getStatus)
            .orElse(null);
  }

  private static <T extends HasMetadata> Watcher<T> onEvent(Consumer<T> consumer) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        consumer.accept(resource);
      }

      @Override
      public void onClose(WatcherException cause) {
        // closed by the test, or by the API at the end
      }
    };
  }

  private static String describe(HasMetadata resource) {
    String kind =
        resource.getKind() == null ? resource.getClass().getSimpleName() : resource.getKind();
    return kind
        + " "
        + (resource.getMetadata().getNamespace() == null
            ? ""
            : resource.getMetadata().getNamespace() + "/")
        + resource.getMetadata().getName()
        + " (resourceVersion "
        + resource.getMetadata().getResourceVersion()
        + ")";
  }

  private static String version(Secret secret) {
    return secret.getMetadata().getNamespace()
        + "/"
        + secret.getMetadata().getName()
        + "@"
        + secret.getMetadata().getResourceVersion();
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return base64;
    }
  }

  private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("vsid.dev")
        .withVersion("v1alpha1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  private static String namespace(String id) {
    return id.substring(0, id.indexOf('/'));
  }

  private static String name(String id) {
    return id.substring(id.indexOf('/') + 1);
  }
}
