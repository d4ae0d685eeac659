// Adapters onnx 1.23's version converter registers for the changes from opset 18 on (read from
// onnx/version_converter/adapters/*.h and convert.h of the onnx 1.23.1 wheel); the older ones live in
// opset-adapters.ts, the shared helpers in adapter-kit.ts.
import type { OnnxType } from '../onnx/model';
import { dataTypeName } from '../onnx/data-types';
import {
  AdapterRefusal,
  attr,
  base,
  change,
  checkTypes,
  int64Raw,
  intOf,
  removeAttr,
  setAttr,
  stringOf,
  type Adapter,
} from './adapter-kit';
import type { WorkNode } from './work-graph';

/** q_dq_21_20.h: blocked quantization has no opset 20 form; block_size=0 is dropped. */
function dropBlockSize(node: WorkNode): string | undefined {
  const a = attr(node.spec, 'block_size');
  if (!a) return undefined;
  if (intOf(a) !== 0) throw new AdapterRefusal(`blocked quantization (block_size=${intOf(a)}) has no opset 20 form`);
  removeAttr(node, 'block_size');
  return 'attribute block_size removed';
}

/** cast_28_27.h, quantize_linear_28_27.h: a data-type attribute may not name a type the target lacks. */
function checkTypeAttribute(node: WorkNode, name: string, unallowed: string[] | undefined, required: boolean): void {
  const value = intOf(attr(node.spec, name));
  if (value === undefined) {
    if (required) throw new AdapterRefusal(`attribute "${name}" is missing`);
    return;
  }
  if (unallowed?.includes(dataTypeName(value)))
    throw new AdapterRefusal(`attribute ${name}=${dataTypeName(value)} names a type the older opset does not have`);
}

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

  QuantizeLinear_21_20: (g, node, entry) => {
    checkTypes(g, entry, [...node.spec.inputs, ...node.spec.outputs]);
    const parts = [dropBlockSize(node)];
    const dtype = attr(node.spec, 'output_dtype');
    if (dtype) {
      if (intOf(dtype) !== 2 && node.spec.inputs.length < 3)
        throw new AdapterRefusal(
          `output_dtype=${dataTypeName(intOf(dtype)!)} has no opset 20 form without a zero-point input`,
        );
      removeAttr(node, 'output_dtype');
      parts.push('attribute output_dtype removed');
    }
    return parts.filter(Boolean).join('; ') || undefined;
  },

  DequantizeLinear_21_20: (g, node, entry) => {
    checkTypes(g, entry, [...node.spec.inputs, ...node.spec.outputs]);
    return dropBlockSize(node);
  },

  // reduce_log_sum_27_28.h: only the data input and the outputs carry T (integers left T in opset 28).
  ReduceLogSum_27_28: (g, node, entry) => {
    checkTypes(g, entry, [...node.spec.inputs.slice(0, 1), ...node.spec.outputs]);
    return undefined;
  },

  Cast_28_27: (g, node, entry) => {
    checkTypes(g, entry, [...node.spec.inputs, ...node.spec.outputs]);
    checkTypeAttribute(node, 'to', entry.unallowedTypes, true);
    return undefined;
  },

  QuantizeLinear_28_27: (g, node, entry) => {
    checkTypes(g, entry, [...node.spec.inputs, ...node.spec.outputs]);
    checkTypeAttribute(node, 'output_dtype', entry.unallowedTypes, false);
    return undefined;
  },

  // convert.h's Mod 28 -> 27 lambda: with fmod=0 the input must be known and not a float (entry lists the floats).
  Mod_28_27: (g, node, entry) => {
    if (intOf(attr(node.spec, 'fmod'))) return undefined;
    const type = g.elemTypes.get(node.spec.inputs[0]);
    if (!type) throw new AdapterRefusal('Mod with fmod=0 and an unknown input type cannot be brought to opset 27');
    if (entry.unallowedTypes?.includes(type))
      throw new AdapterRefusal(`Mod with fmod=0 on ${type} inputs has no opset 27 form`);
    return undefined;
  },
};

/** Adapters of opsets 19..25: DFT's axis attribute <-> input, GridSample's mode names, Attention's new inputs. */
const OPSET_20_ADAPTERS: Record<string, Adapter> = {
  // axis_attribute_to_input.h (DFT 19 -> 20): the axis (or its default) becomes a constant input at `index`.
  AxisAttributeToInput: (g, node, entry) => {
    const [index, fallback] = entry.args!;
    const axis = intOf(attr(node.spec, 'axis')) ?? fallback;
    const input = g.addConstantBefore(node, base(node, 'axis'), { elemType: 'INT64', dims: [], raw: int64Raw([axis]) });
    removeAttr(node, 'axis');
    change(node, (s) => {
      while (s.inputs.length < index) s.inputs.push('');
      s.inputs.push(input);
    });
    return `axis=${axis} becomes input ${input}`;
  },

  // axis_input_to_attribute.h (DFT 20 -> 19): a constant axis input (or the default) becomes the attribute.
  AxisInputToAttribute: (g, node, entry) => {
    const [index, fallback] = entry.args!;
    const input = node.spec.inputs[index];
    if (input === undefined || input === '') {
      setAttr(node, { name: 'axis', type: 'INT', i: fallback });
      return `attribute axis set to ${fallback} (the default)`;
    }
    const values = g.constantValues(input)?.values;
    if (!values?.length)
      throw new AdapterRefusal(`the axis input "${input}" is computed at run time; opset ${entry.to} needs a constant`);
    change(node, (s) => s.inputs.splice(index, 1));
    setAttr(node, { name: 'axis', type: 'INT', i: values[0] });
    g.dropIfUnused(input);
    return `input ${input} becomes attribute axis=${values[0]}`;
  },

  // gridsample_19_20.h: the modes were renamed.
  GridSample_19_20: (_g, node) => {
    const mode = stringOf(attr(node.spec, 'mode'));
    const renamed = mode === 'bilinear' ? 'linear' : mode === 'bicubic' ? 'cubic' : undefined;
    if (!renamed) return undefined;
    setAttr(node, { name: 'mode', type: 'STRING', s: renamed });
    return `mode ${mode} becomes ${renamed}`;
  },

  // Attention_24_23.h: nonpad_kv_seqlen (input 7) came with opset 24.
  Attention_24_23: (_g, node) => {
    if (node.spec.inputs.length > 6) throw new AdapterRefusal('the nonpad_kv_seqlen input has no opset 23 form');
    return undefined;
  },

  // Attention_25_24.h: windowed attention came with opset 25; disabled windows (-1) are dropped.
  Attention_25_24: (_g, node) => {
    const removed: string[] = [];
    for (const name of ['left_window_size', 'right_window_size']) {
      const a = attr(node.spec, name);
      if (!a) continue;
      if (intOf(a) !== -1) throw new AdapterRefusal(`${name}=${intOf(a)}: windowed attention has no opset 24 form`);
      removeAttr(node, name);
      removed.push(name);
    }
    return removed.length ? `attribute(s) ${removed.join(', ')} removed (-1: disabled)` : undefined;
  },
};

const OPTIONAL_ADAPTERS: Record<string, Adapter> = {
  // optional_ops.h: the input's kind (optional or not, or none) and its tensor element type.
  OptionalOpsAdapter: (g, node, entry) => {
    const [allowOptional, allowPlain, allowNone] = [...(entry.flags ?? []), true, true, false].slice(0, 3);
    const input = node.spec.inputs[0];
    if (input === undefined || input === '') {
      if (!allowNone) throw new AdapterRefusal(`${entry.op} without an input has no opset ${entry.to} form`);
      if (attr(node.spec, 'type'))
        throw new AdapterRefusal(`the "type" attribute of ${entry.op} is not inspected by ModelReady`);
      return undefined;
    }
    const values = [...g.graph.inputs, ...g.graph.outputs, ...g.graph.valueInfo];
    const type: OnnxType | undefined = values.find((v) => v.name === input)?.type;
    const optional = type?.kind === 'optional';
    if (optional ? !allowOptional : !allowPlain)
      throw new AdapterRefusal(`${optional ? 'an optional' : 'a non-optional'} input has no opset ${entry.to} form`);
    let elem: OnnxType | undefined = optional ? type.elem : type;
    if (elem?.kind === 'sequence') elem = elem.elem;
    const elemType = elem?.kind === 'tensor' || elem?.kind === 'sparse_tensor' ? elem.elemType : undefined;
    if (elemType && entry.unallowedTypes?.includes(elemType))
      throw new AdapterRefusal(`"${input}" holds ${elemType}, which opset ${entry.to} does not allow for ${entry.op}`);
    return undefined;
  },
};

export function recentAdapterFor(kind: string): Adapter | undefined {
  return RECENT_ADAPTERS[kind] ?? OPSET_20_ADAPTERS[kind] ?? OPTIONAL_ADAPTERS[kind];
}
