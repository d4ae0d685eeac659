// Bad input never crashes the reader: zero-byte, non-ONNX, truncated, bit-flipped, overlong and
// absurdly nested files all end in an OnnxReadError naming the file and the byte offset.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import { OnnxReadError, readOnnxModel, readOnnxModelFromBuffer } from '../../server/onnx/reader';
import { corpusOnnxDir, scratchDir } from '../support/paths';

const FUZZ_ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 400);

/** Reads and returns the error, or undefined when the bytes decode; anything but OnnxReadError fails. */
function readOutcome(data: Buffer, name = 'fuzzed.onnx'): OnnxReadError | undefined {
  try {
    readOnnxModelFromBuffer(data, name);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof OnnxReadError, `unexpected ${String(error)}`);
    assert.ok(error.message.startsWith(name + ':'), `names the file: ${error.message}`);
    return error;
  }
}

/** Deterministic PRNG so a failing iteration can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const squeezenet = fs.readFileSync(path.join(corpusOnnxDir, 'squeezenet_op9.onnx'));

test('zero-byte file is named and refused', () => {
  const dir = scratchDir('corrupt');
  const file = path.join(dir, 'empty.onnx');
  fs.writeFileSync(file, '');
  assert.throws(
    () => readOnnxModel(file),
    (e: Error) => e instanceof OnnxReadError && e.message.includes(file) && /empty file/.test(e.message),
  );
});

test('missing file gives a typed error', () => {
  assert.throws(
    () => readOnnxModel('/nonexistent/model.onnx'),
    (e: Error) => e instanceof OnnxReadError && /cannot open: ENOENT/.test(e.message),
  );
});

test('non-ONNX files are refused as such', () => {
  for (const text of ['{"not": "onnx"}', 'hello world\n', '\x89PNG\r\n\x1a\n\0\0\0\rIHDR']) {
    const error = readOutcome(Buffer.from(text, 'latin1'), 'garbage.onnx');
    assert.ok(error, `refused ${JSON.stringify(text)}`);
    assert.match(error.message, /not an ONNX model|corrupt or truncated/);
  }
});

test('truncation at every 97th offset gives an error with a byte offset, or a valid prefix', () => {
  let errors = 0;
  for (let cut = 1; cut < squeezenet.length; cut += 97) {
    const error = readOutcome(squeezenet.subarray(0, cut), 'cut.onnx');
    if (error) {
      errors++;
      assert.ok(error.offset !== undefined && error.offset <= cut, `offset within the file: ${error.message}`);
      assert.match(error.message, /at byte \d+/);
    }
  }
  // Almost every cut lands inside the graph message, whose declared length then runs past the end.
  assert.ok(errors > squeezenet.length / 97 - 5, `most truncations detected (${errors})`);
});

test('a declared length past the end of the file is reported, not allocated', () => {
  const writer = protobuf.Writer.create();
  writer.uint32((1 << 3) | 0).int64(8);
  writer.uint32((6 << 3) | 2).uint32(0x7fffffff); // doc_string claiming 2 GiB
  writer.bytes(Buffer.from('abc'));
  const error = readOutcome(Buffer.from(writer.finish()), 'overlong.onnx');
  assert.ok(error);
  assert.match(error.message, /declared length 2147483647 runs past the end of file/);
});

test('absurd nesting is bounded', () => {
  // graph { node { attribute { g { node { attribute { g ... } } } } } } 300 levels deep.
  let inner = protobuf.Writer.create()
    .uint32((2 << 3) | 2)
    .string('leaf')
    .finish();
  for (let i = 0; i < 300; i++) {
    const attr = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .string('body')
      .uint32((6 << 3) | 2)
      .bytes(inner)
      .finish();
    const node = protobuf.Writer.create()
      .uint32((4 << 3) | 2)
      .string('Loop')
      .uint32((5 << 3) | 2)
      .bytes(attr)
      .finish();
    inner = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(node)
      .finish();
  }
  const model = protobuf.Writer.create()
    .uint32((1 << 3) | 0)
    .int64(8)
    .uint32((7 << 3) | 2)
    .bytes(inner)
    .finish();
  const error = readOutcome(Buffer.from(model), 'nested.onnx');
  assert.ok(error);
  assert.match(error.message, /nested deeper than 100 levels/);
});

test(`mutation fuzzer: ${FUZZ_ITERATIONS} mutated corpus models never escape as anything but OnnxReadError`, () => {
  const seeds = ['squeezenet_op9.onnx', 'mobilenet_v3_small_op13.onnx', 'resnet50_dynamo_op18.onnx'].map((f) =>
    fs.readFileSync(path.join(corpusOnnxDir, f)),
  );
  const random = prng(Number(process.env.FUZZ_SEED ?? 12345));
  let refused = 0;
  for (let i = 0; i < FUZZ_ITERATIONS; i++) {
    const data = Buffer.from(seeds[i % seeds.length]);
    const mutations = 1 + Math.floor(random() * 8);
    for (let m = 0; m < mutations; m++) {
      const at = Math.floor(random() * data.length);
      const kind = random();
      if (kind < 0.5) data[at] ^= 1 << Math.floor(random() * 8);
      else if (kind < 0.8) data[at] = Math.floor(random() * 256);
      else data[at] = 0xff; // long varints and huge lengths
    }
    if (readOutcome(data, `fuzz-${i}.onnx`)) refused++;
  }
  assert.ok(refused > 0, 'some mutations are detected as corrupt');
});
