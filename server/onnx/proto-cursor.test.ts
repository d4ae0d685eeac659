// The cursor's short-varint path (read straight from the window) must decode exactly what protobufjs decodes,
// at every length boundary, for negative int64/int32 (10-byte varints) and at the 32-bit limits of tags and lengths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import { BufferSource } from './byte-source';
import { ProtoCursor, ProtoDecodeError } from './proto-cursor';

const cursorOver = (bytes: Uint8Array) => {
  const data = Buffer.from(bytes);
  return new ProtoCursor(new BufferSource(data), 0, data.length);
};

const values = [0, 1, 127, 128, 16383, 16384, 2 ** 28 - 1, 2 ** 28, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32];
const wide = [2 ** 35, 2 ** 42 - 1, 2 ** 49 - 1, 2 ** 49, 2 ** 53 - 1, -1, -2, -(2 ** 31), -(2 ** 40)];

test('int64 varints decode like protobufjs on both sides of every length boundary', () => {
  for (const value of [...values, ...wide]) {
    const c = cursorOver(protobuf.Writer.create().int64(value).uint32(300).finish());
    assert.equal(c.varint(), value, `int64 ${value}`);
    assert.equal(c.varint(), 300, `the varint after ${value} starts where ${value} ends`);
    assert.ok(c.done);
  }
});

test('int32 varints wrap like protobufjs (2^31 and above read negative)', () => {
  for (const value of [...values, -1, -(2 ** 31)]) {
    const c = cursorOver(
      protobuf.Writer.create()
        .uint32(value >>> 0)
        .finish(),
    );
    assert.equal(c.int32(), value | 0, `int32 ${value}`);
  }
  const negative = cursorOver(protobuf.Writer.create().int32(-5).finish());
  assert.equal(negative.int32(), -5);
});

test('tags with large field numbers and length prefixes read like protobufjs', () => {
  for (const field of [1, 15, 16, 2047, 2 ** 28, 2 ** 29 - 1]) {
    const bytes = protobuf.Writer.create()
      .uint32(((field << 3) | 2) >>> 0)
      .uint32(3)
      .uint32(1)
      .uint32(2)
      .uint32(3);
    const c = cursorOver(bytes.finish());
    assert.deepEqual(c.tag(), [field, 2], `field ${field}`);
    assert.deepEqual(c.lengthDelimited(), { offset: c.pos - 3, length: 3 });
    assert.ok(c.done);
  }
});

test('a truncated varint or a length past the end is a decode error, not a wrong value', () => {
  assert.throws(() => cursorOver(Uint8Array.from([0x80, 0x80])).varint(), ProtoDecodeError);
  assert.throws(
    () => cursorOver(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).varint(),
    ProtoDecodeError,
  );
  assert.throws(() => cursorOver(Uint8Array.from([0x05, 0x01])).lengthDelimited(), /declared length 5 runs past/);
});
