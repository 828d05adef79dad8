package dev.vsid.operator.api.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Valid manifests with every field set, for tests to change one field at a time. */
public final class SchemaFixtures {
  private static final String TRUST_DOMAIN =
      """
          apiVersion: vsid.dev/v1alpha1
          kind: TrustDomain
          metadata:
            name: example-org
          spec:
            trustDomain: example.org
            ca:
              keyType: ECP256
              ttl: 8760h
              rotation:
                renewBefore: 2920h
                propagationDelay: 15m
                request: "2026-12-04"
                dropOldRoot: true
            svid:
              ttl: 24h
              keyType: ECP384
            bundle:
              configMapName: trust-bundle
              refreshHint: 5m
              namespaceSelector:
                matchLabels:
                  vsid.dev/bundle: "true"
                matchExpressions:
                  - key: team
                    operator: In
                    values: [shop, payments]
                  - key: legacy
                    operator: DoesNotExist
          """;

  private static final String IDENTITY =
      """
          apiVersion: vsid.dev/v1alpha1
          kind: WorkloadIdentity
          metadata:
            name: web
            namespace: shop
          spec:
            trustDomain: example-org
            serviceAccountName: web
            spiffeIdPath: /ns/{namespace}/sa/{serviceAccount}
            secretName: web-svid
            ttl: 12h
            keyType: ECP384
            dnsNames: [web.shop.svc, "*.web.shop.svc.cluster.local"]
          """;

  private SchemaFixtures() {}

  /** A TrustDomain with every spec field set, valid. */
  public static ObjectNode trustDomain() {
    return CrdSchemas.parse(TRUST_DOMAIN);
  }

  /** A WorkloadIdentity web in namespace shop with every spec field set, valid. */
  public static ObjectNode identity() {
    return CrdSchemas.parse(IDENTITY);
  }
}
