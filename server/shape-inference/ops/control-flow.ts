// If, Loop and Scan: their bodies are inferred as subgraphs that see the enclosing graph's tensors.
import type { OnnxType } from '../../onnx/model';
import { isKnown } from '../dims';
import type { InferContext, InferFn, TensorInfo } from '../types';
import { makeInfo, tensor } from '../types';

/** The type both branches agree on (onnx's union: differing dims unknown, differing ranks no shape). */
export function unionTypes(a: OnnxType | undefined, b: OnnxType | undefined): OnnxType | undefined {
  if (!a || !b) return a ?? b;
  if (a.kind !== 'tensor' || b.kind !== 'tensor') return a;
  const elemType = a.elemType !== 'UNDEFINED' ? a.elemType : b.elemType;
  if (!a.shape || !b.shape || a.shape.length !== b.shape.length) return { kind: 'tensor', elemType };
  return { kind: 'tensor', elemType, shape: a.shape.map((d, i) => (d === b.shape![i] ? d : null)) };
}

function info(type: OnnxType | undefined): TensorInfo | undefined {
  return type ? makeInfo(type) : undefined;
}

const ifOp: InferFn = (ctx) => {
  const then = ctx.attr('then_branch')?.g;
  const otherwise = ctx.attr('else_branch')?.g;
  if (!then || !otherwise) ctx.fail('a branch is missing');
  const a = ctx.subgraph(then!, 'then_branch', []);
  const b = ctx.subgraph(otherwise!, 'else_branch', []);
  if (a.length !== b.length) ctx.fail(`branches have ${a.length} and ${b.length} outputs`);
  return ctx.node.outputs.map((_, i) => {
    const [x, y] = [a[i], b[i]];
    if (
      x?.kind === 'tensor' &&
      y?.kind === 'tensor' &&
      x.elemType !== y.elemType &&
      x.elemType !== 'UNDEFINED' &&
      y.elemType !== 'UNDEFINED'
    )
      ctx.fail(`output ${i} is ${x.elemType} in then_branch, ${y.elemType} in else_branch`);
    return info(unionTypes(x, y));
  });
};

function inputType(ctx: InferContext, i: number): OnnxType | undefined {
  return ctx.input(i)?.type;
}

const loop: InferFn = (ctx) => {
  const body = ctx.attr('body')?.g;
  if (!body) ctx.fail('the body is missing');
  const carried = ctx.node.inputs.length - 2;
  const inputs: (OnnxType | undefined)[] = [
    { kind: 'tensor', elemType: 'INT64', shape: [] },
    { kind: 'tensor', elemType: 'BOOL', shape: [] },
  ];
  for (let i = 0; i < carried; i++) inputs.push(inputType(ctx, i + 2));
  const outputs = ctx.subgraph(body!, 'body', inputs);
  const trip = ctx.value(0)?.[0];
  const iterations = ctx.node.inputs[0] && !ctx.node.inputs[1] && trip !== undefined && isKnown(trip) ? trip : null;
  return ctx.node.outputs.map((_, i) => {
    const out = outputs[i + 1];
    if (i < carried) return info(unionTypes(inputType(ctx, i + 2), out));
    if (out?.kind !== 'tensor') return info(out);
    return tensor(out.elemType, out.shape ? [iterations, ...out.shape] : undefined);
  });
};

const scan: InferFn = (ctx) => {
  const body = ctx.attr('body')?.g;
  if (!body) ctx.fail('the body is missing');
  const scanInputs = ctx.int('num_scan_inputs', 0);
  const offset = ctx.opset < 9 ? 1 : 0; // Scan-8 takes sequence_lens first
  const states = ctx.node.inputs.length - offset - scanInputs;
  const inputAxes = ctx.ints('scan_input_axes') ?? new Array(scanInputs).fill(0);
  const bodyInputs: (OnnxType | undefined)[] = [];
  let length: number | string | null = null;
  // Scan-8 batches everything: the body sees states and slices without the batch dim.
  const unbatch = (t: OnnxType | undefined) =>
    ctx.opset < 9 && t?.kind === 'tensor' && t.shape ? { ...t, shape: t.shape.slice(1) } : t;
  for (let i = 0; i < states; i++) bodyInputs.push(unbatch(inputType(ctx, offset + i)));
  for (let j = 0; j < scanInputs; j++) {
    const t = inputType(ctx, offset + states + j);
    if (t?.kind !== 'tensor' || !t.shape) {
      bodyInputs.push(t?.kind === 'tensor' ? { kind: 'tensor', elemType: t.elemType } : t);
      continue;
    }
    const a = (inputAxes[j] ?? 0) < 0 ? inputAxes[j] + t.shape.length : (inputAxes[j] ?? 0);
    if (ctx.opset < 9) {
      length ??= t.shape[1] ?? null;
      bodyInputs.push({ kind: 'tensor', elemType: t.elemType, shape: t.shape.slice(2) });
    } else {
      length ??= t.shape[a] ?? null;
      bodyInputs.push({ kind: 'tensor', elemType: t.elemType, shape: t.shape.filter((_, k) => k !== a) });
    }
  }
  const outputs = ctx.subgraph(body!, 'body', bodyInputs);
  const outputAxes = ctx.ints('scan_output_axes') ?? [];
  return ctx.node.outputs.map((_, i) => {
    const out = outputs[i];
    const batch = ctx.shape(offset + states)?.[0] ?? null;
    if (i < states && ctx.opset < 9 && out?.kind === 'tensor' && out.shape)
      return tensor(out.elemType, [batch, ...out.shape]);
    if (i < states || out?.kind !== 'tensor' || !out.shape) return info(out);
    const shape = [...out.shape];
    const raw = outputAxes[i - states] ?? 0;
    const a = raw < 0 ? raw + shape.length + 1 : raw;
    if (ctx.opset < 9) return tensor(out.elemType, [batch, length, ...shape]);
    shape.splice(a, 0, length);
    return tensor(out.elemType, shape);
  });
};

export const controlFlowOps: Record<string, InferFn> = { If: ifOp, Loop: loop, Scan: scan };
