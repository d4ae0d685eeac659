// One resolved deployment target: what `.modelready.json`'s `target` (and the --target-* flags) pin, completed
// from the generated release tables, with the source of every fact and the conflicts between what was pinned.
// A fact no table states stays null ("unknown for this release"); nothing is guessed.
import { findGpu } from '../knowledge/gpus';
import { trtTarget } from '../knowledge/tensorrt';

const TRT_MATRIX_FILE = 'server/knowledge/tensorrt-support.json';
import {
  compareVersions,
  onnxruntimeTensorrt,
  onnxruntimeTensorrtFor,
  sameVersion,
  tritonRelease,
  tritonReleases,
} from '../knowledge/triton-releases';

/** What the user pinned (all optional). */
export interface TargetRequest {
  triton?: string;
  tensorrt?: string;
  onnxruntime?: string;
  gpu?: string;
  computeCapability?: string;
}

export type TargetField = keyof TargetRequest;

export interface TargetConflict {
  severity: 'error' | 'warning';
  /** The pinned fields that disagree. */
  fields: TargetField[];
  message: string;
}

export interface ResolvedTarget {
  triton: string | null;
  tensorrt: string | null;
  onnxruntime: string | null;
  cuda: string | null;
  /** Minimum driver branch of the Triton release, "560". */
  driver: string | null;
  gpu: string | null;
  computeCapability: string | null;
  gpuMemoryBytes: number | null;
  /** The lowest compute capability the Triton release's server accepts by default. */
  tritonMinComputeCapability: string | null;
  /** The TensorRT the ONNX Runtime's TensorRT execution provider is built against. */
  onnxruntimeTensorrt: string | null;
  /** The TensorRT support table the operator/dtype/opset checks use. */
  tensorrtTable: string | null;
  /** Field -> where the fact comes from (a corpus file, or the setting that pinned it). */
  sources: Record<string, string>;
  conflicts: TargetConflict[];
  /** What is unknown or approximated, in words. */
  notes: string[];
}

const releaseRange = () => {
  const all = Object.keys(tritonReleases);
  return `${all[0]}–${all[all.length - 1]}`;
};

/**
 * Resolves a target. `origins` names where each pinned field was set (".modelready.json", "--target-trt"),
 * for `sources`.
 */
export function resolveTarget(
  request: TargetRequest,
  origins: Partial<Record<TargetField, string>> = {},
): ResolvedTarget {
  const out: ResolvedTarget = {
    triton: null,
    tensorrt: null,
    onnxruntime: null,
    cuda: null,
    driver: null,
    gpu: null,
    computeCapability: null,
    gpuMemoryBytes: null,
    tritonMinComputeCapability: null,
    onnxruntimeTensorrt: null,
    tensorrtTable: null,
    sources: {},
    conflicts: [],
    notes: [],
  };
  const origin = (field: TargetField) => `${origins[field] ?? '.modelready.json'} (target.${field})`;
  const pin = <K extends keyof ResolvedTarget>(key: K, value: ResolvedTarget[K], source: string) => {
    out[key] = value;
    out.sources[key] = source;
  };

  if (request.triton !== undefined) {
    const facts = tritonRelease(request.triton);
    pin('triton', request.triton, origin('triton'));
    if (!facts) {
      out.conflicts.push({
        severity: 'error',
        fields: ['triton'],
        message: `Triton release ${request.triton} is not in the release tables (${releaseRange()})`,
      });
    } else {
      const from = (field: string) => facts.sources[field];
      if (facts.onnxruntime) pin('onnxruntime', facts.onnxruntime, from('onnxruntime'));
      if (facts.tensorrt) pin('tensorrt', facts.tensorrt, from('tensorrt'));
      else
        out.notes.push(
          `TensorRT of the tritonserver:${facts.triton}-py3 container: unknown for this release` +
            (facts.containers.trtllm
              ? ` (the ${facts.triton}-trtllm-python-py3 container has ${facts.containers.trtllm.tensorrt}, a different image)`
              : ''),
        );
      if (facts.cuda) pin('cuda', facts.cuda, from('cuda'));
      if (facts.driverMin) pin('driver', facts.driverMin, from('driverMin'));
      if (facts.computeCapabilityMin)
        pin('tritonMinComputeCapability', facts.computeCapabilityMin, from('computeCapabilityMin'));
      // Where two corpus files disagree, the source names both (compatibility.md / the build default win).
      const fieldOf: Record<string, string> = { computeCapabilityMin: 'tritonMinComputeCapability' };
      for (const d of facts.disagreements) {
        const field = fieldOf[d.field] ?? d.field;
        if (out.sources[field]) out.sources[field] += `; disagrees: ${d.otherFrom} says ${d.other}`;
        out.notes.push(
          `${d.field}: ${d.chosenFrom} says ${d.chosen}, ${d.otherFrom} says ${d.other}; using ${d.chosen}`,
        );
      }
    }
  }

  if (request.tensorrt !== undefined) {
    if (out.tensorrt && !sameVersion(request.tensorrt, out.tensorrt))
      out.conflicts.push({
        severity: 'error',
        fields: ['tensorrt', 'triton'],
        message: `target.tensorrt ${request.tensorrt} is not the TensorRT of Triton ${out.triton} (${out.tensorrt}, ${out.sources.tensorrt}): an engine built with it will not load there`,
      });
    pin('tensorrt', request.tensorrt, origin('tensorrt'));
  }

  if (request.onnxruntime !== undefined) {
    if (out.onnxruntime && !sameVersion(request.onnxruntime, out.onnxruntime.replace(/\+.*$/, '')))
      out.conflicts.push({
        severity: 'warning',
        fields: ['onnxruntime', 'triton'],
        message: `target.onnxruntime ${request.onnxruntime} is not the ONNX Runtime of Triton ${out.triton} (${out.onnxruntime}, ${out.sources.onnxruntime})`,
      });
    pin('onnxruntime', request.onnxruntime, origin('onnxruntime'));
  }
  if (out.onnxruntime) {
    const trt = onnxruntimeTensorrtFor(out.onnxruntime);
    if (trt) pin('onnxruntimeTensorrt', trt, onnxruntimeTensorrt.source);
  }

  if (request.gpu !== undefined) {
    const match = findGpu(request.gpu);
    if (!match) {
      out.conflicts.push({
        severity: 'error',
        fields: ['gpu'],
        message: `GPU "${request.gpu}" is not in the GPU table (server/knowledge/gpus.json); set target.computeCapability instead`,
      });
    } else {
      const names = match.gpus.map((g) => g.name);
      pin('gpu', names.length === 1 ? names[0] : request.gpu, origin('gpu'));
      const gpuSource = match.gpus.map((g) => g.source).join('; ');
      if (match.computeCapability) pin('computeCapability', match.computeCapability, gpuSource);
      if (match.memoryBytes !== null) pin('gpuMemoryBytes', match.memoryBytes, gpuSource);
      else
        out.notes.push(
          names.length > 1
            ? `"${request.gpu}" means ${names.join(' or ')}, whose memory differs or is unknown: name one`
            : `memory of ${names[0]}: unknown (no permissive source in the corpus)`,
        );
    }
  }

  if (request.computeCapability !== undefined) {
    if (out.computeCapability && out.computeCapability !== request.computeCapability)
      out.conflicts.push({
        severity: 'error',
        fields: ['computeCapability', 'gpu'],
        message: `target.computeCapability ${request.computeCapability} is not ${out.gpu}'s (${out.computeCapability})`,
      });
    pin('computeCapability', request.computeCapability, origin('computeCapability'));
  }

  if (
    out.computeCapability &&
    out.tritonMinComputeCapability &&
    compareVersions(out.computeCapability, out.tritonMinComputeCapability) < 0
  )
    out.conflicts.push({
      severity: 'error',
      fields: request.gpu !== undefined ? ['gpu', 'triton'] : ['computeCapability', 'triton'],
      message: `Triton ${out.triton} refuses GPUs below compute capability ${out.tritonMinComputeCapability} (${out.sources.tritonMinComputeCapability}); ${out.gpu ?? 'the target GPU'} is ${out.computeCapability}`,
    });

  const table = trtTarget(out.tensorrt ?? undefined);
  if (table) {
    out.tensorrtTable = table.table.release;
    out.sources.tensorrtTable = `${TRT_MATRIX_FILE} (onnx-tensorrt ${table.table.source.file})`;
    if (out.tensorrt && !sameVersion(table.table.release, out.tensorrt))
      out.notes.push(
        `no operator table for TensorRT ${out.tensorrt}: the checks use ${table.table.release}'s (the newest older one)`,
      );
  } else if (out.tensorrt) {
    out.notes.push(`TensorRT ${out.tensorrt} predates every operator table`);
  }
  if (!out.sources.triton && !out.sources.tensorrt)
    out.notes.push('no TensorRT pinned: the checks use the newest table');
  return out;
}

/** One line for a status bar tooltip or a hover: "Triton 25.01 · TensorRT 10.8.0.43 · NVIDIA L4 (8.9)". */
export function targetSummary(t: ResolvedTarget): string {
  const parts = [
    t.triton && `Triton ${t.triton}`,
    `TensorRT ${t.tensorrt ?? 'unknown'}`,
    t.onnxruntime && `ONNX Runtime ${t.onnxruntime}`,
    t.gpu
      ? `${t.gpu}${t.computeCapability ? ` (${t.computeCapability})` : ''}`
      : t.computeCapability && `compute capability ${t.computeCapability}`,
  ].filter(Boolean);
  const conflicts = t.conflicts.length > 0 ? ` — ${t.conflicts.length} conflict(s): run \`modelready target\`` : '';
  return `${parts.join(' · ')}${conflicts}`;
}
