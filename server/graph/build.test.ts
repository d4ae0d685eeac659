// The graph model built from real corpus models: every node placed once, groups no larger than the split
// limit, every producer->consumer link accounted for in exactly one group's edges, findings on the right nodes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Finding } from '../findings';
import { readOnnxModel } from '../onnx/reader';
import { corpusModels, debianPython, scratchDir } from '../../test/support/paths';
import { GraphModel, MAX_GROUP_CHILDREN, INITIAL_VISIBLE_BUDGET, PART_SIZE, scopeSegments } from './build';

function build(file: string, findings: Finding[] = []): GraphModel {
  const model = readOnnxModel(file);
  return new GraphModel('main', path.basename(file), file, model.graph!, findings);
}

/** A chain of `blocks` scoped blocks (block{i}/MatMul, ...), written by python3-onnx. */
function syntheticModel(blocks: number): string {
  const dir = scratchDir('graph-build');
  const file = path.join(dir, `chain_${blocks}.onnx`);
  const script = `
import sys, onnx
from onnx import helper, TensorProto
nodes = []
x = "input"
for i in range(${blocks}):
    nodes.append(helper.make_node("Relu", [x], [f"r{i}"], name=f"/block{i}/Relu"))
    nodes.append(helper.make_node("Neg", [f"r{i}"], [f"n{i}"], name=f"/block{i}/Neg"))
    x = f"n{i}"
g = helper.make_graph(nodes, "chain", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 4])],
                      [helper.make_tensor_value_info(x, TensorProto.FLOAT, [1, 4])])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]), sys.argv[1])
`;
  const run = spawnSync(debianPython, ['-c', script, file], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return file;
}

describe('graph model', () => {
  test('scope segments come from the node name, the last segment is the node itself', () => {
    assert.deepEqual(scopeSegments('/encoder/layer.3/attention/MatMul'), ['encoder', 'layer.3', 'attention']);
    assert.deepEqual(scopeSegments('MatMul_12'), []);
    assert.deepEqual(scopeSegments('block7/Add'), ['block7']);
  });

  for (const file of corpusModels()) {
    test(`${path.basename(file)}: nodes, groups and edges are consistent`, () => {
      const model = readOnnxModel(file);
      const graph = build(file);
      const skeleton = graph.skeleton();
      const initializers = new Set(model.graph!.initializers.map((t) => t.name));
      const graphInputs = model.graph!.inputs.filter((i) => !initializers.has(i.name)).length;
      assert.equal(skeleton.nodeCount, model.graph!.nodes.length + graphInputs + model.graph!.outputs.length);

      // Every node sits in exactly one group's content; no layout exceeds the limit.
      const placed = new Map<number, number>();
      let edgeTotal = 0;
      for (const group of skeleton.groups) {
        const content = graph.content(group.id)!;
        assert.ok(
          content.nodes.length + content.childGroups.length <= MAX_GROUP_CHILDREN,
          `group ${group.path} too big`,
        );
        for (const n of content.nodes) {
          assert.equal(placed.has(n.id), false, `node ${n.id} placed twice`);
          placed.set(n.id, group.id);
        }
        for (const e of content.edges) edgeTotal += e.count;
        for (const child of content.childGroups) assert.equal(skeleton.groups[child].parent, group.id);
      }
      assert.equal(placed.size, skeleton.nodeCount);
      assert.equal(skeleton.groups[0].nodeCount, skeleton.nodeCount);

      // Every link producer -> consumer (counted straight from the reader's model) is in one group's edges.
      const producers = new Set<string>([
        ...model.graph!.inputs.filter((i) => !initializers.has(i.name)).map((i) => i.name),
      ]);
      for (const n of model.graph!.nodes) for (const o of n.outputs) if (o) producers.add(o);
      let links = 0;
      for (const n of model.graph!.nodes)
        for (const i of n.inputs) if (i && producers.has(i) && !n.outputs.includes(i)) links++;
      links += model.graph!.outputs.filter((o) => producers.has(o.name)).length;
      assert.equal(edgeTotal, links);
    });
  }

  test('findings land on the named nodes and are counted up the groups', () => {
    const file = corpusModels().find((f) => f.includes('bert_base'))!;
    const model = readOnnxModel(file);
    const softmax = model.graph!.nodes.filter((n) => n.opType === 'Softmax');
    assert.ok(softmax.length > 0);
    const findings: Finding[] = softmax.map((n) => ({
      ruleId: 'test/softmax',
      severity: 'warning',
      message: 'x',
      file,
      node: n.name,
    }));
    findings.push({ ruleId: 'test/model', severity: 'error', message: 'whole model', file });
    const graph = build(file, findings);
    const skeleton = graph.skeleton();
    assert.equal(skeleton.groups[0].problems.warning, softmax.length);
    const marked = graph.nodes.filter((n) => n.diagnostics.length > 0);
    assert.deepEqual(marked.map((n) => n.name).sort(), softmax.map((n) => n.name).sort());
    assert.equal(skeleton.diagnostics.filter((d) => d.node === -1).length, 1);
    // A group's count equals the marked nodes in its subtree.
    for (const group of skeleton.groups) {
      const inside = marked.filter((n) => {
        for (let g = n.group; g >= 0; g = skeleton.groups[g].parent) if (g === group.id) return true;
        return false;
      });
      assert.equal(group.problems.warning, inside.length, group.path);
    }
  });

  test('a scope with very many children is split into parts of at most the limit', () => {
    const graph = build(syntheticModel(1200));
    const skeleton = graph.skeleton();
    const root = graph.content(0)!;
    const parts = root.childGroups.map((g) => skeleton.groups[g]).filter((g) => g.label.startsWith('part '));
    assert.ok(parts.length >= 3, `expected the 1202 root children split, got ${parts.length} parts`);
    for (const g of skeleton.groups) {
      const c = graph.content(g.id)!;
      assert.ok(c.nodes.length + c.childGroups.length <= MAX_GROUP_CHILDREN);
    }
    // The first view stays bounded, not 2402 nodes: the collapsed parts would be a handful of boxes, so one part
    // opens past the budget (a part holds at most PART_SIZE boxes).
    const visible = skeleton.initiallyExpanded.reduce(
      (sum, g) => sum + graph.content(g)!.nodes.length + graph.content(g)!.childGroups.length,
      0,
    );
    assert.ok(visible >= INITIAL_VISIBLE_BUDGET / 2, `first view shows ${visible} boxes, a useful first screen`);
    assert.ok(visible <= INITIAL_VISIBLE_BUDGET + PART_SIZE, `first view shows ${visible} boxes, bounded`);
    fs.rmSync(path.dirname(graph.modelPath), { recursive: true, force: true });
  });

  test('ports carry shape and dtype from value_info and initializers', () => {
    const file = corpusModels().find((f) => f.includes('bert_base'))!;
    const graph = build(file);
    const input = graph.nodes.find((n) => n.kind === 'input')!;
    assert.match(input.outputs[0].dtype ?? '', /INT64|FLOAT/);
    assert.ok(input.outputs[0].shape);
    const withWeight = graph.nodes.find((n) => n.inputs.some((p) => p.initializer))!;
    const weight = withWeight.inputs.find((p) => p.initializer)!;
    assert.ok(weight.shape && weight.dtype, 'initializer ports have dims and type');
  });

  test('a finding on an unnamed node (labelled <OpType>#<index> by the rules) marks that node', () => {
    const dir = scratchDir('graph-build');
    const file = path.join(dir, 'unnamed.onnx');
    const script = `
import sys, onnx
from onnx import helper, TensorProto
nodes = [helper.make_node("Relu", ["x"], ["a"]), helper.make_node("Identity", ["a"], ["b"]), helper.make_node("Identity", ["b"], ["y"])]
g = helper.make_graph(nodes, "unnamed", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])], [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]), sys.argv[1])
`;
    const run = spawnSync(debianPython, ['-c', script, file], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const graph = build(file, [
      { ruleId: 'simplify/identity', severity: 'info', message: 'x', file, node: 'Identity#2' },
    ]);
    const marked = graph.nodes.filter((n) => n.diagnostics.length > 0);
    assert.equal(marked.length, 1);
    assert.equal(marked[0].op, 'Identity');
    assert.deepEqual(
      marked[0].outputs.map((p) => p.tensor),
      ['y'],
    );
  });
});
