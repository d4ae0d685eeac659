import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  completionsAt,
  hoverAt,
  documentSymbols,
  foldingRanges,
  formatConfig,
  formatRangeEdits,
  definitionAt,
  languageContextFor,
  generateConfigFromModel,
  codeActionsFor,
  formatDocumentEdits,
} from '.';
import { parseTextFormat } from '../textformat/parser';
import type { MessageValue, Value } from '../textformat/ast';
import { makeRepo, batchModel, applyEdits, L0 } from '../../../test/triton/helpers';
import { readOnnxSignature } from '../validate/onnx-signature';
import { checkConfigText } from '..';

import { sharedDir as shared } from '../../../test/support/paths';

const labels = (text: string, marker = '|', ctx = {}) =>
  completionsAt(text.replace(marker, ''), text.indexOf(marker), ctx).map((c) => c.label);

test('completion: fields valid at the cursor, enum values, platforms, models, tensors', () => {
  const root = labels('name: "m"\n|');
  assert.ok(root.includes('max_batch_size') && root.includes('input') && !root.includes('name'));
  const inInput = labels('input [ { name: "x" | } ]');
  assert.ok(
    inInput.includes('data_type') &&
      inInput.includes('dims') &&
      !inInput.includes('max_batch_size') &&
      !inInput.includes('name'),
  );
  assert.ok(labels('input { data_type: | }').includes('TYPE_FP32'));
  assert.ok(labels('instance_group { kind: KI| }').includes('KIND_GPU'));
  assert.ok(labels('platform: |').includes('onnxruntime_onnx'));
  assert.ok(
    labels('dynamic_batching {}\n|').every((l) => l !== 'sequence_batching'),
    'oneof sibling not offered',
  );
  assert.deepEqual(
    labels('platform: "ensemble"\nensemble_scheduling { step [ { model_name: | } ] }', '|', {
      modelNames: ['detector', 'classifier'],
    }),
    ['detector', 'classifier'],
  );
  const sig = readOnnxSignature(path.join(L0, 'autofill_noplatform_success/onnx/no_config/1/model.onnx'));
  assert.deepEqual(labels('input [ { name: | } ]', '|', { signature: sig }), ['INPUT0', 'INPUT1']);
});

test('hover: field docs with type and default, enum values, model tensors, auto-complete result', () => {
  const text = 'max_batch_size: 8\ninput { name: "INPUT0" data_type: TYPE_INT32 }\n';
  const h = hoverAt(text, 3)!;
  // Protobuf field and enum numbers would read as values (max_batch_size is field 4, TYPE_INT32 is 8): never shown.
  assert.match(h.contents, /\*\*max_batch_size\*\* `int32`/);
  assert.doesNotMatch(h.contents, /= 4/);
  assert.match(h.contents, /Default when omitted: `0`/);
  const enumHover = hoverAt(text, text.indexOf('TYPE_INT32') + 2)!.contents;
  assert.match(enumHover, /`TYPE_INT32`, a value of `DataType`/);
  assert.doesNotMatch(enumHover, /\b8\b/);
  const typed = 'max_batch_size: 8\ninput { name: "INPUT0" data_type: T }\n';
  const items = completionsAt(typed, typed.indexOf(': T') + 3);
  const fp32 = items.find((i) => i.label === 'TYPE_FP32');
  assert.equal(fp32?.detail, 'DataType');
  const fields = completionsAt('', 0);
  assert.ok(
    fields.length > 0 && fields.every((i) => !/= \d/.test(i.detail ?? '')),
    'no field numbers in field completions',
  );
  const repo = makeRepo({ 'm/config.pbtxt': 'platform: "onnxruntime_onnx"\n', 'm/1/model.onnx': batchModel() });
  const ctx = languageContextFor(path.join(repo, 'm/config.pbtxt'));
  assert.match(
    hoverAt(text, text.indexOf('INPUT0') + 1, ctx)!.contents,
    /declares input \*\*INPUT0\*\*: `TYPE_INT32` shape `\[-1, 16\]`/,
  );
  const auto = hoverAt('platform: "onnxruntime_onnx"\n', 2, ctx)!.contents;
  assert.match(auto, /Triton will use/);
  assert.doesNotMatch(auto, /backend: "onnxruntime"/, 'platform is set in this config');
  // A folder with only the model: the new config's hover says which backend Triton picks from the file.
  const bare = makeRepo({ 'b/1/model.onnx': batchModel() });
  const fresh = hoverAt('', 0, languageContextFor(path.join(bare, 'b/config.pbtxt')))!.contents;
  assert.match(fresh, /platform: "onnxruntime_onnx"\nbackend: "onnxruntime"\nmax_batch_size: 4/);
  assert.match(auto, /max_batch_size: 4/);
  assert.match(auto, /input \{ name: "INPUT0" data_type: TYPE_INT32 dims: \[ 16 \] \}/);
});

test('document symbols and folding ranges', () => {
  const text = '# a\n# b\nname: "m"\ninput [\n  {\n    name: "A"\n  },\n  {\n    name: "B"\n  }\n]\n';
  const doc = parseTextFormat(text);
  const symbols = documentSymbols(doc);
  assert.deepEqual(
    symbols.map((s) => s.name),
    ['name', 'input'],
  );
  assert.deepEqual(
    symbols[1].children.map((c) => c.name),
    ['A', 'B'],
  );
  assert.deepEqual(
    foldingRanges(doc).map((f) => [f.startLine, f.endLine, f.kind ?? '']),
    [
      [0, 1, 'comment'],
      [3, 10, ''],
      [4, 6, ''],
      [7, 9, ''],
    ],
  );
});

/** Structure of a parsed config (names and scalar values), to compare before/after formatting. */
function shape(m: MessageValue): unknown {
  const v = (x: Value): unknown =>
    x.kind === 'message' ? shape(x) : x.kind === 'list' ? x.items.map(v) : x.kind === 'scalar' ? x.text : null;
  return m.fields.map((f) => [f.name, f.value ? v(f.value) : null]);
}

test('formatting every corpus config: idempotent, same content, comments kept', () => {
  const files: string[] = [];
  const visit = (d: string) =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .forEach((e) =>
        e.isDirectory() ? visit(path.join(d, e.name)) : e.name.endsWith('.pbtxt') && files.push(path.join(d, e.name)),
      );
  visit(path.join(shared, 'corpus/triton'));
  assert.ok(files.length > 100);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const formatted = formatConfig(text);
    assert.ok(formatted !== undefined, file);
    assert.equal(formatConfig(formatted), formatted, `${file}: idempotent`);
    const before = parseTextFormat(text);
    const after = parseTextFormat(formatted);
    assert.deepEqual(shape(after.root), shape(before.root), `${file}: content`);
    assert.deepEqual(
      after.comments.map((c) => c.text.trimEnd()),
      before.comments.map((c) => c.text.trimEnd()),
      `${file}: comments`,
    );
  }
});

test('formatting: canonical style, trailing comments, <> to {}, range formatting leaves the rest alone', () => {
  const text = 'name:"m"   # the name\ninput<name:"a" dims:[1,2]>\n\n\nmax_batch_size : 4\noutput {name: "o"}\n';
  assert.equal(
    formatConfig(text),
    'name: "m"  # the name\ninput {\n  name: "a"\n  dims: [ 1, 2 ]\n}\n\nmax_batch_size: 4\noutput {\n  name: "o"\n}\n',
  );
  assert.equal(formatConfig('name: "m" }'), undefined, 'no formatting with syntax errors');
  assert.equal(applyEdits(text, formatDocumentEdits(text)), formatConfig(text));
  assert.deepEqual(formatDocumentEdits(formatConfig(text)!), [], 'already formatted: no edit');
  const edits = formatRangeEdits(text, { start: { line: 5, character: 0 }, end: { line: 5, character: 3 } });
  assert.equal(
    applyEdits(text, edits),
    'name:"m"   # the name\ninput<name:"a" dims:[1,2]>\n\n\nmax_batch_size : 4\noutput {\n  name: "o"\n}\n',
  );
});

test('definition: ensemble step to the member config, tensor name to the model file', () => {
  const caseDir = path.join(L0, 'autofill_noplatform_success/ensemble/inconsistent_shape');
  const configPath = path.join(caseDir, 'inconsistent_shape/config.pbtxt');
  const text = fs.readFileSync(configPath, 'utf8');
  const target = definitionAt(text, text.indexOf('"fp32_dim2_nobatch"') + 2, languageContextFor(configPath));
  assert.equal(target?.file, path.join(caseDir, 'fp32_dim2_nobatch/config.pbtxt'));
  const repo = makeRepo({
    'm/config.pbtxt': 'platform: "onnxruntime_onnx"\ninput { name: "INPUT1" }\n',
    'm/1/model.onnx': batchModel(),
  });
  const cfg = path.join(repo, 'm/config.pbtxt');
  const t2 = definitionAt(fs.readFileSync(cfg, 'utf8'), 47, languageContextFor(cfg));
  assert.equal(t2?.tensor, 'INPUT1');
  assert.equal(t2?.file, path.join(repo, 'm/1/model.onnx'));
});

test('generated config is formatted and valid', () => {
  const sig = readOnnxSignature(path.join(L0, 'autofill_noplatform_success/onnx/no_config_no_batch/1/model.onnx'));
  const text = generateConfigFromModel('nb', sig);
  assert.equal(formatConfig(text), text);
  assert.match(text, /max_batch_size: 0/);
  assert.doesNotMatch(text, /dynamic_batching/);
  assert.deepEqual(
    checkConfigText(text, '/r/nb/config.pbtxt').filter((f) => f.severity === 'error'),
    [],
  );
});

test('quick fix for typos: unknown field and enum value take the suggestion', () => {
  let text =
    'backend: "identity"\nmax_batch_sise: 4\ninput { name: "I" data_type: TYPE_FP33 dims: [ 1 ] }\noutput { name: "O" data_type: TYPE_FP32 dims: [ 1 ] }\n';
  for (let round = 0; round < 3; round++) {
    const finding = checkConfigText(text, '/r/m/config.pbtxt').find((f) =>
      f.fixes?.some((x) => x.id === 'triton.useSuggestion'),
    );
    if (!finding) break;
    const [action] = codeActionsFor(text, finding, {});
    text = applyEdits(text, action.edits);
  }
  assert.match(text, /max_batch_size: 4/);
  assert.match(text, /data_type: TYPE_FP32 dims/);
  assert.deepEqual(
    checkConfigText(text, '/r/m/config.pbtxt').filter((f) => f.severity === 'error'),
    [],
  );
});

test('ensemble steps: map keys complete from the member model, values from the ensemble tensors; hover shows the member', () => {
  const caseDir = path.join(L0, 'autofill_noplatform_success/ensemble/inconsistent_shape');
  const configPath = path.join(caseDir, 'inconsistent_shape/config.pbtxt');
  const ctx = languageContextFor(configPath);
  const original = fs.readFileSync(configPath, 'utf8');
  const keyAt = original.indexOf('key: "INPUT0"', original.indexOf('fp32_dim2_nobatch'));
  const text = original.slice(0, keyAt) + 'key: ' + original.slice(keyAt + 'key: "INPUT0"'.length);
  assert.deepEqual(
    completionsAt(text, keyAt + 5, ctx).map((c) => c.label),
    ['INPUT0'],
  );
  const valueAt = text.indexOf('value: "temp_tensor"', keyAt);
  const text2 = text.slice(0, valueAt) + 'value: ' + text.slice(valueAt + 'value: "temp_tensor"'.length);
  assert.deepEqual(
    completionsAt(text2, valueAt + 7, ctx)
      .map((c) => c.label)
      .sort(),
    ['data', 'prob', 'temp_tensor'],
  );
  const hover = hoverAt(original, original.indexOf('"fp32_dim2_nobatch"') + 3, ctx)!;
  assert.match(hover.contents, /Model \*\*fp32_dim2_nobatch\*\* \(max_batch_size 0\)/);
  assert.match(hover.contents, /`INPUT0`: `TYPE_FP32` `\[-1, 16\]`/);
});
