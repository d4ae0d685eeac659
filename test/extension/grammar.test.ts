// The triton-config TextMate grammar, tokenized by VS Code's own engine (vscode-textmate + the oniguruma WASM
// VS Code uses) on the corpus configs: the scopes a theme colours are the ones we mean.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { corpusDir, repoRoot } from '../support/paths';

const GRAMMAR_FILE = path.join(repoRoot, 'syntaxes/triton-config.tmLanguage.json');
const SCOPE = 'source.triton-config';

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

let grammar: textmate.IGrammar;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let stack = textmate.INITIAL;
  text.split(/\r?\n/).forEach((line, i) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const t of result.tokens)
      tokens.push({ line: i, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    stack = result.ruleStack;
  });
  return tokens;
}

/** The innermost scope of the first token whose text is `text` (optionally on a line containing `onLine`). */
function scopeOf(tokens: Token[], text: string, lines: string[], onLine?: string): string[] {
  const token = tokens.find((t) => t.text === text && (onLine === undefined || lines[t.line].includes(onLine)));
  assert.ok(token, `no token "${text}"${onLine ? ` on a line with "${onLine}"` : ''}`);
  return token.scopes;
}

function configFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.pbtxt'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('triton-config TextMate grammar', () => {
  before(async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (p) => new oniguruma.OnigScanner(p),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scope) =>
        scope === SCOPE ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null,
    });
    grammar = (await registry.loadGrammar(SCOPE))!;
    assert.ok(grammar);
  });

  it('scopes comments, field names, strings, numbers, enums and brackets of a corpus config', () => {
    const text = fs.readFileSync(path.join(corpusDir, 'triton/examples/simple/config.pbtxt'), 'utf8');
    const lines = text.split(/\r?\n/);
    const tokens = tokenize(text);
    const first = tokens.filter((t) => t.line === 0);
    assert.ok(
      first.every((t) => t.scopes.includes('comment.line.number-sign.triton-config')),
      JSON.stringify(first),
    );
    assert.ok(scopeOf(tokens, 'name', lines, '"simple"').includes('variable.other.property.field.triton-config'));
    assert.ok(scopeOf(tokens, ':', lines, '"simple"').includes('punctuation.separator.key-value.triton-config'));
    assert.ok(scopeOf(tokens, 'simple', lines).includes('string.quoted.double.triton-config'));
    assert.ok(scopeOf(tokens, '8', lines, 'max_batch_size').includes('constant.numeric.triton-config'));
    assert.ok(scopeOf(tokens, 'TYPE_INT32', lines).includes('constant.other.enum.triton-config'));
    const sixteen = scopeOf(tokens, '16', lines, 'dims');
    assert.ok(
      sixteen.includes('constant.numeric.triton-config') && sixteen.includes('meta.list.triton-config'),
      sixteen.join(' '),
    );
    assert.ok(
      scopeOf(tokens, 'input', lines).includes('variable.other.property.field.triton-config'),
      'a field followed by a list, no colon',
    );
    assert.ok(scopeOf(tokens, '{', lines).includes('punctuation.section.block.begin.triton-config'));
    assert.ok(scopeOf(tokens, '[', lines, 'input').includes('punctuation.section.brackets.begin.triton-config'));
  });

  it('keeps # inside strings, escapes, negative floats and booleans apart', () => {
    const text = 'parameters { key: "a#b\\"c" value: { string_value: \'x\' } }  # tail\nscale: -1.5e-3 enable: true';
    const lines = text.split('\n');
    const tokens = tokenize(text);
    assert.ok(scopeOf(tokens, 'a#b', lines).includes('string.quoted.double.triton-config'));
    assert.ok(scopeOf(tokens, '\\"', lines).includes('constant.character.escape.triton-config'));
    assert.ok(scopeOf(tokens, 'x', lines).includes('string.quoted.single.triton-config'));
    assert.ok(scopeOf(tokens, ' tail', lines).includes('comment.line.number-sign.triton-config'));
    assert.ok(scopeOf(tokens, '-1.5e-3', lines).includes('constant.numeric.triton-config'));
    assert.ok(scopeOf(tokens, 'true', lines).includes('constant.language.boolean.triton-config'));
    assert.ok(scopeOf(tokens, 'string_value', lines).includes('variable.other.property.field.triton-config'));
  });

  it('gives every non-blank token of every corpus config a scope beyond the root', () => {
    const files = configFiles(path.join(corpusDir, 'triton'));
    assert.ok(files.length > 100, `only ${files.length} corpus configs`);
    const unscoped: string[] = [];
    for (const file of files) {
      for (const t of tokenize(fs.readFileSync(file, 'utf8'))) {
        if (t.text.trim() !== '' && t.scopes.length === 1)
          unscoped.push(`${path.relative(corpusDir, file)}:${t.line + 1} ${JSON.stringify(t.text)}`);
      }
    }
    assert.deepEqual(unscoped.slice(0, 20), [], `${unscoped.length} unscoped tokens`);
  });
});
