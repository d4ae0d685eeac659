// Source links in the graph view's host session, on the dynamo export made on the device (test/fixtures/diff/
// base-dynamo.onnx, exported by scripts/gen-diff-pairs.py; its nodes record that script's lines on the exporting
// machine's path): a node's details carry its module path and `file:line`, and `graph/openSource` opens that line
// of the script found in this checkout. The page names a node only; the host opens the file it resolved.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { GraphHostMessage, GraphNode } from '../contract/graph-view';
import { readOnnxModel } from '../onnx/reader';
import { repoRoot, scratchDir } from '../../test/support/paths';
import { GraphSession } from './session';

const MODEL = path.join(repoRoot, 'test/fixtures/diff/base-dynamo.onnx');
const SCRIPT = path.join(repoRoot, 'scripts/gen-diff-pairs.py');
const lineOf = (file: string, oneBased: number) => fs.readFileSync(file, 'utf8').split('\n')[oneBased - 1];

function openSession(sourceRoot?: string) {
  const posted: GraphHostMessage[] = [];
  const opened: { file: string; line: number }[] = [];
  const refused: string[] = [];
  const session = new GraphSession(
    readOnnxModel(MODEL),
    [],
    {
      post: (m) => void posted.push(m),
      onInvalid: (reason) => refused.push(reason),
      openSource: (file, line) => opened.push({ file, line }),
    },
    { sourceRoot },
  );
  session.receive({ type: 'graph/requestGroups', graphId: 'main', groupIds: session.main.allGroupIds() });
  const groups = posted.find((m) => m.type === 'graph/groups');
  assert.ok(groups?.type === 'graph/groups');
  const byName = new Map<string, GraphNode>(groups.contents.flatMap((c) => c.nodes).map((n) => [n.name, n]));
  return { session, posted, opened, refused, byName };
}

test('node details carry the module path and the source line; graph/openSource opens that line', () => {
  const { session, posted, opened, byName } = openSession(repoRoot);
  const head = byName.get('node_linear_2')!;
  assert.equal(head.source?.modulePath, 'head');
  assert.equal(head.source?.linked, true);
  const [file, line] = head.source!.location!.split(':');
  assert.equal(file, 'scripts/gen-diff-pairs.py');
  assert.match(lineOf(SCRIPT, Number(line)), /return self\.head\(hidden\)/);
  const fc1 = byName.get('node_linear')!;
  assert.equal(fc1.source?.modulePath, 'encoder.fc1');
  assert.match(lineOf(SCRIPT, Number(fc1.source!.location!.split(':')[1])), /self\.fc1\(x\)/);
  assert.equal(byName.get('input')?.source, undefined, 'graph inputs have no source');

  session.receive({ type: 'graph/openSource', graphId: 'main', nodeId: head.id });
  assert.deepEqual(opened, [{ file: SCRIPT, line: Number(line) }]);
  assert.equal(posted.filter((m) => m.type === 'graph/error').length, 0);
});

test('a forged openSource (a path, a line, a node without source) opens nothing and is answered with an error', () => {
  const { session, posted, opened, refused, byName } = openSession(repoRoot);
  const head = byName.get('node_linear_2')!;
  session.receive({ type: 'graph/openSource', graphId: 'main', nodeId: head.id, file: '/etc/passwd' });
  session.receive({ type: 'graph/openSource', graphId: 'main', nodeId: head.id, line: 1 });
  assert.deepEqual(refused, ['graph/openSource: unexpected field "file"', 'graph/openSource: unexpected field "line"']);
  const input = [...byName.values()].find((n) => n.kind === 'input')!;
  session.receive({ type: 'graph/openSource', graphId: 'main', nodeId: input.id });
  session.receive({ type: 'graph/openSource', graphId: 'main', nodeId: 99_999 });
  session.receive({ type: 'graph/openSource', graphId: 'nope', nodeId: head.id });
  assert.deepEqual(opened, []);
  assert.equal(posted.filter((m) => m.type === 'graph/error').length, 5);
});

test('a script outside the workspace is shown as recorded, not linked, and never opened', () => {
  const outside = scratchDir('source-outside');
  const { session, opened, byName } = openSession(outside);
  const head = byName.get('node_linear_2')!;
  assert.equal(head.source?.modulePath, 'head');
  assert.equal(head.source?.linked, undefined);
  assert.match(head.source!.location!, /gen-diff-pairs\.py:\d+$/);
  session.receive({ type: 'graph/openSource', graphId: 'main', nodeId: head.id });
  assert.deepEqual(opened, []);
  fs.rmSync(outside, { recursive: true, force: true });
});
