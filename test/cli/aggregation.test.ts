// Node-level rules report one finding per (rule, model): the first node as anchor, every other node a related
// location in text/JSON/SARIF and LSP relatedInformation; the graph view still marks every node.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../../server/findings';
import { GraphModel } from '../../server/graph/build';
import { toDiagnostic } from '../../server/lsp/diagnostics';
import { readOnnxModel } from '../../server/onnx/reader';
import { corpusModels, debianPython, repoRoot } from '../support/paths';

const cli = path.join(repoRoot, 'dist/cli.js');
const check = (file: string, format: string) =>
  spawnSync(process.execPath, [cli, 'check', '--format', format, file], { encoding: 'utf8', cwd: repoRoot }).stdout;

test('no CLI output of a corpus model has more than one line per (rule, model) for node-level findings', () => {
  for (const file of corpusModels()) {
    const perRule = new Map<string, number>();
    for (const line of check(file, 'text').split('\n')) {
      const m = line.match(/^ {2}node .*\s(\S+\/\S+)$/);
      if (m) perRule.set(m[1], (perRule.get(m[1]) ?? 0) + 1);
    }
    for (const [rule, count] of perRule) assert.equal(count, 1, `${path.basename(file)}: ${rule} has ${count} lines`);
  }
});

test('fasterrcnn: one data-dependent-shape finding relates every NonZero/NonMaxSuppression node python3-onnx lists', () => {
  const file = corpusModels().find((f) => f.endsWith('fasterrcnn_mnv3_op11.onnx'))!;
  // Every such node of every graph (NonMaxSuppression sits in subgraphs), and those of the main graph.
  const script = `import onnx, sys, json
m = onnx.load(sys.argv[1], load_external_data=False)
def walk(g):
    for n in g.node:
        yield n
        for a in n.attribute:
            for sub in ([a.g] if a.HasField("g") else []) + list(a.graphs):
                yield from walk(sub)
pick = lambda nodes: [n.name for n in nodes if n.op_type in ("NonZero", "NonMaxSuppression")]
print(json.dumps([pick(walk(m.graph)), pick(m.graph.node)]))`;
  const [expected, inMainGraph]: string[][] = JSON.parse(
    spawnSync(debianPython, ['-c', script, file], { encoding: 'utf8' }).stdout,
  );
  assert.ok(expected.length > 1);

  const json = JSON.parse(check(file, 'json')) as { diagnostics: Finding[] };
  const found = json.diagnostics.filter((f) => f.ruleId === 'trt/data-dependent-shape');
  assert.equal(found.length, 1);
  const [finding] = found;
  const nodes = [finding.node!, ...finding.related!.map((r) => r.node!)];
  assert.deepEqual([...nodes].sort(), [...expected].sort());
  assert.match(finding.message, new RegExp(`also ${expected.length - 1} more node\\(s\\): `));
  // Each related node keeps its own message (NonMaxSuppression says why it is data-dependent).
  assert.ok(finding.related!.some((r) => /NonMaxSuppression output shape depends/.test(r.message)));

  const sarif = JSON.parse(check(file, 'sarif'));
  const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'trt/data-dependent-shape');
  assert.deepEqual(
    result.relatedLocations.map((l: { logicalLocations: { name: string }[] }) => l.logicalLocations[0].name),
    nodes.slice(1),
  );

  const diagnostic = toDiagnostic({ ...finding, file });
  assert.equal(diagnostic.relatedInformation!.length, expected.length); // the anchor node first, then the others

  const graph = new GraphModel('main', 't', file, readOnnxModel(file).graph!, [{ ...finding, file }]);
  const marked = graph.nodes.filter((n) => n.diagnostics.length > 0).map((n) => n.name);
  assert.deepEqual(marked.sort(), [...inMainGraph].sort());
  assert.ok(inMainGraph.length > 1);
});
