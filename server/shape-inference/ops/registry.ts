// Which inference function handles an operator, by domain.
import type { InferFn } from '../types';
import { controlFlowOps } from './control-flow';
import { elementwiseOps } from './elementwise';
import { microsoftOps } from './microsoft';
import { miscOps } from './misc';
import { nnOps } from './nn';
import { reduceOps } from './reduce';
import { rnnOps } from './rnn';
import { shapeOps } from './shape-ops';
import { indexOps } from './index-ops';

// Maps: operator types are short interned strings, so a lookup reuses their cached hash.
const DEFAULT_DOMAIN = new Map<string, InferFn>(
  Object.entries({
    ...elementwiseOps,
    ...shapeOps,
    ...indexOps,
    ...nnOps,
    ...reduceOps,
    ...rnnOps,
    ...controlFlowOps,
    ...miscOps,
  }),
);
const MICROSOFT = new Map<string, InferFn>(Object.entries(microsoftOps));

export function inferenceFunction(domain: string, opType: string): InferFn | undefined {
  if (domain === 'ai.onnx') return DEFAULT_DOMAIN.get(opType);
  if (domain === 'com.microsoft') return MICROSOFT.get(opType);
  return undefined;
}
