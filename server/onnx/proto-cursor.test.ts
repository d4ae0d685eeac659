// The cursor's short-varint path (read straight from the window) must decode exactly what protobufjs decodes,
// at every length boundary, for negative int64 (10-byte varints) and at the 32-bit limits of tags and lengths;
// interned strings must come back as written, however many repeat and wherever the file's window falls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BufferSource, FileSource } from './byte-source';
import { ProtoCursor, ProtoDecodeError } from './proto-cursor';
import { skipStringEntry } from './read-node';

/** A cursor over the bytes and their end offset. */
const cursorOver = (bytes: Uint8Array): [ProtoCursor, number] => {
  const data = Buffer.from(bytes);
  return [new ProtoCursor(new BufferSource(data)), data.length];
};

const values = [0, 1, 127, 128, 16383, 16384, 2 ** 28 - 1, 2 ** 28, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32];
const wide = [2 ** 35, 2 ** 42 - 1, 2 ** 49 - 1, 2 ** 49, 2 ** 53 - 1, -1, -2, -(2 ** 31), -(2 ** 40)];

test('int64 varints decode like protobufjs on both sides of every length boundary', () => {
  for (const value of [...values, ...wide]) {
    const [c, end] = cursorOver(protobuf.Writer.create().int64(value).uint32(300).finish());
    assert.equal(c.varint(end), value, `int64 ${value}`);
    assert.equal(c.varint(end), 300, `the varint after ${value} starts where ${value} ends`);
    assert.equal(c.pos, end);
  }
});

test('decimal reads plain decimal text as its number and leaves any other text unread', () => {
  const field = (text: string) => protobuf.Writer.create().string(text).finish();
  for (const text of ['0', '7', '4096', '123456789012345']) {
    const [c, end] = cursorOver(field(text));
    assert.equal(c.decimal(end), Number(text), text);
    assert.equal(c.pos, end, `${text} consumed`);
  }
  for (const text of ['', '01', '1234567890123456', '1e3', ' 12', '12 ', '-1', '0x10', '١٢']) {
    const [c, end] = cursorOver(field(text));
    assert.equal(c.decimal(end), undefined, JSON.stringify(text));
    assert.equal(c.pos, 0, `${JSON.stringify(text)} left unread`);
    assert.equal(c.string(end), text, `${JSON.stringify(text)} still reads as a string`);
  }
});

test('tags with large field numbers and length prefixes read like protobufjs', () => {
  for (const field of [1, 15, 16, 2047, 2 ** 28, 2 ** 29 - 1]) {
    const bytes = protobuf.Writer.create()
      .uint32(((field << 3) | 2) >>> 0)
      .uint32(3)
      .uint32(1)
      .uint32(2)
      .uint32(3);
    const [c, end] = cursorOver(bytes.finish());
    const tag = c.tag(end);
    assert.deepEqual([tag >>> 3, tag & 7], [field, 2], `field ${field}`);
    const bodyStart = c.pos + 1;
    assert.equal(c.delimited(end), end);
    assert.equal(c.pos, bodyStart);
  }
});

test('a truncated varint or a length past the end is a decode error, not a wrong value', () => {
  const varintOf = (bytes: number[]) => {
    const [c, end] = cursorOver(Uint8Array.from(bytes));
    return c.varint(end);
  };
  assert.throws(() => varintOf([0x80, 0x80]), ProtoDecodeError);
  assert.throws(() => varintOf([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), ProtoDecodeError);
  const [c, end] = cursorOver(Uint8Array.from([0x05, 0x01]));
  assert.throws(() => c.delimited(end), /declared length 5 runs past/);
  // A read never runs past the end it is given, even with bytes beyond it.
  const [inner] = cursorOver(Uint8Array.from([0x96, 0x01, 0x00]));
  assert.throws(() => inner.varint(1), ProtoDecodeError);
});

test('strings decode exactly (interned ASCII names, UTF-8, long ones) across window refills of a file', () => {
  const names = ['Gather', 'input.1', 'Gather', 'π/weight', 'input.1', 'x'.repeat(200), 'x'.repeat(200)];
  const writer = protobuf.Writer.create();
  for (let i = 0; i < 3000; i++) for (const n of names) writer.uint32((1 << 3) | 2).string(`${n}${i % 700}`);
  const bytes = writer.finish();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proto-cursor-'));
  const file = path.join(dir, 'strings.pb');
  fs.writeFileSync(file, bytes);
  const source = new FileSource(file);
  try {
    assert.ok(bytes.length > 4 * (64 << 10), 'the file spans several windows');
    const c = new ProtoCursor(source);
    const read: string[] = [];
    while (c.pos < bytes.length) {
      c.tag(bytes.length);
      read.push(c.string(bytes.length));
    }
    const expected: string[] = [];
    for (let i = 0; i < 3000; i++) for (const n of names) expected.push(`${n}${i % 700}`);
    assert.deepEqual(read, expected);
  } finally {
    source.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('strings of every short length, ASCII or not, decode exactly from a small file and from a buffer', () => {
  const strings: string[] = [];
  for (let n = 0; n <= 20; n++) {
    const ascii = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((n * 7 + i * 13) % 95))).join('');
    strings.push(ascii, ascii, `é${ascii}`.slice(0, Math.max(1, n)));
  }
  const writer = protobuf.Writer.create();
  for (const s of strings) writer.uint32((1 << 3) | 2).string(s);
  const bytes = writer.finish();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proto-cursor-'));
  const file = path.join(dir, 'short.pb');
  fs.writeFileSync(file, bytes);
  const sources = [new FileSource(file), new BufferSource(Buffer.from(bytes))];
  try {
    for (const source of sources) {
      assert.equal(source.size, bytes.length);
      const c = new ProtoCursor(source);
      const read: string[] = [];
      while (c.pos < bytes.length) {
        c.tag(bytes.length);
        read.push(c.string(bytes.length, 64));
      }
      c.release();
      assert.deepEqual(read, strings);
    }
  } finally {
    for (const source of sources) source.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an intern table kept from one read to the next (with its strings or emptied) hands out the next read its own strings', () => {
  const readAll = (strings: string[]): string[] => {
    const writer = protobuf.Writer.create();
    for (const s of strings) writer.uint32((1 << 3) | 2).string(s);
    const bytes = writer.finish();
    const [c, end] = cursorOver(bytes);
    const read: string[] = [];
    while (c.pos < end) {
      c.tag(end);
      read.push(c.string(end));
    }
    c.release();
    return read;
  };
  const first = ['Conv', 'Relu', 'axis', 'INPUT0', 'OUTPUT0'];
  // The same names, names one byte apart (same length, often the same probe run), and names the first read lacked.
  const second = ['Conv', 'Cont', 'Relu', 'Relv', 'axis', 'axes', 'INPUT1', 'OUTPUT0', 'OUTPUT9', 'Gemm', ''];
  assert.deepEqual(readAll(first), first);
  assert.deepEqual(readAll(second), second);
  // Enough names to grow the table past what is kept with its strings: it is kept emptied, and the reads after it
  // (the same names, names one byte apart at the same lengths and offsets, few names, then many again) are exact.
  const many = Array.from({ length: 400 }, (_, i) => `t${i}`);
  const nextTo = many.map((n) => `u${n.slice(1)}`);
  for (const names of [many, many, nextTo, [...second, ...first], first, nextTo, many])
    assert.deepEqual(readAll(names), names);
});

test('long strings decode exactly at every alignment, with a non-ASCII byte anywhere or none', () => {
  // Each as its bytes: ASCII, or with one byte 0xe9 (latin1 é, invalid UTF-8 alone: U+FFFD) at some position.
  const encoded: Buffer[] = [];
  for (const n of [1, 11, 12, 13, 16, 17, 31, 32, 33, 63, 64, 65, 300, 2048, 2049, 5000]) {
    const ascii = Buffer.from(Array.from({ length: n }, (_, i) => 33 + ((n + i * 7) % 90)));
    encoded.push(ascii);
    for (const at of new Set([0, 1, 2, 3, 4, 5, 6, 7, n >> 1, n - 2, n - 1].filter((i) => i >= 0 && i < n))) {
      const one = Buffer.from(ascii);
      one[at] = 0xe9;
      encoded.push(one);
    }
  }
  const strings = encoded.map((b) => b.toString('utf8'));
  const writer = protobuf.Writer.create();
  for (const b of encoded) writer.uint32((1 << 3) | 2).bytes(b);
  const bytes = writer.finish();
  // Every byte offset of the buffer within its memory modulo 4, so each string's words start at each alignment; short
  // strings interned (the default) and not (as node names are read).
  for (const [skew, internUpTo] of [0, 1, 2, 3].flatMap((k) => [[k, 16] as const, [k, 0] as const])) {
    const backing = Buffer.alloc(bytes.length + skew + 8);
    backing.set(bytes, skew);
    const data = backing.subarray(skew, skew + bytes.length);
    const c = new ProtoCursor(new BufferSource(data));
    const read: string[] = [];
    while (c.pos < bytes.length) {
      c.tag(bytes.length);
      read.push(c.string(bytes.length, internUpTo));
    }
    c.release();
    // The first wrong string by index (a deepEqual diff of kilobyte strings takes minutes to print).
    assert.equal(read.length, strings.length);
    assert.equal(
      read.findIndex((s, i) => s !== strings[i]),
      -1,
      `buffer offset ${skew} mod 4, interned up to ${internUpTo} bytes`,
    );
  }
});

test('passStringEntry passes what the checked entry path passes, and declines (consuming nothing) all else', () => {
  const entry = (build: (w: protobuf.Writer) => void) => {
    const body = protobuf.Writer.create();
    build(body);
    return protobuf.Writer.create().bytes(body.finish()).uint32(0x4a).finish();
  };
  const fast = [
    entry((w) => w.uint32(10).string('pkg.torch.onnx.stack_trace').uint32(18).string('x'.repeat(300))),
    entry((w) => w.uint32(18).string('v').uint32(10).string('k').uint32(10).string('')),
    entry(() => {}),
  ];
  const declined = [
    entry((w) => w.uint32(10).string('k').uint32(18).string('y'.repeat(20000))), // three-byte length
    entry((w) => w.uint32(10).string('k').uint32(24).uint32(5)), // another field: the checked path skips it
    entry((w) => w.uint32(8).uint32(1)), // key with the wrong wire type: the checked path throws
    Uint8Array.from([5, 10, 9, 0x61]), // a key running past its entry
    Uint8Array.from([0x80]), // a truncated length
  ];
  /** Where the cursor ends (or the error) and whether the fast path took the entry. */
  const outcome = (bytes: Uint8Array, useFast: boolean): [string, boolean] => {
    const [c, end] = cursorOver(bytes);
    try {
      if (useFast && c.passStringEntry(end)) return [`at ${c.pos}`, true];
      assert.equal(c.pos, 0, 'a declined entry is not consumed');
      skipStringEntry(c, c.enter(end));
      return [`at ${c.pos}`, false];
    } catch (error) {
      return [String(error), false];
    }
  };
  for (const bytes of [...fast, ...declined]) {
    const [checked] = outcome(bytes, false);
    const [got, tookFast] = outcome(bytes, true);
    assert.equal(tookFast, fast.includes(bytes), `fast path taken for ${Buffer.from(bytes).toString('hex')}`);
    assert.equal(got, checked);
  }
});

test('dims reads exporter-style shapes as the checked path does and declines others, consuming nothing', () => {
  type Spec = { value?: number; param?: string; denotation?: string };
  const shape = (specs: Spec[]) => {
    const w = protobuf.Writer.create();
    for (const s of specs) {
      w.uint32(10).fork();
      if (s.denotation !== undefined) w.uint32(26).string(s.denotation);
      if (s.value !== undefined) w.uint32(8).int64(s.value);
      if (s.param !== undefined) w.uint32(18).string(s.param);
      w.ldelim();
    }
    return w.finish();
  };
  const expected = (specs: Spec[]) => specs.map((s) => s.param ?? s.value ?? null);
  const fast: Spec[][] = [
    [],
    [{ value: 1 }, { value: 3 }, { value: 224 }, { value: 224 }],
    [{ param: 'batch' }, { value: 0 }, { value: 2 ** 28 - 1 }, {}],
    [{ param: 's0' }, { param: 'sequence_length_of_the_prompt' }, { denotation: 'DATA_CHANNEL', value: 16384 }],
    [{ value: 4, param: 'n' }],
  ];
  const declined: Spec[][] = [[{ value: 2 ** 28 }], [{ value: -1 }], [{ value: 2 }, { param: 'p'.repeat(130) }]];
  for (const specs of [...fast, ...declined]) {
    const bytes = shape(specs);
    const [c, end] = cursorOver(bytes);
    const into: (number | string | null)[] = [];
    const rank = c.dims(end, into);
    if (declined.includes(specs)) {
      assert.equal(rank, -1, JSON.stringify(specs));
      assert.equal(c.pos, 0);
    } else {
      assert.deepEqual(into.slice(0, rank), expected(specs));
      assert.equal(c.pos, end);
    }
  }
});

test('strings decode exactly while runs shrink (names far apart) and grow again (names dense)', () => {
  const writer = protobuf.Writer.create();
  const expected: string[] = [];
  // Sparse: each long name followed by 1.5 KB of other bytes (as dynamo metadata follows a node's names); then dense.
  for (let i = 0; i < 300; i++) {
    const sparse = i < 150;
    const name = `${sparse ? 'sparse' : 'dense'}.layer${i}.weight.${'x'.repeat(i % 40)}${i % 7 === 0 ? 'é' : ''}${i % 25 === 3 ? 'y'.repeat(600) : ''}`;
    writer.uint32((1 << 3) | 2).string(name);
    expected.push(name);
    if (sparse) writer.uint32((2 << 3) | 2).bytes(Buffer.alloc(1500, i % 2 ? 0x41 : 0xc3));
  }
  const [c, end] = cursorOver(writer.finish());
  const read: string[] = [];
  while (c.pos < end) {
    const tag = c.tag(end);
    if (tag >>> 3 === 1) read.push(c.string(end, 0));
    else c.skip(tag & 7, end);
  }
  assert.deepEqual(read, expected);
});
