// A read node's metadata_props stay bytes until asked for: they must decode to exactly what the file holds, in file
// order, however the fields lie (runs apart, around a subgraph with metadata of its own, larger than a chunk,
// across the file window), and a malformed entry must still fail the read itself, as an eager decode would.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import type { OnnxNode } from './model';
import { OnnxReadError, readOnnxModel, readOnnxModelFromBuffer } from './reader';

const writer = () => protobuf.Writer.create();
const LENGTH_DELIMITED = 2;
const tag = (field: number) => (field << 3) | LENGTH_DELIMITED;

/** Field `field` holding the message `body`. */
const message = (w: protobuf.Writer, field: number, body: Uint8Array) => w.uint32(tag(field)).bytes(body);
const text = (w: protobuf.Writer, field: number, value: string) => w.uint32(tag(field)).string(value);
const entry = (key: string, value: string) => text(text(writer(), 1, key), 2, value).finish();

type Part = ['metadata', string, string] | ['field', number, string] | ['graph', Uint8Array];

/** A NodeProto of op type `op` named `name`, its other fields in the order given. */
function node(name: string, op: string, parts: Part[]): Uint8Array {
  const w = text(text(text(writer(), 1, 'x'), 2, `${name}_out`), 3, name);
  text(w, 4, op);
  for (const part of parts) {
    if (part[0] === 'metadata') message(w, 9, entry(part[1], part[2]));
    else if (part[0] === 'field') text(w, part[1], part[2]);
    else {
      const attribute = text(writer(), 1, 'then_branch');
      message(attribute, 6, part[1])
        .uint32(20 << 3)
        .uint32(5);
      message(w, 5, attribute.finish());
    }
  }
  return w.finish();
}

const graph = (nodes: Uint8Array[]) => {
  const w = writer();
  for (const n of nodes) message(w, 1, n);
  return text(w, 2, 'g').finish();
};

function model(nodes: Uint8Array[]): Buffer {
  const w = writer()
    .uint32(1 << 3)
    .uint32(8);
  message(w, 7, graph(nodes));
  message(
    w,
    8,
    writer()
      .uint32(2 << 3)
      .uint32(17)
      .finish(),
  );
  return Buffer.from(w.finish());
}

const entriesOf = (n: OnnxNode) => n.metadataProps.map((p) => [p.key, p.value]);

test('metadata decodes to the file entries in order: contiguous, apart, around a subgraph, larger than a chunk', () => {
  const big = 'File "/home/u/model.py", line 7, in forward\n'.repeat(3000); // ~130 KB: more than a 64 KB chunk
  const inner = node('inner', 'Relu', [
    ['metadata', 'pkg.torch.onnx.name_scopes', "['', 'body']"],
    ['metadata', 'ünïcode', 'värde ✓'],
  ]);
  const nodes = [
    node('plain', 'Relu', []),
    node('contiguous', 'Relu', [
      ['metadata', 'pkg.torch.onnx.stack_trace', 'File "a.py", line 1'],
      ['metadata', 'pkg.torch.onnx.name_scopes', "['', 'a']"],
    ]),
    node('apart', 'Relu', [
      ['metadata', 'k1', 'v1'],
      ['field', 7, ''],
      ['metadata', 'k2', 'v2'],
      ['field', 8, ''],
      ['metadata', 'k3', ''],
    ]),
    node('outer', 'If', [
      ['metadata', 'before', 'b'],
      ['graph', graph([inner])],
      ['metadata', 'after', 'a'],
    ]),
    node('big', 'Relu', [['metadata', 'pkg.torch.onnx.stack_trace', big]]),
  ];
  const data = model(nodes);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'read-node-')), 'm.onnx');
  fs.writeFileSync(file, data);
  try {
    // From a buffer and from a file (its 64 KB window moves on past the big node before the node ends).
    for (const read of [readOnnxModelFromBuffer(data), readOnnxModel(file)]) {
      const [plain, contiguous, apart, outer, bigNode] = read.graph!.nodes;
      assert.deepEqual(entriesOf(plain), []);
      assert.deepEqual(entriesOf(contiguous), [
        ['pkg.torch.onnx.stack_trace', 'File "a.py", line 1'],
        ['pkg.torch.onnx.name_scopes', "['', 'a']"],
      ]);
      assert.deepEqual(entriesOf(apart), [
        ['k1', 'v1'],
        ['k2', 'v2'],
        ['k3', ''],
      ]);
      assert.deepEqual(entriesOf(outer), [
        ['before', 'b'],
        ['after', 'a'],
      ]);
      assert.deepEqual(entriesOf(outer.attributes[0].g!.nodes[0]), [
        ['pkg.torch.onnx.name_scopes', "['', 'body']"],
        ['ünïcode', 'värde ✓'],
      ]);
      assert.deepEqual(entriesOf(bigNode), [['pkg.torch.onnx.stack_trace', big]]);
      assert.equal(bigNode.metadataProps, bigNode.metadataProps, 'decoded once, then kept');
    }
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

test('a malformed metadata entry fails the read, not the first use of the metadata', () => {
  const w = text(text(writer(), 1, 'x'), 4, 'Relu');
  message(
    w,
    9,
    writer()
      .uint32(1 << 3)
      .uint32(5)
      .finish(),
  ); // key as a varint: wire type 0 where 2 belongs
  assert.throws(
    () => readOnnxModelFromBuffer(model([w.finish()]), 'bad.onnx'),
    (error: unknown) => error instanceof OnnxReadError && /wire type 0 where 2 was expected/.test(error.message),
  );
});

test('reads one after another share a metadata chunk without touching each other bytes, failed reads included', () => {
  const relu = (i: number) =>
    node(`n${i}`, 'Relu', [
      ['metadata', 'pkg.torch.onnx.stack_trace', `File "m${i}.py", line ${i}`],
      ['metadata', 'pkg.torch.onnx.name_scopes', `['', 'layer${i}']`],
    ]);
  // A second node whose metadata entry holds a key of the wrong wire type: the read fails after the first node kept its bytes.
  const broken = message(text(writer(), 3, 'bad'), 9, Uint8Array.from([0x08, 0x01])).finish();
  // Read all first, decode after: every later read appends to the chunk the earlier ones hold bytes in.
  const models = [];
  for (let i = 0; i < 40; i++) {
    models.push(readOnnxModelFromBuffer(model([relu(i)])));
    assert.throws(() => readOnnxModelFromBuffer(model([relu(1000 + i), broken])), OnnxReadError);
  }
  models.forEach((m, i) =>
    assert.deepEqual(entriesOf(m.graph!.nodes[0]), [
      ['pkg.torch.onnx.stack_trace', `File "m${i}.py", line ${i}`],
      ['pkg.torch.onnx.name_scopes', `['', 'layer${i}']`],
    ]),
  );
});

test('models read from files keep their metadata in the window they were read into, untouched by later reads', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-node-'));
  const relu = (file: number, i: number) =>
    node(`n${i}`, 'Relu', [
      ['metadata', 'pkg.torch.onnx.stack_trace', `File "f${file}.py", line ${i}${'.'.repeat(i % 300)}`],
      ['metadata', 'pkg.torch.onnx.name_scopes', `['', 'layer${i}']`],
    ]);
  try {
    // A small file (read into the spare window), one read whole (64 KiB to 1 MiB), one read through windows, and a
    // larger one read whole without metadata (its buffer is left for the next whole read).
    const nodeCounts = [20, 800, 6000];
    const files = nodeCounts.map((count, f) => {
      const file = path.join(dir, `m${f}.onnx`);
      fs.writeFileSync(file, model(Array.from({ length: count }, (_, i) => relu(f, i))));
      return file;
    });
    const plain = path.join(dir, 'plain.onnx');
    fs.writeFileSync(plain, model(Array.from({ length: 9000 }, (_, i) => node(`plain_node_${i}`, 'Relu', []))));
    assert.ok(fs.statSync(files[1]).size > 64 << 10 && fs.statSync(files[1]).size < fs.statSync(plain).size);
    assert.ok(fs.statSync(plain).size <= 1 << 20 && fs.statSync(files[2]).size > 1 << 20);
    // Read all (twice over, so that every kind of read follows every other), decode after.
    const models = [...files, plain, ...files, plain].map((file) => readOnnxModel(file));
    models.forEach((m, k) => {
      const f = k % (files.length + 1);
      if (f === files.length) return assert.equal(m.graph!.nodes[8999].name, 'plain_node_8999');
      assert.equal(m.graph!.nodes.length, nodeCounts[f]);
      m.graph!.nodes.forEach((n, i) =>
        assert.deepEqual(entriesOf(n), [
          ['pkg.torch.onnx.stack_trace', `File "f${f}.py", line ${i}${'.'.repeat(i % 300)}`],
          ['pkg.torch.onnx.name_scopes', `['', 'layer${i}']`],
        ]),
      );
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
