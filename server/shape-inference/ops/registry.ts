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

const DEFAULT_DOMAIN: Record<string, InferFn> = {
  ...elementwiseOps,
  ...shapeOps,
  ...indexOps,
  ...nnOps,
  ...reduceOps,
  ...rnnOps,
  ...controlFlowOps,
  ...miscOps,
};

export function inferenceFunction(domain: string, opType: string): InferFn | undefined {
  if (domain === 'ai.onnx') return Object.hasOwn(DEFAULT_DOMAIN, opType) ? DEFAULT_DOMAIN[opType] : undefined;
  if (domain === 'com.microsoft') return Object.hasOwn(microsoftOps, opType) ? microsoftOps[opType] : undefined;
  return undefined;
}
