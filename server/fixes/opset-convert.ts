// Converts a model's default-domain opset up or down, one opset at a time like onnx's version
// converter: at each step every node whose operator changed at that step goes through the adapter
// registered for the change. The plan (which nodes change and how, and which nodes cannot be
// converted and why) is computed first; a model is only written when the plan has no refusals.
import { isDeepStrictEqual } from 'node:util';
import type { OnnxGraph, OnnxModel } from '../onnx/model';
import { attributeGraphs, walkGraphs } from '../onnx/walk';
import { derivedModelPath, writeModel, type ModelEdit, type WriteOptions, type WriteResult } from './model-writer';
import { onnxSchemas, opVersions } from '../knowledge/onnx-schemas';
import adapterData from './opset-adapters.json';
import { AdapterRefusal, type Adapter, type AdapterEntry } from './adapter-kit';
import { adapterFor as olderAdapterFor } from './opset-adapters';
import { recentAdapterFor } from './opset-adapters-18';
import { ownAdapterFor } from './opset-own-adapters';
import { WorkGraph } from './work-graph';

/** The one operator table (onnx-schemas.json, generated with the newest onnx): since-versions per op. */
const opVersionsOf = (opType: string) => opVersions('ai.onnx', opType)?.map((v) => v.since);
/** The newest ai.onnx opset of the table (a function: the table loads on first use). */
export const maxKnownOpset = (): number => onnxSchemas().domainOpsetRanges['ai.onnx'][1];
const adapterFor = (kind: string) => olderAdapterFor(kind) ?? recentAdapterFor(kind);
const ADAPTERS = new Map<string, AdapterEntry>(
  (adapterData.adapters as AdapterEntry[]).map((a) => [`${a.op}:${a.from}:${a.to}`, a]),
);

export interface OpsetChange {
  step: string;
  node: string;
  opType: string;
  change: string;
}

export interface OpsetRefusal {
  step: string;
  node: string;
  opType: string;
  reason: string;
}

export interface OpsetPlan {
  model: string;
  from: number;
  to: number;
  /** Nodes whose encoding changes, step by step. */
  changes: OpsetChange[];
  /** Version bumps that need no change to the node (the adapter is "compatible"). */
  unchangedBumps: number;
  refusals: OpsetRefusal[];
  /** The writer's edit; only meaningful without refusals. */
  edit: ModelEdit;
}

export class OpsetConversionError extends Error {
  constructor(
    readonly plan: OpsetPlan | undefined,
    message: string,
  ) {
    super(message);
  }
}

function isDefaultDomain(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx';
}

export function defaultOpset(model: OnnxModel): number | undefined {
  return model.opsetImports.find((o) => isDefaultDomain(o.domain))?.version;
}

/** Does `op` change between `curr` and `next` (adjacent), needing an adapter? */
function changesAt(versions: number[], curr: number, next: number): boolean {
  return next > curr ? versions.includes(next) : versions.includes(curr);
}

type StepOutcome =
  { kind: 'none' } | { kind: 'adapter'; entry: AdapterEntry; adapter: Adapter } | { kind: 'refuse'; reason: string };

function stepFor(opType: string, curr: number, next: number): StepOutcome {
  const versions = opVersionsOf(opType);
  if (!versions)
    return {
      kind: 'refuse',
      reason: `${opType} is not an operator of the default ONNX domain (onnx ${onnxSchemas().onnxVersion})`,
    };
  if (!changesAt(versions, curr, next)) return { kind: 'none' };
  const entry = ADAPTERS.get(`${opType}:${curr}:${next}`);
  const own = ownAdapterFor(opType, curr, next, entry !== undefined);
  if (own) return { kind: 'adapter', entry: { op: opType, from: curr, to: next, kind: 'ModelReady' }, adapter: own };
  if (next < curr && versions[0] === curr)
    return { kind: 'refuse', reason: `${opType} does not exist before opset ${curr}` };
  if (!entry)
    return {
      kind: 'refuse',
      reason: `${opType} changed between opset ${Math.min(curr, next)} and ${Math.max(curr, next)} and no adapter exists for that change`,
    };
  if (!adapterFor(entry.kind))
    return {
      kind: 'refuse',
      reason: `the ${entry.kind} adapter (${opType} ${curr} -> ${next}) is not implemented by ModelReady`,
    };
  return { kind: 'adapter', entry, adapter: adapterFor(entry.kind)! };
}

function nodeLabel(name: string, opType: string, index: number): string {
  return name || `#${index} (${opType})`;
}

/** Subgraph bodies are checked, not edited: any change inside one is refused. */
function checkSubgraphs(
  graphs: OnnxGraph[],
  owner: string,
  step: string,
  curr: number,
  next: number,
  refusals: OpsetRefusal[],
): number {
  let bumps = 0;
  for (const sub of graphs) {
    for (const { graph } of walkGraphs(sub)) {
      graph.nodes.forEach((n, i) => {
        if (!isDefaultDomain(n.domain)) return;
        const outcome = stepFor(n.opType, curr, next);
        const label = `${owner} / ${nodeLabel(n.name, n.opType, i)}`;
        if (outcome.kind === 'refuse') refusals.push({ step, node: label, opType: n.opType, reason: outcome.reason });
        else if (
          outcome.kind === 'adapter' &&
          outcome.entry.kind !== 'CompatibleAdapter' &&
          outcome.entry.kind !== 'TypeRestriction'
        ) {
          refusals.push({
            step,
            node: label,
            opType: n.opType,
            reason: `${outcome.entry.kind} would edit a node inside a subgraph, which ModelReady does not rewrite`,
          });
        } else if (outcome.kind === 'adapter') bumps++;
      });
    }
  }
  return bumps;
}

/** `afterStep` sees the plan so far once each one-opset step is done (a dry run toward several targets at once). */
export function planOpsetConversion(
  model: OnnxModel,
  to: number,
  afterStep?: (reached: number, plan: OpsetPlan) => void,
): OpsetPlan {
  const from = defaultOpset(model);
  if (from === undefined)
    throw new OpsetConversionError(undefined, `${model.path}: the model imports no default-domain opset`);
  if (!Number.isInteger(to) || to < 1 || to > maxKnownOpset())
    throw new OpsetConversionError(
      undefined,
      `target opset ${to} is outside 1..${maxKnownOpset()} (the opsets known to onnx ${onnxSchemas().onnxVersion})`,
    );
  if (from > maxKnownOpset())
    throw new OpsetConversionError(
      undefined,
      `${model.path}: the model's opset ${from} is newer than the newest known (${maxKnownOpset()})`,
    );
  const g = new WorkGraph(model);
  const plan: OpsetPlan = { model: model.path, from, to, changes: [], unchangedBumps: 0, refusals: [], edit: {} };
  const dir = to > from ? 1 : -1;
  for (let curr = from; curr !== to; curr += dir) {
    const next = curr + dir;
    const step = `${curr} -> ${next}`;
    const snapshot = g.live();
    snapshot.forEach((node, i) => {
      const { spec } = node;
      const label = nodeLabel(spec.name, spec.opType, i);
      const subgraphs = spec.attributes.flatMap((a) => ('span' in a ? attributeGraphs(a) : []));
      plan.unchangedBumps += checkSubgraphs(subgraphs, label, step, curr, next, plan.refusals);
      if (!isDefaultDomain(spec.domain)) return;
      const outcome = stepFor(spec.opType, curr, next);
      if (outcome.kind === 'none') return;
      if (outcome.kind === 'refuse') {
        plan.refusals.push({ step, node: label, opType: spec.opType, reason: outcome.reason });
        return;
      }
      const before = structuredClone(spec);
      try {
        const described = outcome.adapter(g, node, outcome.entry);
        if (described) plan.changes.push({ step, node: label, opType: before.opType, change: described });
        else if (isDeepStrictEqual(before, spec)) plan.unchangedBumps++;
      } catch (error) {
        if (!(error instanceof AdapterRefusal)) throw error;
        plan.refusals.push({ step, node: label, opType: spec.opType, reason: error.message });
      }
    });
    afterStep?.(next, plan);
  }
  const irVersion = minIrVersionFor(to);
  plan.edit = {
    ...(model.irVersion !== undefined && irVersion !== undefined && model.irVersion < irVersion ? { irVersion } : {}),
    opsetImports: model.opsetImports.map((o) => (isDefaultDomain(o.domain) ? { domain: o.domain, version: to } : o)),
    graph: g.toGraphEdit(),
  };
  return plan;
}

/** The IR version default-domain opset `opset` came with (onnx's VERSION_TABLE), so a converted model is consistent. */
export function minIrVersionFor(opset: number): number | undefined {
  return onnxSchemas().versionTable.find((row) => row[2] >= opset)?.[1];
}

export interface RefusalGroup {
  step: string;
  opType: string;
  count: number;
  /** The first few node names, in graph order. */
  nodes: string[];
  /** The first node's reason (nodes of one op at one step mostly share it). */
  reason: string;
}

/** Refusals grouped per (op, step): a model with 383 refused Add nodes gives one line, not 383. */
export function groupRefusals(refusals: OpsetRefusal[], shown = 3): RefusalGroup[] {
  const groups = new Map<string, RefusalGroup>();
  for (const r of refusals) {
    const key = `${r.step}\u0000${r.opType}`;
    const group = groups.get(key);
    if (group) {
      group.count++;
      if (group.nodes.length < shown) group.nodes.push(r.node);
    } else groups.set(key, { step: r.step, opType: r.opType, count: 1, nodes: [r.node], reason: r.reason });
  }
  return [...groups.values()];
}

function describeGroup(g: RefusalGroup): string {
  const more = g.count > g.nodes.length ? ` and ${g.count - g.nodes.length} more` : '';
  return `[${g.step}] ${g.opType} x${g.count} (${g.nodes.join(', ')}${more}): ${g.reason}`;
}

export function formatPlan(plan: OpsetPlan): string {
  const lines = [`${plan.model}: opset ${plan.from} -> ${plan.to}`];
  for (const c of plan.changes) lines.push(`  [${c.step}] ${c.node} (${c.opType}): ${c.change}`);
  lines.push(`  ${plan.changes.length} node change(s); ${plan.unchangedBumps} version bump(s) need no change`);
  for (const g of groupRefusals(plan.refusals)) lines.push(`  cannot convert ${describeGroup(g)}`);
  return lines.join('\n');
}

/** Plans, and writes the converted model only when every node converts. */
export function convertOpset(
  model: OnnxModel,
  to: number,
  outPath?: string,
  options: WriteOptions = {},
): { plan: OpsetPlan; written: WriteResult } {
  const plan = planOpsetConversion(model, to);
  if (plan.refusals.length > 0) {
    const first = plan.refusals[0];
    const groups = groupRefusals(plan.refusals);
    throw new OpsetConversionError(
      plan,
      `${model.path}: cannot convert to opset ${to}: node ${first.node} (${first.opType}) at step ${first.step}: ${first.reason}` +
        (plan.refusals.length > 1
          ? ` (${plan.refusals.length} node(s) refused in ${groups.length} (op, step) group(s))`
          : ''),
    );
  }
  const written = writeModel(model, plan.edit, outPath ?? derivedModelPath(model.path, `opset${to}`), options);
  return { plan, written };
}
