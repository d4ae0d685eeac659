// Recurrent layers (LSTM, GRU, RNN): sequence output and final states, both layouts.
import type { Dim } from '../../onnx/model';
import type { InferFn } from '../types';
import { tensor } from '../types';

const recurrent: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const elemType = ctx.elemType(0);
  const directions = ctx.string('direction') === 'bidirectional' ? 2 : 1;
  const hidden: Dim = ctx.int('hidden_size') ?? ctx.shape(2)?.[ctx.node.opType === 'LSTM' ? 2 : 2] ?? null;
  const layout = ctx.int('layout', 0);
  if (!x) return ctx.node.outputs.map(() => tensor(elemType));
  if (x.length !== 3) ctx.fail(`input X must have rank 3, has ${x.length}`);
  const [seq, batch] = layout === 0 ? [x[0], x[1]] : [x[1], x[0]];
  const y = layout === 0 ? [seq, directions, batch, hidden] : [batch, seq, directions, hidden];
  const state = layout === 0 ? [directions, batch, hidden] : [batch, directions, hidden];
  return [tensor(elemType, y), tensor(elemType, state), tensor(elemType, state)].slice(0, ctx.node.outputs.length);
};

export const rnnOps: Record<string, InferFn> = { LSTM: recurrent, GRU: recurrent, RNN: recurrent };
