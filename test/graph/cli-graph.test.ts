// `modelready graph` through the built CLI on corpus models, and the SVG writer's problem marks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Finding } from '../../server/findings';
import { GraphModel } from '../../server/graph/build';
import { layoutGroup } from '../../common/graph-drawing/layout';
import { buildScene } from '../../common/graph-drawing/scene';
import { sceneToSvg } from '../../common/graph-drawing/svg';
import { readOnnxModel } from '../../server/onnx/reader';
import { corpusModels, repoRoot, scratchDir } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const dir = scratchDir('cli-graph');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function unescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function titles(svg: string): string[] {
  return [...svg.matchAll(/<g class="node"[^>]*><title>([^<]*)<\/title>/g)].map((m) => unescape(m[1]));
}

function graph(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, 'graph', ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('modelready graph', () => {
  for (const name of ['resnet50_op17', 'bert_base_op14']) {
    test(`${name}: --expand all draws every ONNX node with its name`, () => {
      const file = corpusModels().find((f) => path.basename(f) === `${name}.onnx`)!;
      const out = path.join(dir, `${name}.svg`);
      const run = graph([file, '--out', out, '--expand', 'all']);
      assert.equal(run.status, 0, run.stderr);
      const svg = fs.readFileSync(out, 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const drawn = new Set(titles(svg));
      const model = readOnnxModel(file);
      for (const node of model.graph!.nodes)
        assert.ok(drawn.has(`${node.opType} ${node.name}`), `missing ${node.name}`);
      // Edges carry inferred types though the export stores no value_info.
      assert.match(svg, name === 'resnet50_op17' ? />f32 \[batch,64,112,112\]</ : />f32 \[batch,seq,768\]</);
    });
  }

  test('--expand none draws collapsed groups; --expand 1 draws more than none and fewer than all', () => {
    const file = corpusModels().find((f) => f.includes('bert_base'))!;
    const count = (expand: string): number => {
      const out = path.join(dir, `bert-${expand}.svg`);
      assert.equal(graph([file, '--out', out, '--expand', expand]).status, 0);
      return titles(fs.readFileSync(out, 'utf8')).length;
    };
    const none = count('none');
    const one = count('2');
    const all = count('all');
    assert.ok(none < one && one < all, `${none} < ${one} < ${all}`);
    assert.match(fs.readFileSync(path.join(dir, 'bert-none.svg'), 'utf8'), /class="group"/);
  });

  test('bad input: usage errors exit 2, an unreadable model names the file', () => {
    assert.equal(graph(['x.onnx']).status, 2);
    assert.match(graph(['x.onnx', '--out', 'y.svg', '--expand', 'deep']).stderr, /--expand must be/);
    const garbage = path.join(dir, 'garbage.onnx');
    fs.writeFileSync(garbage, 'this is not protobuf at all \u0000\u0001');
    const run = graph([garbage, '--out', path.join(dir, 'g.svg')]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /garbage\.onnx/);
    assert.equal(fs.existsSync(path.join(dir, 'g.svg')), false);
  });
});

test('SVG marks nodes with findings by severity and escapes hostile names', async () => {
  const file = corpusModels().find((f) => f.includes('resnet50_op17'))!;
  const model = readOnnxModel(file);
  const convs = model.graph!.nodes.filter((n) => n.opType === 'Conv').slice(0, 3);
  const findings: Finding[] = convs.map((n, i) => ({
    ruleId: 'test/rule',
    severity: i === 0 ? 'error' : 'warning',
    message: 'm',
    file,
    node: n.name,
  }));
  model.graph!.nodes[0].name = '<script>alert("x")</script>&';
  const g = new GraphModel('main', 't', file, model.graph!, findings);
  const scene = await buildScene({
    skeleton: g.skeleton(),
    content: (id) => g.content(id),
    expanded: new Set(g.allGroupIds()),
    layout: async (r) => layoutGroup(r),
  });
  const svg = sceneToSvg(scene);
  assert.equal((svg.match(/class="node" data-key="n\d+" data-severity="error"/g) ?? []).length, 1);
  assert.equal((svg.match(/class="node" data-key="n\d+" data-severity="warning"/g) ?? []).length, 2);
  assert.doesNotMatch(svg, /<script>/);
  assert.ok(titles(svg).some((t) => t.includes('<script>alert("x")</script>&')));
});
