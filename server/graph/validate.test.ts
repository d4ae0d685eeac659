// The host's runtime check of webview messages: accepts exactly the contract's shapes, refuses the rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkGraphViewMessage, MAX_EXPORT_CHARS } from './validate';

test('valid messages pass unchanged', () => {
  const messages = [
    { type: 'graph/ready' },
    { type: 'graph/painted' },
    { type: 'graph/requestGroups', graphId: 'main', groupIds: [0, 3, 17] },
    { type: 'graph/openSubgraph', graphId: 'main', nodeId: 4, attribute: 'then_branch' },
    { type: 'graph/requestDocs', op: 'Conv', domain: '' },
    { type: 'graph/applyFix', graphId: 'main', nodeName: '/a/Conv', ruleId: 'r', fixId: 'f' },
    { type: 'graph/export', format: 'svg', data: '<svg/>' },
    { type: 'graph/revealInEngine', nodeName: 'Conv_22' },
    { type: 'graph/openSource', graphId: 'main', nodeId: 12 },
  ];
  for (const m of messages) assert.deepEqual(checkGraphViewMessage(m), { ok: true, value: m });
});

test('malformed, unknown, oversized and extra-field messages are refused with a reason', () => {
  const bad: [unknown, RegExp][] = [
    [null, /not an object/],
    ['graph/ready', /not an object/],
    [[], /not an object/],
    [{ type: 'graph/evil' }, /unknown message type/],
    [{ type: '__proto__' }, /unknown message type/],
    [{ type: 'toString' }, /unknown message type/],
    [{ type: 'graph/requestGroups', graphId: 'main', groupIds: [-1] }, /groupIds/],
    [{ type: 'graph/requestGroups', graphId: 'main', groupIds: [1.5] }, /groupIds/],
    [{ type: 'graph/requestGroups', graphId: 'main', groupIds: '1' }, /groupIds/],
    [{ type: 'graph/requestGroups', graphId: 7, groupIds: [] }, /graphId/],
    [{ type: 'graph/export', format: 'html', data: '' }, /format/],
    [{ type: 'graph/export', format: 'svg', data: 'x'.repeat(MAX_EXPORT_CHARS + 1) }, /data/],
    [{ type: 'graph/ready', command: 'rm -rf' }, /unexpected field "command"/],
    [{ type: 'graph/applyFix', graphId: 'main', nodeName: 'n', ruleId: 'r' }, /fixId/],
    [{ type: 'graph/revealInEngine', nodeName: 22 }, /nodeName/],
    [{ type: 'graph/revealInEngine', nodeName: 'x'.repeat(5000) }, /nodeName/],
    // The page names a node, never a path: a forged file or line is refused before the host looks at it.
    [{ type: 'graph/openSource', graphId: 'main', nodeId: 3, file: '/etc/passwd' }, /unexpected field "file"/],
    [{ type: 'graph/openSource', graphId: 'main', nodeId: 3, line: 1 }, /unexpected field "line"/],
    [{ type: 'graph/openSource', graphId: 'main', nodeId: '/etc/passwd' }, /nodeId/],
    [{ type: 'graph/openSource', graphId: 'main', nodeId: -1 }, /nodeId/],
    [{ type: 'graph/openSource', nodeId: 3 }, /graphId/],
  ];
  for (const [message, reason] of bad) {
    const checked = checkGraphViewMessage(message);
    assert.ok(!checked.ok && reason.test(checked.error), `${JSON.stringify(message)?.slice(0, 80)}: ${reason}`);
  }
});
