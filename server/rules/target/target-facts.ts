// What the target rules share: the resolved target of the rule context and the facts they cite.
import precision from '../../knowledge/precision-compute-capability.json';
import plugins from '../../knowledge/trt-plugins.json';
import { compareVersions } from '../../knowledge/triton-releases';
import type { RuleContext } from '../rule';

export interface PrecisionRequirement {
  types: string[];
  label: string;
  minComputeCapability: string;
  source: string;
}

export const precisionRequirements: readonly PrecisionRequirement[] = precision.rows;

/** The hardware requirement of an ONNX data type, if it has one. */
export function precisionRequirementOf(type: string): PrecisionRequirement | undefined {
  return precisionRequirements.find((r) => r.types.includes(type));
}

/** The target's TensorRT (pinned, or its Triton release's) is 11 or newer: strongly typed networks only. */
export function isTrt11(ctx: RuleContext): boolean {
  return ctx.target.tensorrt !== null && compareVersions(ctx.target.tensorrt, '11') >= 0;
}

interface PluginsFile {
  releases: Record<string, { source: string; removedSince?: string; removed?: { name: string; version: string }[] }>;
}

/** Plugin (name, version) pairs removed by TensorRT 11.0, with the table that shows it. */
export const pluginsRemovedIn11 = (plugins as PluginsFile).releases['11.0'];
