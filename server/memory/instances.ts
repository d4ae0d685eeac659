// How many instances of a model Triton places on one GPU, from the model's config.pbtxt: each instance_group
// of kind KIND_GPU (or KIND_AUTO, which is GPU where there is one) puts `count` instances (default 1) on every
// GPU it lists, or on every GPU when it lists none. No instance_group: one instance per GPU.
import type { Field, MessageValue, ScalarValue } from '../triton/textformat/ast';
import { parseTextFormat } from '../triton/textformat/parser';

export interface GpuPlacement {
  /** Instances on the busiest GPU. */
  instancesPerGpu: number;
  /** GPU ids the groups name ([] when they run on every GPU). */
  gpus: number[];
  /** Offsets of the instance_group field, for a hover. */
  span?: { start: number; end: number };
}

export function gpuPlacement(configText: string): GpuPlacement {
  const root = parseTextFormat(configText).root;
  const groupFields = root.fields.filter((f) => f.name === 'instance_group');
  const groups = groupFields.flatMap(messagesOf);
  if (groups.length === 0) return { instancesPerGpu: 1, gpus: [] };
  const onEveryGpu: number[] = [];
  const perGpu = new Map<number, number>();
  for (const group of groups) {
    const kind = scalar(group, 'kind') ?? 'KIND_AUTO';
    if (kind !== 'KIND_GPU' && kind !== 'KIND_AUTO') continue;
    const count = Number(scalar(group, 'count') ?? '1');
    const instances = Number.isInteger(count) && count >= 1 ? count : 1;
    const gpus = numbers(group, 'gpus');
    if (gpus.length === 0) onEveryGpu.push(instances);
    for (const gpu of new Set(gpus)) perGpu.set(gpu, (perGpu.get(gpu) ?? 0) + instances);
  }
  const everywhere = onEveryGpu.reduce((a, b) => a + b, 0);
  const busiest = Math.max(0, ...perGpu.values());
  const first = groupFields[0];
  return {
    instancesPerGpu: everywhere + busiest,
    gpus: [...perGpu.keys()].sort((a, b) => a - b),
    span: { start: first.start, end: groupFields[groupFields.length - 1].end },
  };
}

function messagesOf(field: Field): MessageValue[] {
  const v = field.value;
  if (!v) return [];
  if (v.kind === 'message') return [v];
  if (v.kind === 'list') return v.items.filter((i): i is MessageValue => i.kind === 'message');
  return [];
}

function scalarsOf(message: MessageValue, name: string): ScalarValue[] {
  return message.fields
    .filter((f) => f.name === name)
    .flatMap((f) => {
      const v = f.value;
      if (v?.kind === 'scalar') return [v];
      if (v?.kind === 'list') return v.items.filter((i): i is ScalarValue => i.kind === 'scalar');
      return [];
    });
}

const scalar = (message: MessageValue, name: string) => scalarsOf(message, name).at(-1)?.text;
const numbers = (message: MessageValue, name: string) =>
  scalarsOf(message, name)
    .map((s) => Number(s.text))
    .filter((n) => Number.isInteger(n));
