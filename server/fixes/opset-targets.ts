// The opsets "Convert opset" can offer for one model, each reachable or not with the converter's reason: a dry run of
// the converter (no file written), one walk up and one walk down from the model's opset. A target is reachable when
// no step on the way refuses a node; past the first refusing step every target in that direction is unreachable.
import type { OpsetTarget } from '../contract/analysis';
import type { OnnxModel } from '../onnx/model';
import { defaultOpset, groupRefusals, maxKnownOpset, OpsetConversionError, planOpsetConversion } from './opset-convert';

/** The oldest opset TensorRT's ONNX parser has ever accepted; older targets are not worth offering. */
export const OLDEST_OFFERED_OPSET = 7;

/** Newest first; the model's own opset is left out. Throws OpsetConversionError when the model has no plan at all. */
export function opsetTargets(model: OnnxModel, oldest = OLDEST_OFFERED_OPSET): OpsetTarget[] {
  const from = defaultOpset(model);
  if (from === undefined)
    throw new OpsetConversionError(undefined, `${model.path}: the model imports no default-domain opset`);
  const found = new Map<number, OpsetTarget>();
  const walk = (to: number) => {
    if (to === from) return;
    planOpsetConversion(model, to, (reached, plan) => {
      const first = groupRefusals(plan.refusals, 1)[0];
      found.set(
        reached,
        first
          ? {
              opset: reached,
              reachable: false,
              reason: `${first.opType} ${first.nodes[0]}${first.count > 1 ? ` and ${first.count - 1} more` : ''} at step ${first.step}: ${first.reason}`,
            }
          : { opset: reached, reachable: true, changes: plan.changes.length },
      );
    });
  };
  walk(maxKnownOpset());
  walk(Math.min(oldest, from));
  const targets: OpsetTarget[] = [];
  for (let opset = maxKnownOpset(); opset >= oldest; opset--) {
    const target = found.get(opset);
    if (target) targets.push(target);
  }
  return targets;
}
