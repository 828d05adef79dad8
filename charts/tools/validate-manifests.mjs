// Validates every document of the given multi-document YAML files against the schema of its
// Kubernetes kind (npm kubernetes-models: types, required fields, enums and formats; it does not
// refuse unknown fields, which HelmChartTest checks). A kind without a schema fails.
// Usage: node validate-manifests.mjs FILE...
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

function modulePath(apiVersion) {
  return apiVersion.includes("/") ? `kubernetes-models/${apiVersion}` : "kubernetes-models/v1";
}

async function validate(file, doc) {
  const where = `${file}: ${doc.kind} ${doc.metadata?.namespace ?? ""}/${doc.metadata?.name}`;
  let model;
  try {
    model = (await import(modulePath(doc.apiVersion)))[doc.kind];
  } catch {
    model = undefined;
  }
  if (!model) return `${where}: no schema for ${doc.apiVersion} ${doc.kind}`;
  try {
    new model(doc).validate();
    return null;
  } catch (e) {
    return `${where}: ${e.message}`;
  }
}

let count = 0;
const problems = [];
for (const file of process.argv.slice(2)) {
  for (const doc of yaml.loadAll(readFileSync(file, "utf8"))) {
    if (doc == null) continue;
    count++;
    const problem = await validate(file, doc);
    if (problem) problems.push(problem);
  }
}
problems.forEach((p) => console.error(`INVALID ${p}`));
console.log(`${count} manifests checked, ${problems.length} invalid`);
process.exit(problems.length || count === 0 ? 1 : 0);
