// Every LSP feature survives every intermediate state of a config being typed. The replay types config.pbtxt one
// character at a time the way VS Code does (auto-closed quotes and brackets, typed-over closers), and after each
// keystroke asks for everything an editor asks for. No request may fail, and document symbols must satisfy what VS
// Code enforces before it shows them (non-empty names, selection range inside the full range).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { DocumentSymbol, Position, Range } from 'vscode-languageserver-protocol';
import { repoRoot, scratchDir } from '../support/paths';
import { LspClient, uriOf } from './lsp-client';

const TARGET = `name: "classifier"
platform: "onnxruntime_onnx"
max_batch_size: 8
input [ { name: "images" data_type: TYPE_FP32 format: FORMAT_NCHW dims: [ 3, 256, 256 ] } ]
output [ { name: "logits" data_type: TYPE_FP32 dims: [ 10 ] } ]
instance_group [ { kind: KIND_GPU count: 2 } ]
parameters { key: "k" value: { string_value: "v" } }
`;
const CLOSERS: Record<string, string> = { '"': '"', '{': '}', '[': ']' };

/** The buffer after each keystroke, with auto-closing pairs as an editor inserts them. */
function keystrokes(target: string): { text: string; cursor: number }[] {
  const states: { text: string; cursor: number }[] = [];
  let text = '';
  let cursor = 0;
  for (const ch of target) {
    if (text[cursor] === ch && (ch === '"' || ch === '}' || ch === ']')) {
      cursor += 1; // typing over an auto-inserted closer
    } else if (CLOSERS[ch] && !(ch === '"' && text.slice(0, cursor).split('"').length % 2 === 0)) {
      text = text.slice(0, cursor) + ch + CLOSERS[ch] + text.slice(cursor);
      cursor += 1;
    } else {
      text = text.slice(0, cursor) + ch + text.slice(cursor);
      cursor += 1;
    }
    states.push({ text, cursor });
  }
  return states;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const inside = (outer: Range, inner: Range) =>
  (inner.start.line > outer.start.line ||
    (inner.start.line === outer.start.line && inner.start.character >= outer.start.character)) &&
  (inner.end.line < outer.end.line ||
    (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));

function checkSymbols(symbols: DocumentSymbol[], where: string): void {
  for (const s of symbols) {
    assert.ok(s.name.trim().length > 0, `${where}: empty symbol name ${JSON.stringify(s)}`);
    assert.ok(inside(s.range, s.selectionRange), `${where}: selectionRange outside range ${JSON.stringify(s)}`);
    checkSymbols(s.children ?? [], where);
  }
}

let client: LspClient;
let root: string;
before(async () => {
  root = scratchDir('typing-replay');
  fs.cpSync(path.join(repoRoot, 'examples/model_repository/classifier'), path.join(root, 'classifier'), {
    recursive: true,
  });
  fs.writeFileSync(path.join(root, 'classifier/config.pbtxt'), '');
  client = LspClient.start();
  await client.initialize(root);
});
after(async () => {
  await client.stop();
});

test('typing a config character by character: no LSP request fails in any intermediate state', async () => {
  const uri = uriOf(path.join(root, 'classifier/config.pbtxt'));
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'triton-config', version: 0, text: '' },
  });
  const states = keystrokes(TARGET);
  assert.equal(states[states.length - 1].text, TARGET, 'the replay ends on the target text');
  const failures: string[] = [];
  let version = 0;
  for (const { text, cursor } of states) {
    version += 1;
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    const position = positionAt(text, cursor);
    const end = positionAt(text, text.length);
    const where = `after ${JSON.stringify(text.slice(Math.max(0, cursor - 20), cursor))}|`;
    const requests: [string, unknown][] = [
      ['textDocument/documentSymbol', { textDocument: { uri } }],
      ['textDocument/foldingRange', { textDocument: { uri } }],
      ['textDocument/hover', { textDocument: { uri }, position }],
      ['textDocument/completion', { textDocument: { uri }, position }],
      ['textDocument/definition', { textDocument: { uri }, position }],
      ['textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }],
      [
        'textDocument/codeAction',
        { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics: [] } },
      ],
    ];
    const answers = await Promise.allSettled(requests.map(([m, p]) => client.connection.sendRequest(m, p)));
    answers.forEach((a, i) => {
      if (a.status === 'rejected') failures.push(`${requests[i][0]} ${where}: ${(a.reason as Error).message}`);
    });
    const symbols = answers[0];
    if (symbols.status === 'fulfilled' && Array.isArray(symbols.value)) {
      try {
        checkSymbols(symbols.value as DocumentSymbol[], where);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  }
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
  assert.ok(states.length > 300, `replayed ${states.length} keystrokes`);
});
