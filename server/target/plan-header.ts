// The header of a serialized TensorRT engine (model.plan): magic and serialization version word. Layout as
// Netron's public source/tensorrt.js reads it (lutzroeder/netron@0126fa8c): the magic "ptrt" or "ftrt" at the
// start, or after a metadata prefix (uint32 little-endian length, then that many bytes of JSON starting with "{"),
// followed by the version word as a uint32 little-endian. Only the first bytes are read.
import fs from 'node:fs';

export interface PlanHeader {
  magic: 'ptrt' | 'ftrt';
  /** The serialization version word TensorRT compares when it deserializes ("Serialized Engine Version"). */
  versionWord: number;
  /** Where the engine starts (after a metadata prefix, if any). */
  offset: number;
}

export type PlanHeaderResult = { header: PlanHeader } | { problem: string };

/** A metadata prefix longer than this is not one: the file is something else. */
const MAX_PREFIX_BYTES = 1024 * 1024;

export function parsePlanHeader(bytes: Uint8Array): PlanHeaderResult {
  if (bytes.length < 8) return { problem: `${bytes.length} bytes: too short for a TensorRT engine header` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  if (bytes[3] === 0 && bytes[4] === 0x7b) {
    const length = view.getUint32(0, true);
    if (length > MAX_PREFIX_BYTES) return { problem: `metadata prefix of ${length} bytes is implausible` };
    offset = length + 4;
  }
  if (bytes.length < offset + 8)
    return { problem: `the engine header after the ${offset - 4}-byte metadata prefix is missing or cut short` };
  const magic = String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (magic !== 'ptrt' && magic !== 'ftrt') {
    const hex = [...bytes.subarray(offset, offset + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return { problem: `no TensorRT engine magic ("ptrt"/"ftrt") at byte ${offset} (found ${hex})` };
  }
  return { header: { magic, versionWord: view.getUint32(offset + 4, true), offset } };
}

/** Reads just enough of a plan file for its header (the metadata prefix, if any, plus 8 bytes). */
export function readPlanHeader(file: string): PlanHeaderResult {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    let bytes: Uint8Array = head.subarray(0, n);
    if (n >= 8 && bytes[3] === 0 && bytes[4] === 0x7b) {
      const length = Math.min(head.readUInt32LE(0), MAX_PREFIX_BYTES + 1);
      const whole = Buffer.alloc(Math.min(length + 12, MAX_PREFIX_BYTES + 12));
      bytes = whole.subarray(0, fs.readSync(fd, whole, 0, whole.length, 0));
    }
    return parsePlanHeader(bytes);
  } catch (error) {
    return { problem: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
