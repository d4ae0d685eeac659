// Triton's ensemble checks (ensemble_utils / ValidateEnsembleConfig): steps name models of the repository,
// maps are complete and point at real tensors, every tensor is produced and consumed, no cycles, dtypes and
// shapes agree between steps, the ensemble does not batch more than its members, decoupled branches do not merge.
import { type CMessage, str, num, msg, msgs, mapEntries, spanOf, nameSpanOf, bool, written } from './config';
import type { Diagnostic } from './diagnostic';
import type { TritonRuleId } from './rules';
import type { ModelFolder } from './model';
import { didYouMean } from './did-you-mean';
import { ENSEMBLE_PLATFORM } from './platforms';

export interface MemberIO {
  inputs: { name: string; dataType: string; dims: number[] }[];
  outputs: { name: string; dataType: string; dims: number[] }[];
  maxBatchSize: number;
  decoupled: boolean;
  configPath: string;
}

export interface EnsembleContext {
  /** Models of the same repository by name. */
  repository: Map<string, ModelFolder>;
  /** The inputs/outputs Triton would see for a member (its config, auto-completed when it has none). */
  ioOf(model: ModelFolder): MemberIO | undefined;
  /** The version folders of a member its version_policy serves. */
  servedVersions(model: ModelFolder): string[];
}

export function checkEnsemble(model: ModelFolder, config: CMessage, ctx: EnsembleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (str(config, 'platform') !== ENSEMBLE_PLATFORM) return out;
  const scheduling = msg(config, 'ensemble_scheduling');
  if (!scheduling) return out;
  const name = str(config, 'name') || model.name;
  const err = (
    message: string,
    span: { start: number; end: number },
    ruleId: TritonRuleId = 'triton/ensemble',
    severity: Diagnostic['severity'] = 'error',
  ) => out.push({ ruleId, severity, message, start: span.start, end: span.end });

  const steps = msgs(scheduling, 'step');
  if (steps.length === 0) {
    err(`must specify 'step' for ensemble '${name}'`, nameSpanOf(config, 'ensemble_scheduling'));
    return out;
  }
  const maxBatch = num(config, 'max_batch_size');
  const ensembleInputs = msgs(config, 'input');
  const ensembleOutputs = msgs(config, 'output');
  const inputNames = new Set(ensembleInputs.map((i) => str(i, 'name')));

  /** Ensemble tensor -> what produced it (an ensemble input or a step's output) with its dtype/shape. */
  interface TensorInfo {
    producer: string;
    dataType?: string;
    dims?: number[];
    origin?: number;
    span: { start: number; end: number };
  }
  const produced = new Map<string, TensorInfo>();
  for (const input of ensembleInputs) {
    produced.set(str(input, 'name'), {
      producer: `ensemble input`,
      dataType: str(input, 'data_type'),
      dims: withBatch(msgsDims(input), maxBatch),
      span: spanOf(input, 'name'),
    });
  }
  const consumed = new Map<string, number>();

  steps.forEach((step, index) => {
    const memberName = str(step, 'model_name');
    const inputMap = mapEntries(step, 'input_map');
    const outputMap = mapEntries(step, 'output_map');
    for (const { value } of inputMap) consumed.set(String(value), (consumed.get(String(value)) ?? 0) + 1);
    if (!memberName) {
      if (!written(step, 'model_name'))
        err(`must specify 'model_name' in step ${index} of ensemble '${name}'`, spanOf(step));
      // Still record what the step writes, so its tensors are not reported as unwritten too.
      for (const { value, entry } of outputMap)
        if (!produced.has(String(value)))
          produced.set(String(value), { producer: `step ${index}`, span: spanOf(entry, 'value') });
      return;
    }
    if (inputMap.length === 0 && !written(step, 'input_map'))
      err(`must specify 'input_map' in step ${index} of ensemble '${name}'`, spanOf(step, 'model_name'));
    if (outputMap.length === 0 && !written(step, 'output_map'))
      err(`must specify 'output_map' in step ${index} of ensemble '${name}'`, spanOf(step, 'model_name'));

    const member = ctx.repository.get(memberName);
    if (!member) {
      err(
        `in ensemble ${name}, step ${index} uses model '${memberName}' which is not in the model repository${didYouMean(memberName, ctx.repository.keys())}`,
        spanOf(step, 'model_name'),
        'triton/ensemble-member',
      );
    }
    const version = num(step, 'model_version');
    if (member && version > 0 && member.dir && !ctx.servedVersions(member).some((v) => Number(v) === version)) {
      err(
        `in ensemble ${name}, step ${index} asks for version ${version} of model '${memberName}', which ${member.versions.some((v) => Number(v) === version) ? "that model's version_policy does not serve" : 'has no version folder'} (served: ${ctx.servedVersions(member).join(', ') || 'none'})`,
        spanOf(step, 'model_version'),
        'triton/ensemble-member',
      );
    }
    const io = member ? ctx.ioOf(member) : undefined;
    if (io && maxBatch > 0 && io.maxBatchSize > 0 && io.maxBatchSize < maxBatch) {
      err(
        `ensemble ${name} allows maximum batch size ${maxBatch}, but it contains model ${memberName} which only allows maximum batch size to be ${io.maxBatchSize}`,
        spanOf(step, 'model_name'),
      );
    }
    // A member with max_batch_size 0 in a batching ensemble is accepted when shapes line up (it sees the batch
    // dim as part of its shape); the shape comparison below decides.
    if (io) {
      const memberInputs = new Map(io.inputs.map((t) => [t.name, t]));
      for (const { key, value, entry } of inputMap) {
        const t = memberInputs.get(String(key));
        if (!t) {
          err(
            `in ensemble ${name}, ensemble tensor ${value} is mapping to non-existing input ${key} in model ${memberName}${didYouMean(String(key), memberInputs.keys())}`,
            spanOf(entry, 'key'),
            'triton/ensemble-mapping',
          );
          continue;
        }
        const source = produced.get(String(value));
        if (source?.dataType && t.dataType && source.dataType !== t.dataType) {
          err(
            `in ensemble ${name}, ensemble tensor ${value}: inconsistent data type: ${source.dataType} is inferred from ${source.producer} while ${t.dataType} is expected by input ${key} of model ${memberName}`,
            spanOf(entry, 'value'),
            'triton/ensemble-mapping',
          );
        } else if (source?.dims && !shapesCompatible(source.dims, withBatch(t.dims, io.maxBatchSize))) {
          err(
            `in ensemble ${name}, ensemble tensor ${value}: inconsistent shape: ${fmt(source.dims)} is inferred from ${source.producer} while ${fmt(withBatch(t.dims, io.maxBatchSize))} is expected by input ${key} of model ${memberName}`,
            spanOf(entry, 'value'),
            'triton/ensemble-mapping',
          );
        }
      }
      const mapped = new Set(inputMap.map((e) => String(e.key)));
      const missing = io.inputs.filter((t) => !mapped.has(t.name) && !memberOptional(member!, t.name));
      if (missing.length > 0 && inputMap.length > 0) {
        err(
          `in ensemble ${name}, step ${index} does not map input${missing.length > 1 ? 's' : ''} ${missing.map((t) => `'${t.name}'`).join(', ')} of model ${memberName}`,
          spanOf(step, 'model_name'),
          'triton/ensemble-mapping',
        );
      }
    }
    // Decoupled branches: a step may not merge tensors that come from different decoupled steps.
    const origins = new Set<number>();
    for (const { value } of inputMap) {
      const o = produced.get(String(value))?.origin;
      if (o !== undefined) origins.add(o);
    }
    if (origins.size > 1)
      err(
        `in ensemble ${name}, step of model '${memberName}' receives inputs originated from different decoupled models`,
        spanOf(step, 'model_name'),
      );
    const origin = io?.decoupled ? index : origins.size === 1 ? [...origins][0] : undefined;

    const memberOutputs = new Map((io?.outputs ?? []).map((t) => [t.name, t]));
    for (const { key, value, entry } of outputMap) {
      const tensor = String(value);
      const t = memberOutputs.get(String(key));
      if (io && !t) {
        err(
          `in ensemble ${name}, ensemble tensor ${tensor} is mapped from non-existing output ${key} in model ${memberName}${didYouMean(String(key), memberOutputs.keys())}`,
          spanOf(entry, 'key'),
          'triton/ensemble-mapping',
        );
      }
      if (produced.has(tensor)) {
        err(
          `ensemble tensor '${tensor}' can appear in an output map only once for ensemble '${name}' step ${index}`,
          spanOf(entry, 'value'),
          'triton/ensemble-mapping',
        );
        continue;
      }
      produced.set(tensor, {
        producer: `output ${key} of model ${memberName}`,
        dataType: t?.dataType,
        dims: t ? withBatch(t.dims, io!.maxBatchSize) : undefined,
        origin,
        span: spanOf(entry, 'value'),
      });
    }
  });

  // Every ensemble input must be used, every output written, every intermediate tensor consumed.
  for (const input of ensembleInputs) {
    const n = str(input, 'name');
    if (!consumed.has(n)) err(`ensemble input '${n}' for ensemble ${name}' is not used`, spanOf(input, 'name'));
  }
  const outputNames = new Set(ensembleOutputs.map((o) => str(o, 'name')));
  for (const output of ensembleOutputs) {
    const n = str(output, 'name');
    const p = produced.get(n);
    if (!p || p.producer === 'ensemble input') {
      err(`output '${n}' for ensemble '${name}' is not written`, spanOf(output, 'name'));
      continue;
    }
    const unconnected = upstreamProblem(n);
    if (unconnected === 'cycle')
      err(`output '${n}' for ensemble '${name}' is not written: it depends on itself`, spanOf(output, 'name'));
    else if (unconnected)
      err(
        `output '${n}' for ensemble '${name}' is not written: at least one of its depending tensors, '${unconnected}', is not connected`,
        spanOf(output, 'name'),
      );
    else if (p.dataType && str(output, 'data_type') && p.dataType !== str(output, 'data_type')) {
      err(
        `in ensemble ${name}, ensemble output ${n}: inconsistent data type: ${p.dataType} is inferred from ${p.producer} while ${str(output, 'data_type')} is declared by the ensemble`,
        spanOf(output, 'data_type'),
        'triton/ensemble-mapping',
      );
    }
  }
  // The ensemble's own outputs are gathered like a last step: they too may not come from different decoupled steps.
  const outputOrigins = new Set(
    ensembleOutputs.map((o) => produced.get(str(o, 'name'))?.origin).filter((o) => o !== undefined),
  );
  if (outputOrigins.size > 1)
    err(
      `in ensemble ${name}, step of model '${name}' receives inputs originated from different decoupled models`,
      nameSpanOf(config, 'output'),
    );
  for (const [tensor, info] of produced) {
    if (info.producer === 'ensemble input' || outputNames.has(tensor) || consumed.has(tensor)) continue;
    err(`ensemble tensor '${tensor}' is unused in ensemble '${name}'`, info.span);
  }
  return out;

  /**
   * Whether an ensemble output can be computed: 'cycle' when it depends on itself, or the name of a tensor it
   * depends on (transitively) that nothing produces.
   */
  function upstreamProblem(tensor: string): 'cycle' | string | undefined {
    const onPath = new Set<string>();
    const done = new Set<string>();
    const producerOf = (t: string) =>
      steps.find((st) => mapEntries(st, 'output_map').some((e) => String(e.value) === t));
    const visit = (t: string): 'cycle' | string | undefined => {
      if (inputNames.has(t) || done.has(t)) return undefined;
      if (onPath.has(t)) return 'cycle';
      const producerStep = producerOf(t);
      if (!producerStep) return t;
      onPath.add(t);
      for (const { value } of mapEntries(producerStep, 'input_map')) {
        const problem = visit(String(value));
        if (problem) return problem;
      }
      onPath.delete(t);
      done.add(t);
      return undefined;
    };
    return visit(tensor);
  }
}

/** Cycles through ensembles: A's step uses B, B's step uses ... A. Reported on each ensemble of the cycle. */
export function findEnsembleCycle(start: string, repository: Map<string, ModelFolder>): string[] | undefined {
  const stepsOf = (m: ModelFolder | undefined) =>
    str(m?.config, 'platform') === ENSEMBLE_PLATFORM
      ? msgs(msg(m?.config, 'ensemble_scheduling'), 'step').map((s) => str(s, 'model_name'))
      : [];
  const path: string[] = [start];
  const onPath = new Set<string>([start]);
  const done = new Set<string>();
  const dfs = (name: string): string[] | undefined => {
    for (const next of stepsOf(repository.get(name))) {
      if (next === start) return [...path, start];
      if (onPath.has(next) || done.has(next)) continue;
      path.push(next);
      onPath.add(next);
      const found = dfs(next);
      if (found) return found;
      path.pop();
      onPath.delete(next);
      done.add(next);
    }
    return undefined;
  };
  return dfs(start);
}

/** The dims clients (and so other ensemble steps) see; `reshape` is only the model's internal view. */
function msgsDims(io: CMessage): number[] {
  return (io.fields.get('dims')?.values ?? []).filter((v): v is number => typeof v === 'number');
}

function memberOptional(member: ModelFolder, input: string): boolean {
  return msgs(member.config, 'input').some((i) => str(i, 'name') === input && bool(i, 'optional'));
}

function withBatch(dims: number[], maxBatch: number): number[] {
  return maxBatch > 0 ? [-1, ...dims] : dims;
}

function shapesCompatible(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((d, i) => d === -1 || b[i] === -1 || d === b[i]);
}

function fmt(dims: number[]): string {
  return `[${dims.join(',')}]`;
}
