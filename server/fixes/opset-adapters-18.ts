// Adapters onnx 1.23's version converter registers for the changes from opset 18 on (read from
// onnx/version_converter/adapters/*.h of onnx 1.23.0); the older ones live in opset-adapters.ts, the shared helpers in adapter-kit.ts.
import { AdapterRefusal, attr, intOf, removeAttr, setAttr, stringOf, type Adapter } from './adapter-kit';

const RECENT_ADAPTERS: Record<string, Adapter> = {
  // split_17_18.h: without a `split` input, opset 18 needs num_outputs.
  Split_17_18: (_g, node) => {
    if (attr(node.spec, 'num_outputs') || node.spec.inputs.length === 2) return undefined;
    const count = node.spec.outputs.length;
    setAttr(node, { name: 'num_outputs', type: 'INT', i: count });
    return `attribute num_outputs set to ${count}`;
  },

  // resize_18_17.h: axes, antialias != 0, keep_aspect_ratio_policy other than stretch and half_pixel_symmetric
  // have no opset 17 form; explicit defaults are dropped.
  Resize_18_17: (_g, node) => {
    if (attr(node.spec, 'axes')) throw new AdapterRefusal('Resize axes has no opset 17 form');
    const mode = stringOf(attr(node.spec, 'coordinate_transformation_mode'));
    if (mode === 'half_pixel_symmetric')
      throw new AdapterRefusal(`coordinate_transformation_mode=${mode} has no opset 17 form`);
    const antialias = attr(node.spec, 'antialias');
    if (antialias && intOf(antialias) !== 0)
      throw new AdapterRefusal(`antialias=${intOf(antialias)} has no opset 17 form`);
    const policy = attr(node.spec, 'keep_aspect_ratio_policy');
    if (policy && stringOf(policy) !== 'stretch')
      throw new AdapterRefusal(`keep_aspect_ratio_policy=${stringOf(policy)} has no opset 17 form (only stretch)`);
    const removed = [antialias && 'antialias', policy && 'keep_aspect_ratio_policy'].filter(Boolean);
    for (const name of removed) removeAttr(node, name as string);
    return removed.length ? `attribute(s) ${removed.join(', ')} removed (defaults)` : undefined;
  },

  // scatter_18_17.h: reduction max/min came with opset 18.
  Scatter_18_17: (_g, node) => {
    const reduction = stringOf(attr(node.spec, 'reduction'));
    if (reduction === 'max' || reduction === 'min')
      throw new AdapterRefusal(`reduction=${reduction} has no opset 17 form`);
    return undefined;
  },

  // range_27_26.h: a type restriction that also drops stash_type.
  Range_27_26: (g, node, entry) => {
    for (const name of [...node.spec.inputs, ...node.spec.outputs]) {
      const type = g.elemTypes.get(name);
      if (type && entry.unallowedTypes?.includes(type))
        throw new AdapterRefusal(`"${name}" is ${type}, which opset ${entry.to} does not allow for ${entry.op}`);
    }
    if (!attr(node.spec, 'stash_type')) return undefined;
    removeAttr(node, 'stash_type');
    return 'attribute stash_type removed';
  },
};

export function recentAdapterFor(kind: string): Adapter | undefined {
  return RECENT_ADAPTERS[kind];
}
