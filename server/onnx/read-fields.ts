// The field readers every part of the ONNX reader shares: checked wire types, strings and names, nested messages,
// and runs of repeated names and numbers copied out at their exact size.
import type { OnnxAttribute } from './model';
import type { ProtoCursor } from './proto-cursor';

// Wire types, local to each reader module so that the hot loops read constants (not another module's bindings).
const VARINT = 0;
const LENGTH_DELIMITED = 2;

/** Steps into a nested message field and returns its end; the reader of the message calls c.leave() at its end. */
export function sub(c: ProtoCursor, wire: number, end: number): number {
  c.expectWire(wire, LENGTH_DELIMITED);
  return c.enter(end);
}

export function str(c: ProtoCursor, wire: number, end: number): string {
  c.expectWire(wire, LENGTH_DELIMITED);
  return c.string(end);
}

/** A tensor name (see ProtoCursor.name). */
export function name(c: ProtoCursor, wire: number, end: number): string {
  c.expectWire(wire, LENGTH_DELIMITED);
  return c.name(end);
}

export function scalar(c: ProtoCursor, wire: number, end: number): number {
  c.expectWire(wire, VARINT);
  return c.varint(end);
}

export function spanOf(c: ProtoCursor, end: number): { offset: number; length: number } {
  return { offset: c.pos, length: end - c.pos };
}

// Scratch for runs of repeated scalars and names (never re-entered while in use): results are copied out
// at their exact size, so a node's one input costs one slot, not a grown array's spare capacity.
const names: string[] = [];
const numbers: number[] = [];
export const attributeScratch: OnnxAttribute[][] = [];

/**
 * Reads a repeated string field whose tag (one byte, fields 1 to 15) was just read, together with the elements
 * that follow it directly, and appends them to `into` (usually empty: every name of a node's inputs comes in one run).
 */
export function stringRun(c: ProtoCursor, tag: number, end: number, into: string[]): string[] {
  c.expectWire(tag & 7, LENGTH_DELIMITED);
  let run: string[];
  // Runs of one or two (most node outputs and inputs) as literals, which cost less than a copy of the scratch.
  const first = c.name(end);
  if (!c.nextTagIs(tag, end)) run = [first];
  else {
    const second = c.name(end);
    if (!c.nextTagIs(tag, end)) run = [first, second];
    else {
      names[0] = first;
      names[1] = second;
      let n = 2;
      do names[n++] = c.name(end);
      while (c.nextTagIs(tag, end));
      run = names.slice(0, n);
    }
  }
  return into.length === 0 ? run : into.concat(run);
}

/**
 * A repeated number field whose tag was just read, with the elements that follow it directly (proto2 leaves
 * ONNX's repeated numbers unpacked: one tag per element), at its exact size, appended to `into`.
 */
export function numberRun(
  c: ProtoCursor,
  tag: number,
  end: number,
  into: number[] | undefined,
  floats = false,
): number[] {
  let n = 0;
  do n = floats ? c.floats(tag & 7, end, numbers, n) : c.ints(tag & 7, end, numbers, n);
  while (c.nextTagIs(tag, end));
  // Most runs (dims, kernel shapes, strides, pads) hold up to four: literals cost less than a slice of the scratch.
  const run =
    n === 1
      ? [numbers[0]]
      : n === 2
        ? [numbers[0], numbers[1]]
        : n === 4
          ? [numbers[0], numbers[1], numbers[2], numbers[3]]
          : numbers.slice(0, n);
  return into === undefined || into.length === 0 ? run : into.concat(run);
}
