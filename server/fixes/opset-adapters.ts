// One adapter per operator version change of the default domain, mirroring the changes onnx's
// version converter knows (which change needs which adapter comes from opset-adapters.json,
// generated from onnx's registry by scripts/gen-opset-adapters.py). An adapter edits one node in
// a WorkGraph and returns a sentence saying what changed, or throws AdapterRefusal saying why it
// cannot convert this node without changing what it computes.
import {
  AdapterRefusal,
  attr,
  base,
  change,
  checkTypes,
  floatOf,
  floatRaw,
  floatsOf,
  inputToIntsAttribute,
  int64Raw,
  intOf,
  intsAttributeToInput,
  intsOf,
  removeAttr,
  setAttr,
  stringOf,
  type Adapter,
} from './adapter-kit';
import { schemaAt } from '../knowledge/onnx-schemas';

const ADAPTERS: Record<string, Adapter> = {
  CompatibleAdapter: () => undefined,

  TypeRestriction: (g, node, entry) => {
    checkTypes(g, entry, [...node.spec.inputs, ...node.spec.outputs]);
    return undefined;
  },

  RemoveAttribute: (_g, node, entry) => {
    const a = attr(node.spec, entry.attribute!);
    if (!a) return undefined;
    const value = typeof entry.value === 'string' ? stringOf(a) : intOf(a);
    if (entry.value !== undefined && value !== entry.value)
      throw new AdapterRefusal(
        `attribute ${entry.attribute}=${value} has no equivalent in opset ${entry.to} (only ${entry.value})`,
      );
    removeAttr(node, entry.attribute!);
    return `attribute ${entry.attribute} removed`;
  },

  RemoveAttributeNotEq: (_g, node, entry) => {
    const a = attr(node.spec, entry.attribute!);
    if (!a) return undefined;
    if (intOf(a) === entry.value)
      throw new AdapterRefusal(`attribute ${entry.attribute}=${entry.value} has no equivalent in opset ${entry.to}`);
    removeAttr(node, entry.attribute!);
    return `attribute ${entry.attribute} removed`;
  },

  SetAttribute: (_g, node, entry) => {
    const v = entry.value!;
    setAttr(
      node,
      Array.isArray(v)
        ? { name: entry.attribute!, type: 'INTS', ints: v }
        : typeof v === 'string'
          ? { name: entry.attribute!, type: 'STRING', s: v }
          : { name: entry.attribute!, type: 'INT', i: v },
    );
    return `attribute ${entry.attribute} set to ${JSON.stringify(v)}`;
  },

  SetAttributeIfAbsent: (g, node, entry) =>
    attr(node.spec, entry.attribute!) ? undefined : ADAPTERS.SetAttribute(g, node, entry),

  AxesAttributeToInput: (g, node) => intsAttributeToInput(g, node, 'axes', false),
  // onnx's adapter keeps noop_with_empty_axes, which the older Reduce* schemas do not define (onnxruntime then
  // rejects the model); ModelReady drops it where it changes nothing, a listed disagreement with onnx 1.23.1.
  AxesInputToAttribute: (g, node, entry) => {
    const moved = inputToIntsAttribute(g, node, 1, 'axes');
    const noop = attr(node.spec, 'noop_with_empty_axes');
    if (!noop || schemaAt('', entry.op, entry.to)?.attributes.some((a) => a.name === 'noop_with_empty_axes'))
      return moved;
    if (intOf(noop) === 1 && !intsOf(attr(node.spec, 'axes'))?.length)
      throw new AdapterRefusal(`noop_with_empty_axes=1 without axes has no opset ${entry.to} form`);
    removeAttr(node, 'noop_with_empty_axes');
    return [moved, `attribute noop_with_empty_axes removed (opset ${entry.to} does not define it)`]
      .filter(Boolean)
      .join('; ');
  },
  Split_12_13: (g, node) => intsAttributeToInput(g, node, 'split', false),
  Split_13_12: (g, node) => inputToIntsAttribute(g, node, 1, 'split'),

  Slice_9_10: (g, node) => {
    const parts = [
      intsAttributeToInput(g, node, 'starts', true),
      intsAttributeToInput(g, node, 'ends', true),
      intsAttributeToInput(g, node, 'axes', false),
    ];
    return parts.filter(Boolean).join('; ');
  },

  TopK_9_10: (g, node) => {
    const k = intOf(attr(node.spec, 'k'));
    if (k === undefined) throw new AdapterRefusal('attribute "k" is missing');
    const input = g.addConstantBefore(node, base(node, 'k'), { elemType: 'INT64', dims: [1], raw: int64Raw([k]) });
    removeAttr(node, 'k');
    change(node, (s) => s.inputs.push(input));
    return `attribute k=${k} becomes input ${input}`;
  },

  Clip_10_11: (g, node) => {
    const min = floatOf(attr(node.spec, 'min'));
    const max = floatOf(attr(node.spec, 'max'));
    const parts: string[] = [];
    const addInput = (what: string, value: number) => {
      const input = g.addConstantBefore(node, base(node, what), {
        elemType: 'FLOAT',
        dims: [],
        raw: floatRaw([value]),
      });
      change(node, (s) => s.inputs.push(input));
      parts.push(`${what}=${value} becomes input ${input}`);
    };
    if (min !== undefined) addInput('min', min);
    if (max !== undefined) {
      if (min === undefined) addInput('min', -3.4028234663852886e38);
      addInput('max', max);
    }
    removeAttr(node, 'min');
    removeAttr(node, 'max');
    return parts.join('; ') || undefined;
  },

  Pad_10_11: (g, node) => {
    const pads = intsOf(attr(node.spec, 'pads'), g);
    if (!pads) throw new AdapterRefusal('attribute "pads" is missing');
    const padsInput = g.addInitializer(base(node, 'pads'), {
      elemType: 'INT64',
      dims: [pads.length],
      raw: int64Raw(pads),
    });
    removeAttr(node, 'pads');
    change(node, (s) => s.inputs.push(padsInput));
    const mode = stringOf(attr(node.spec, 'mode')) ?? 'constant';
    let described = `attribute pads becomes initializer ${padsInput}`;
    if (mode === 'constant') {
      const value = floatOf(attr(node.spec, 'value')) ?? 0;
      const valueInput = g.addConstantBefore(node, base(node, 'value'), {
        elemType: 'FLOAT',
        dims: [],
        raw: floatRaw([value]),
      });
      removeAttr(node, 'value');
      change(node, (s) => s.inputs.push(valueInput));
      described += `; value=${value} becomes input ${valueInput}`;
    }
    return described;
  },

  Dropout_11_12: (g, node) => {
    const ratio = floatOf(attr(node.spec, 'ratio')) ?? 0.5;
    const input = g.addConstantBefore(node, base(node, 'ratio'), {
      elemType: 'FLOAT',
      dims: [],
      raw: floatRaw([ratio]),
    });
    removeAttr(node, 'ratio');
    change(node, (s) => s.inputs.push(input));
    return `attribute ratio=${ratio} becomes input ${input}`;
  },

  BatchNormalization_13_14: (_g, node) => {
    if (node.spec.outputs.filter((o) => o !== '').length >= 4)
      throw new AdapterRefusal('outputs 4 and 5 (saved mean/variance) do not exist in opset 14');
    return undefined;
  },

  Softmax_12_13: (g, node) => {
    const shape = g.shapes.get(node.spec.inputs[0]);
    let axis = intOf(attr(node.spec, 'axis')) ?? 1;
    if (!shape)
      throw new AdapterRefusal(
        `the rank of input "${node.spec.inputs[0]}" is unknown; ${node.spec.opType}'s axis semantics changed in opset 13`,
      );
    if (axis < 0) axis += shape.length;
    if (axis === shape.length - 1) {
      setAttr(node, { name: 'axis', type: 'INT', i: -1 });
      return 'axis becomes -1 (same axis, opset 13 semantics)';
    }
    // Opset 12 coerced the input to 2-D at `axis`: Flatten, normalize the last axis, Reshape back.
    if (shape.some((d) => typeof d !== 'number'))
      throw new AdapterRefusal(
        `input "${node.spec.inputs[0]}" has dynamic dims and axis ${axis} is not the last; the reshape back needs a static shape`,
      );
    const output = node.spec.outputs[0];
    const flat = g.uniqueName(base(node, 'flatten'));
    g.insertBefore(node, {
      name: flat,
      opType: 'Flatten',
      domain: '',
      inputs: [node.spec.inputs[0]],
      outputs: [flat],
      attributes: [{ name: 'axis', type: 'INT', i: axis }],
    });
    const shapeInput = g.addConstantBefore(node, base(node, 'shape'), {
      elemType: 'INT64',
      dims: [shape.length],
      raw: int64Raw(shape as number[]),
    });
    const intermediate = g.uniqueName(`${output}_intermediate`);
    change(node, (s) => {
      s.inputs[0] = flat;
      s.outputs[0] = intermediate;
    });
    setAttr(node, { name: 'axis', type: 'INT', i: axis === 0 ? 1 : -1 });
    g.insertAfter(node, {
      name: g.uniqueName(base(node, 'reshape')),
      opType: 'Reshape',
      domain: '',
      inputs: [intermediate, shapeInput],
      outputs: [output],
      attributes: [],
    });
    return `axis ${axis} is not the last: wrapped in Flatten(axis=${axis}) and Reshape to [${shape.join(',')}]`;
  },

  Upsample_8_9: (g, node) => {
    const scales = floatsOf(attr(node.spec, 'scales'));
    if (!scales) return undefined;
    const input = g.addConstantBefore(node, base(node, 'scales'), {
      elemType: 'FLOAT',
      dims: [scales.length],
      raw: floatRaw(scales),
    });
    removeAttr(node, 'scales');
    change(node, (s) => s.inputs.push(input));
    return `attribute scales becomes input ${input}`;
  },

  Upsample_9_10: (_g, node) => {
    const mode = stringOf(attr(node.spec, 'mode')) ?? 'nearest';
    change(node, (s) => {
      s.opType = 'Resize';
      s.inputs = s.inputs.slice(0, 2);
      s.attributes = [{ name: 'mode', type: 'STRING', s: mode }];
    });
    return `Upsample becomes Resize(mode=${mode})`;
  },

  Resize_10_11: (g, node) => {
    const shape = g.shapes.get(node.spec.inputs[0]);
    if (!shape)
      throw new AdapterRefusal(
        `the rank of input "${node.spec.inputs[0]}" is unknown; Resize-11 needs a roi of 2*rank values`,
      );
    const roi = g.addConstantBefore(node, base(node, 'roi'), {
      elemType: 'FLOAT',
      dims: [2 * shape.length],
      raw: floatRaw([...shape.map(() => 0), ...shape.map(() => 1)]),
    });
    change(node, (s) => (s.inputs = [s.inputs[0], roi, s.inputs[1]]));
    return `roi input ${roi} added; scales becomes input 2`;
  },

  Scatter_10_11: (_g, node) => {
    const axis = intOf(attr(node.spec, 'axis')) ?? 0;
    change(node, (s) => {
      s.opType = 'ScatterElements';
      s.attributes = [{ name: 'axis', type: 'INT', i: axis }];
    });
    return 'Scatter becomes ScatterElements';
  },

  // Opset 7 made broadcasting numpy-style: the old `broadcast`/`axis` pair goes; a B aligned at an
  // axis other than the trailing one is unsqueezed so numpy broadcasting lines it up the same way.
  BroadcastForwardCompatibility: (g, node) => {
    const broadcast = attr(node.spec, 'broadcast');
    const axis = intOf(attr(node.spec, 'axis'));
    const parts: string[] = [];
    if (broadcast && axis !== undefined) {
      const a = g.shapes.get(node.spec.inputs[0]);
      const b = g.shapes.get(node.spec.inputs[1]);
      if (!a || !b)
        throw new AdapterRefusal(`broadcast with axis=${axis} needs the ranks of both inputs, which are unknown`);
      if (axis !== a.length - b.length) {
        const axes = Array.from({ length: Math.max(0, a.length - b.length) }, (_, i) => b.length + i);
        const out = g.uniqueName(base(node, 'unsqueeze'));
        g.insertBefore(node, {
          name: out,
          opType: 'Unsqueeze',
          domain: '',
          inputs: [node.spec.inputs[1]],
          outputs: [out],
          attributes: [{ name: 'axes', type: 'INTS', ints: axes }],
        });
        change(node, (s) => (s.inputs[1] = out));
        parts.push(`input B unsqueezed at axes [${axes.join(',')}]`);
      }
    }
    if (broadcast) {
      removeAttr(node, 'broadcast');
      parts.push('attribute broadcast removed');
    }
    if (axis !== undefined) {
      removeAttr(node, 'axis');
      parts.push('attribute axis removed');
    }
    return parts.join('; ') || undefined;
  },

  Gemm_6_7: (_g, node) =>
    attr(node.spec, 'broadcast') ? (removeAttr(node, 'broadcast'), 'attribute broadcast removed') : undefined,
};

export function adapterFor(kind: string): Adapter | undefined {
  return ADAPTERS[kind];
}
