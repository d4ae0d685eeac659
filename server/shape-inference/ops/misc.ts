// Detection, signal and generator operators: NonMaxSuppression, NonZero, RoiAlign, STFT, DFT, windows,
// OneHot, Einsum, GridSample, random generators.
import type { Dim } from '../../onnx/model';
import { dataTypeName } from '../../onnx/data-types';
import { isKnown, normalizeAxis } from '../dims';
import type { InferFn } from '../types';
import { makeInfo, tensor } from '../types';

const nonMaxSuppression: InferFn = () => [tensor('INT64', [null, 3])];

const nonZero: InferFn = (ctx) => ctx.one(tensor('INT64', [ctx.shape(0)?.length ?? null, null]));

const roiAlign: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const rois = ctx.shape(1);
  return ctx.one(
    tensor(ctx.elemType(0), [
      rois ? rois[0] : (ctx.shape(2)?.[0] ?? null),
      x?.[1] ?? null,
      ctx.int('output_height', 1),
      ctx.int('output_width', 1),
    ]),
  );
};

const maxRoiPool: InferFn = (ctx) => {
  const pooled = ctx.ints('pooled_shape') ?? [null, null];
  return ctx.one(tensor(ctx.elemType(0), [ctx.shape(1)?.[0] ?? null, ctx.shape(0)?.[1] ?? null, ...pooled]));
};

const stft: InferFn = (ctx) => {
  const signal = ctx.shape(0);
  const step = ctx.value(1)?.[0];
  const windowLength = ctx.shape(2)?.[0];
  const frameLength = ctx.value(3)?.[0] ?? windowLength ?? null;
  const onesided = ctx.int('onesided', 1) === 1;
  if (!signal) return ctx.one(tensor(ctx.elemType(0)));
  const length = signal[1];
  const frames =
    isKnown(length) && isKnown(frameLength) && isKnown(step ?? null)
      ? Math.floor((length - frameLength) / (step as number)) + 1
      : null;
  const bins = isKnown(frameLength) ? (onesided ? Math.floor(frameLength / 2) + 1 : frameLength) : null;
  return ctx.one(tensor(ctx.elemType(0), [signal[0], frames, bins, 2]));
};

const dft: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return ctx.one(tensor(ctx.elemType(0)));
  const rawAxis = ctx.opset >= 20 ? (ctx.node.inputs[2] ? ctx.numbers(2)?.[0] : -2) : ctx.int('axis', 1);
  if (rawAxis === undefined)
    return ctx.one(
      tensor(
        ctx.elemType(0),
        x.map(() => null),
      ),
    );
  const a = normalizeAxis(rawAxis, x.length);
  if (a === undefined) ctx.fail(`axis ${rawAxis} is out of range for rank ${x.length}`);
  const length: Dim = ctx.node.inputs[1] ? (ctx.value(1)?.[0] ?? null) : x[a!];
  const onesided = ctx.int('onesided', 0) === 1;
  const out = [...x];
  out[a!] = onesided && isKnown(length) ? Math.floor(length / 2) + 1 : length;
  out[out.length - 1] = 2;
  return ctx.one(tensor(ctx.elemType(0), out));
};

const window: InferFn = (ctx) =>
  ctx.one(tensor(dataTypeName(ctx.int('output_datatype', 1)), [ctx.value(0)?.[0] ?? null]));

const oneHot: InferFn = (ctx) => {
  const indices = ctx.shape(0);
  if (!indices) return ctx.one(tensor(ctx.elemType(2)));
  const depth = ctx.value(1)?.[0] ?? null;
  const out = [...indices];
  const raw = ctx.int('axis', -1);
  out.splice(raw < 0 ? raw + indices.length + 1 : raw, 0, isKnown(depth) ? Math.trunc(depth) : depth);
  return ctx.one(tensor(ctx.elemType(2), out));
};

const einsum: InferFn = (ctx) => {
  const equation = (ctx.string('equation') ?? '').replace(/\s/g, '');
  const [lhs, rhs] = equation.split('->');
  const terms = lhs.split(',');
  if (equation.includes('...') || terms.length !== ctx.node.inputs.length) return ctx.one(tensor(ctx.elemType(0)));
  const sizes = new Map<string, Dim>();
  for (const [i, term] of terms.entries()) {
    const shape = ctx.shape(i);
    if (!shape) continue;
    if (shape.length !== term.length)
      ctx.fail(`term "${term}" has ${term.length} letters, input ${i} rank ${shape.length}`);
    [...term].forEach((letter, k) => {
      const d = shape[k];
      const known = sizes.get(letter);
      if (known === undefined || known === null || (known === 1 && d !== 1)) sizes.set(letter, d);
    });
  }
  const output =
    rhs ??
    [...new Set([...terms.join('')])]
      .filter((l) => terms.join('').split(l).length === 2)
      .sort()
      .join('');
  if (terms.some((_, i) => !ctx.shape(i)))
    return ctx.one(
      tensor(
        ctx.elemType(0),
        [...output].map(() => null),
      ),
    );
  return ctx.one(
    tensor(
      ctx.elemType(0),
      [...output].map((l) => sizes.get(l) ?? null),
    ),
  );
};

const gridSample: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const grid = ctx.shape(1);
  if (!x || !grid) return ctx.one(tensor(ctx.elemType(0)));
  return ctx.one(tensor(ctx.elemType(0), [x[0], x[1], ...grid.slice(1, -1)]));
};

const random: InferFn = (ctx) => ctx.one(tensor(dataTypeName(ctx.int('dtype', 1)), ctx.ints('shape')));

const randomLike: InferFn = (ctx) => {
  const dtype = ctx.int('dtype');
  return ctx.one(tensor(dtype !== undefined ? dataTypeName(dtype) : ctx.elemType(0), ctx.shape(0)));
};

const eyeLike: InferFn = (ctx) => {
  const dtype = ctx.int('dtype');
  return ctx.one(tensor(dtype !== undefined ? dataTypeName(dtype) : ctx.elemType(0), ctx.shape(0)));
};

const compress: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const axis = ctx.int('axis');
  if (!x) return ctx.one(tensor(ctx.elemType(0)));
  if (axis === undefined) return ctx.one(tensor(ctx.elemType(0), [null]));
  const a = normalizeAxis(axis, x.length);
  return ctx.one(
    tensor(
      ctx.elemType(0),
      x.map((d, i) => (i === a ? null : d)),
    ),
  );
};

const sequenceLength: InferFn = () => [tensor('INT64', [])];

/** Sequences: element types only (onnx keeps no more for them either). */
const sequence: InferFn = (ctx) => {
  const dtype = ctx.int('dtype');
  const elemType =
    ctx.node.opType === 'SequenceEmpty'
      ? dataTypeName(dtype ?? 1)
      : ctx.elemType(ctx.node.opType === 'SplitToSequence' || ctx.node.opType === 'SequenceConstruct' ? 0 : 1);
  const input = ctx.input(0)?.type;
  const elem = input?.kind === 'sequence' ? input.elem : elemType ? { kind: 'tensor' as const, elemType } : undefined;
  return ctx.one(makeInfo({ kind: 'sequence', elem }));
};

const det: InferFn = (ctx) => ctx.one(tensor(ctx.elemType(0), ctx.shape(0)?.slice(0, -2)));

export const miscOps: Record<string, InferFn> = {
  NonMaxSuppression: nonMaxSuppression,
  NonZero: nonZero,
  RoiAlign: roiAlign,
  MaxRoiPool: maxRoiPool,
  STFT: stft,
  DFT: dft,
  HannWindow: window,
  HammingWindow: window,
  BlackmanWindow: window,
  OneHot: oneHot,
  Einsum: einsum,
  GridSample: gridSample,
  RandomNormal: random,
  RandomUniform: random,
  RandomNormalLike: randomLike,
  RandomUniformLike: randomLike,
  Bernoulli: randomLike,
  EyeLike: eyeLike,
  Compress: compress,
  SequenceLength: sequenceLength,
  SequenceEmpty: sequence,
  SequenceConstruct: sequence,
  SequenceInsert: sequence,
  SequenceErase: sequence,
  SplitToSequence: sequence,
  Det: det,
};
