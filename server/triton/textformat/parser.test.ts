import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTextFormat, MAX_DEPTH } from './parser';
import { formatSyntaxError, type MessageValue, type ScalarValue, type ListValue } from './ast';
import { modelConfigHook } from '../schema';

const errorsOf = (text: string) => {
  const doc = parseTextFormat(text, modelConfigHook);
  return doc.errors.map((e) => formatSyntaxError(doc, e));
};

test('reads every text-format form Triton accepts', () => {
  const text = [
    '# leading comment',
    'name: "a" \'b\' "\\x41\\101\\n"  # trailing comment',
    'max_batch_size: 0x10',
    'input [ { name: "x", data_type: TYPE_FP32, dims: [ 1, -1 ] }, < name: "y" dims: 3 > ]',
    'input { name: "z" dims: 1 dims: 2 }',
    'dynamic_batching < max_queue_delay_microseconds: 100; >',
    'parameters { key: "k" value: { string_value: "v" } }',
    'model_metrics { metric_control { histogram_options { buckets: [ 1.5, -2e3, inf, -inf, 1f ] } } }',
    'version_policy: { all {} }',
  ].join('\n');
  const doc = parseTextFormat(text, modelConfigHook);
  assert.deepEqual(doc.errors, []);
  const names = doc.root.fields.map((f) => f.name);
  assert.deepEqual(names, [
    'name',
    'max_batch_size',
    'input',
    'input',
    'dynamic_batching',
    'parameters',
    'model_metrics',
    'version_policy',
  ]);
  assert.equal((doc.root.fields[0].value as ScalarValue).text, 'abAA\n');
  assert.equal((doc.root.fields[1].value as ScalarValue).text, '0x10');
  const list = doc.root.fields[2].value as ListValue;
  assert.equal(list.items.length, 2);
  assert.equal((list.items[1] as MessageValue).brackets, '<>');
  assert.equal(doc.comments.length, 2);
  assert.equal(doc.comments[1].trailing, true);
  // Positions: the second input's name value.
  const second = doc.root.fields[3];
  assert.deepEqual(doc.lines.position(second.nameStart), { line: 4, character: 0 });
});

test('syntax errors are worded like protobuf with 1-based line:column', () => {
  assert.deepEqual(errorsOf('name: "x"\nmax_batch_size: $\n'), ['2:17: Expected integer, got: $']);
  assert.deepEqual(errorsOf('max_batch_size: 1.5'), ['1:17: Expected integer, got: 1.5']);
  assert.deepEqual(errorsOf('name: 12'), ['1:7: Expected string, got: 12']);
  assert.deepEqual(errorsOf('name "x"'), ['1:6: Expected ":", found ""x"".']);
  assert.deepEqual(errorsOf('input: 3'), ['1:8: Expected "{", found "3".']);
  assert.deepEqual(errorsOf('input { name: "x"'), ['1:18: Expected "}".']);
  assert.deepEqual(errorsOf('input { data_type: "TYPE_FP32" }'), [
    '1:20: Expected integer or identifier, got: "TYPE_FP32"',
  ]);
  assert.deepEqual(errorsOf('input [ { dims: [1 2] } ]'), ['1:20: Expected ",", found "2".']);
  assert.deepEqual(errorsOf('name: "unterminated\nmax_batch_size: 1'), [
    '1:7: String literals cannot cross line boundaries.',
  ]);
  assert.deepEqual(errorsOf('name: "bad \\q escape"'), ['1:12: Invalid escape sequence in string literal.']);
  // Columns count bytes and tabs stop every 8 columns, as protobuf's tokenizer counts them.
  assert.deepEqual(errorsOf('\tmax_batch_size: $'), ['1:25: Expected integer, got: $']);
  assert.deepEqual(errorsOf('name: "é" max_batch_size: $'), ['1:28: Expected integer, got: $']);
});

test('error recovery: one typo gives one error and the rest is still read', () => {
  const doc = parseTextFormat(
    'name: "m"\nmax_batch_size: $\ninput [ { name: "a" dims: [ 1 ] } ]\noutput [ { name: "b" dims: [ 2 ] } ]\n',
    modelConfigHook,
  );
  assert.equal(doc.errors.length, 1);
  assert.deepEqual(
    doc.root.fields.map((f) => f.name),
    ['name', 'max_batch_size', 'input', 'output'],
  );
  const doc2 = parseTextFormat('input [ { name: "a" dims: [ 1 x ] } ]\noutput { name: "b" }\n', modelConfigHook);
  assert.equal(doc2.errors.length, 1);
  assert.deepEqual(
    doc2.root.fields.map((f) => f.name),
    ['input', 'output'],
  );
});

test("nesting deeper than protobuf's recursion limit is an error, not a stack overflow", () => {
  const depth = 100000;
  const text = 'a ' + '{ a '.repeat(depth) + '}'.repeat(depth) + '\nname: "after"';
  const doc = parseTextFormat(text);
  assert.equal(doc.errors.length, 1);
  assert.match(doc.errors[0].message, new RegExp(`recursion limit of ${MAX_DEPTH}`));
  assert.equal(doc.root.fields.at(-1)?.name, 'name');
});
