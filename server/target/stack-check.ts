// Findings on the pinned stack: stack files (Dockerfile/Containerfile, requirements*.txt, pyproject.toml,
// environment.yml) against the resolved target, TensorRT plans in a model repository against the TensorRT that will
// load them, and, for a whole workspace, pins that disagree with each other (each finding names both places).
import fs from 'node:fs';
import path from 'node:path';
import type { ModelReadyConfig } from '../config/config';
import type { Finding, RelatedLocation, Severity } from '../findings';
import { engineVersionWordFor, engineVersionWordRange, sameVersion, tritonRelease } from '../knowledge/triton-releases';
import { targetKeyRange, targetOf } from './of-config';
import { readPlanHeader } from './plan-header';
import type { ResolvedTarget } from './resolve';
import { isPlanFile, isStackFile, readPins, type ImagePin, type PackagePin, type Pin } from './stack-pins';
import { STACK_RULES, type StackRuleId } from './stack-rules';

const MAX_STACK_FILE_BYTES = 1024 * 1024;

export const PIN_TARGET_VERSION_FIX = { id: 'stack.pin-target-version', title: "Pin the target's version" };

/** The TensorRT inside an NGC image, when the release tables state it (the trtllm image has its own). */
export function imageTensorrt(pin: ImagePin): { version: string; source: string } | undefined {
  if (pin.repository !== 'tritonserver') return undefined;
  const facts = tritonRelease(pin.release);
  if (!facts) return undefined;
  if (/trtllm/.test(pin.variant))
    return (
      facts.containers.trtllm && { version: facts.containers.trtllm.tensorrt, source: facts.containers.trtllm.source }
    );
  if (pin.variant === 'py3' && facts.tensorrt) return { version: facts.tensorrt, source: facts.sources.tensorrt };
  return undefined;
}

const trtRangeText = (r: { from: string; to: string }) => `TensorRT ${r.from === r.to ? r.from : `${r.from}–${r.to}`}`;
/** `Dockerfile:1`: the other place a cross-file finding names (its related location has the full path). */
const where = (pin: Pin) => `${path.basename(pin.file)}:${pin.range.start.line + 1}`;
const majorMinor = (v: string) => v.split('.').slice(0, 2).join('.');
const differs = (a: string, b: string) => !sameVersion(majorMinor(a), b) && !sameVersion(majorMinor(b), a);

/** A finding at its built-in severity: the pipeline (analyzeFile / applyRuleSettings) applies the configuration. */
function finding(
  id: StackRuleId,
  file: string,
  pin: { range: Pin['range'] } | undefined,
  message: string,
  extra: Partial<Finding> = {},
  severity?: Severity,
): Finding {
  return {
    ruleId: id,
    severity: severity ?? STACK_RULES[id].defaultSeverity,
    file,
    message,
    ...(pin && { range: pin.range }),
    ...extra,
  };
}

/** Where the target pinned a field: the `.modelready.json` key, or the CLI flag. */
function targetLocation(config: ModelReadyConfig, field: 'triton' | 'tensorrt' | 'onnxruntime'): RelatedLocation {
  const flag = config.targetOrigins?.[field];
  const range = flag || !config.file ? undefined : targetKeyRange(config.file, field);
  return {
    file: flag ?? config.file ?? '.modelready.json',
    message: `target.${field} = ${config.target[field]}`,
    ...(range && { range }),
  };
}

function pinLocation(pin: Pin, message: string): RelatedLocation {
  return { file: pin.file, message, range: pin.range };
}

/** A stack file on its own: pins against the resolved target, and tracked packages left unpinned. */
export function checkStackFile(file: string, config: ModelReadyConfig, text?: string): Finding[] {
  let source = text;
  if (source === undefined) {
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_STACK_FILE_BYTES) return [];
      source = fs.readFileSync(file, 'utf8');
    } catch {
      return [];
    }
  }
  const target = targetOf(config);
  const out: Finding[] = [];
  for (const pin of readPins(file, source)) {
    if (pin.kind === 'image') out.push(...imageAgainstTarget(pin, target, config));
    else out.push(...packageAgainstTarget(pin, target, config));
  }
  return out;
}

function imageAgainstTarget(pin: ImagePin, target: ResolvedTarget, config: ModelReadyConfig): Finding[] {
  if (pin.repository !== 'tritonserver' || !config.target.triton || pin.release === config.target.triton) return [];
  return [
    finding(
      'stack/version-mismatch',
      pin.file,
      pin,
      `${pin.text} is Triton ${pin.release}, but the target is Triton ${target.triton}: findings here assume ${target.triton}'s TensorRT and ONNX Runtime`,
      { related: [targetLocation(config, 'triton')] },
    ),
  ];
}

/** The version the target implies for a package, when it implies one. */
function targetVersionOf(pkg: PackagePin['package'], target: ResolvedTarget): string | null {
  if (pkg === 'tensorrt') return target.tensorrt;
  if (pkg === 'onnxruntime' || pkg === 'onnxruntime-gpu') return target.onnxruntime?.replace(/\+.*$/, '') ?? null;
  return null;
}

function packageAgainstTarget(pin: PackagePin, target: ResolvedTarget, config: ModelReadyConfig): Finding[] {
  const wanted = targetVersionOf(pin.package, target);
  if (pin.version === null) {
    const hint = wanted ? ` (the target's is ${wanted})` : '';
    return [
      finding(
        'stack/unpinned',
        pin.file,
        pin,
        `${pin.text} is not pinned to one version${hint}: an install on another day can pick a version of ${pin.package} the target cannot load`,
        wanted ? { fixes: [PIN_TARGET_VERSION_FIX] } : {},
      ),
    ];
  }
  if (!wanted || !differs(pin.version, wanted)) return [];
  const field = pin.package === 'tensorrt' ? 'tensorrt' : 'onnxruntime';
  const why =
    field === 'tensorrt'
      ? `an engine built with TensorRT ${majorMinor(pin.version)} will not load in TensorRT ${majorMinor(wanted)}`
      : 'the model is checked against another ONNX Runtime than the one serving it';
  return [
    finding(
      'stack/version-mismatch',
      pin.file,
      pin,
      `${pin.text} pins ${pin.package} ${pin.version}, but the target runs ${wanted} (${target.sources[field]}): ${why}`,
      { related: [targetLocation(config, config.target[field] ? field : 'triton')] },
      field === 'tensorrt' ? 'error' : 'warning',
    ),
  ];
}

/** A TensorRT plan: what its header proves about the TensorRT that built it, against the target's. */
export function checkPlanFile(file: string, config: ModelReadyConfig): Finding[] {
  const result = readPlanHeader(file);
  const target = targetOf(config);
  if ('problem' in result) {
    const f = finding('stack/plan-version', file, undefined, `not a TensorRT plan: ${result.problem}`, {}, 'warning');
    return [f];
  }
  const word = result.header.versionWord;
  const built = engineVersionWordRange(word);
  const builtText = built ? trtRangeText(built) : undefined;
  const expected = target.tensorrt ? engineVersionWordFor(target.tensorrt) : undefined;
  let f: Finding;
  if (target.tensorrt && expected !== undefined && expected !== word) {
    f = finding(
      'stack/plan-version',
      file,
      undefined,
      `this plan was built by ${builtText ?? 'another TensorRT'} (serialization version ${word}); the target runs TensorRT ${target.tensorrt} (version ${expected}) and will refuse it: rebuild the engine with TensorRT ${majorMinor(target.tensorrt)}`,
      { related: [targetLocation(config, config.target.tensorrt ? 'tensorrt' : 'triton')] },
      'error',
    );
  } else {
    const known = builtText ? `built by ${builtText}` : 'built by a TensorRT whose version word is not in the tables';
    const against = target.tensorrt
      ? expected === word
        ? `; the target's TensorRT ${target.tensorrt} writes the same word`
        : `; which word TensorRT ${target.tensorrt} writes is unknown, so whether it loads is unknown`
      : '; no TensorRT is known for the target';
    f = finding(
      'stack/plan-version',
      file,
      undefined,
      `this plan (serialization version ${word}) was ${known}${against}`,
      {},
      'info',
    );
  }
  return [f];
}

/** Across a workspace: engine-building pins and plans against the serving containers of its Dockerfiles. */
export function checkWorkspaceStack(files: string[]): Finding[] {
  const pins: Pin[] = [];
  for (const file of files.filter(isStackFile)) {
    try {
      if (fs.statSync(file).size <= MAX_STACK_FILE_BYTES) pins.push(...readPins(file, fs.readFileSync(file, 'utf8')));
    } catch {
      // An unreadable or oversized stack file has no pins to compare (the per-file check skips it too).
    }
  }
  const serving = pins
    .filter((p): p is ImagePin => p.kind === 'image')
    .map((pin) => ({ pin, trt: imageTensorrt(pin) }))
    .filter((s): s is { pin: ImagePin; trt: { version: string; source: string } } => s.trt !== undefined);
  const building = pins.filter((p): p is PackagePin => p.kind === 'package' && p.package === 'tensorrt' && !!p.version);
  const out: Finding[] = [];
  for (const s of serving) {
    for (const b of building) {
      if (!differs(b.version!, s.trt.version)) continue;
      out.push(
        finding(
          'stack/version-mismatch',
          b.file,
          b,
          `${b.text} builds engines with TensorRT ${b.version}, but ${where(s.pin)} serves with ${s.pin.text} (TensorRT ${s.trt.version}): the server will refuse those engines`,
          { related: [pinLocation(s.pin, `${s.pin.text}: TensorRT ${s.trt.version}`)] },
          'error',
        ),
      );
    }
    for (const plan of files.filter(isPlanFile)) {
      const result = readPlanHeader(plan);
      if ('problem' in result) continue;
      const word = result.header.versionWord;
      const expected = engineVersionWordFor(s.trt.version);
      if (expected === undefined || expected === word) continue;
      const built = engineVersionWordRange(word);
      out.push(
        finding(
          'stack/plan-version',
          plan,
          undefined,
          `this plan was built by ${built ? trtRangeText(built) : 'another TensorRT'} (serialization version ${word}); ${where(s.pin)} serves with ${s.pin.text} (TensorRT ${s.trt.version}, version ${expected}), which will refuse it`,
          { related: [pinLocation(s.pin, `${s.pin.text}: TensorRT ${s.trt.version}`)] },
          'error',
        ),
      );
    }
  }
  return out;
}
