// Writes a modified ModelProto without ever decoding weights: the output is assembled from byte
// ranges of the source file (copied verbatim) and the few messages a fix re-encodes (nodes, new
// small initializers, opset imports). Only the enclosing graph's length prefix is recomputed. The
// file is written to a temp name beside the target, fsynced, then renamed, so a crash leaves either
// the old state or the complete new file, never a partial file under the final name.
import fs from 'node:fs';
import path from 'node:path';
import { FileSource } from '../onnx/byte-source';
import type { OnnxModel, OpsetImport } from '../onnx/model';
import { ProtoCursor, WIRE_LENGTH_DELIMITED } from '../onnx/proto-cursor';
import { walkTensors } from '../onnx/walk';
import {
  encodeNode,
  encodeOpsetImport,
  encodeTensor,
  encodeValueInfo,
  type NewTensor,
  type NodeSpec,
} from './node-spec';
import { isSpan, lengthDelimitedField, piecesLength, varint, type Piece } from './proto-encode';

export interface GraphEdit {
  /** Node index (file order of the main graph) -> the nodes that replace it; [] deletes it. */
  replaceNodes?: Map<number, NodeSpec[]>;
  /** Initializer indexes (file order) to drop. */
  removeInitializers?: Set<number>;
  addInitializers?: NewTensor[];
  /** Graph inputs to declare (IR < 4 lists every initializer as a graph input too). */
  addInputs?: NewTensor[];
}

export interface ModelEdit {
  /** Replaces ir_version (an opset needs at least the IR version it was released with). */
  irVersion?: number;
  /** Replaces every opset_import entry. */
  opsetImports?: OpsetImport[];
  /** When set (even empty), the main graph is rebuilt field by field. */
  graph?: GraphEdit;
}

export class ModelWriteError extends Error {}

// ModelProto / GraphProto field numbers (onnx.proto).
const MODEL_IR_VERSION = 1;
const MODEL_GRAPH = 7;
const MODEL_OPSET_IMPORT = 8;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;

interface Field {
  field: number;
  /** The whole field: tag, length prefix and body. */
  whole: { offset: number; length: number };
  /** The body of a length-delimited field. */
  body?: { offset: number; length: number };
}

function scanFields(source: FileSource, start: number, end: number): Field[] {
  const c = new ProtoCursor(source, start);
  const fields: Field[] = [];
  while (c.pos < end) {
    const at = c.pos;
    const tag = c.tag(end);
    let body: Field['body'];
    if ((tag & 7) === WIRE_LENGTH_DELIMITED) {
      const bodyEnd = c.delimited(end);
      body = { offset: c.pos, length: bodyEnd - c.pos };
      c.pos = bodyEnd;
    } else c.skip(tag & 7, end);
    fields.push({ field: tag >>> 3, whole: { offset: at, length: c.pos - at }, body });
  }
  return fields;
}

function graphPieces(source: FileSource, body: { offset: number; length: number }, edit: GraphEdit): Piece[] {
  const out: Piece[] = [];
  let nodeIndex = 0;
  let initializerIndex = 0;
  for (const f of scanFields(source, body.offset, body.offset + body.length)) {
    if (f.field === GRAPH_NODE) {
      const replacement = edit.replaceNodes?.get(nodeIndex++);
      if (replacement) {
        for (const node of replacement) out.push(...lengthDelimitedField(GRAPH_NODE, encodeNode(node)));
        continue;
      }
    } else if (f.field === GRAPH_INITIALIZER) {
      if (edit.removeInitializers?.has(initializerIndex++)) continue;
    }
    out.push(f.whole);
  }
  for (const t of edit.addInitializers ?? []) out.push(...lengthDelimitedField(GRAPH_INITIALIZER, encodeTensor(t)));
  for (const t of edit.addInputs ?? []) out.push(...lengthDelimitedField(GRAPH_INPUT, encodeValueInfo(t)));
  return out;
}

/** The output file as pieces: everything not edited is a range of the source. */
export function modelPieces(source: FileSource, model: OnnxModel, edit: ModelEdit): Piece[] {
  const fields = scanFields(source, 0, source.size);
  const opsetFields = fields.filter((f) => f.field === MODEL_OPSET_IMPORT);
  // An entry the edit keeps as it was is copied, so its original encoding survives exactly.
  const opsetPieces = (): Piece[] =>
    (edit.opsetImports ?? []).flatMap((o) => {
      const i = model.opsetImports.findIndex((old) => old.domain === o.domain && old.version === o.version);
      return i >= 0 && opsetFields[i]
        ? [opsetFields[i].whole]
        : lengthDelimitedField(MODEL_OPSET_IMPORT, encodeOpsetImport(o));
    });
  const out: Piece[] = [];
  let opsetsWritten = false;
  const irVersionField = () => Buffer.concat([varint((MODEL_IR_VERSION << 3) | 0), varint(edit.irVersion!)]);
  if (edit.irVersion !== undefined) out.push(irVersionField());
  for (const f of fields) {
    if (f.field === MODEL_IR_VERSION && edit.irVersion !== undefined) {
      continue; // written first, where onnx writes it
    } else if (f.field === MODEL_OPSET_IMPORT && edit.opsetImports) {
      // All entries go where the first old one was, keeping the field order stable.
      if (!opsetsWritten) out.push(...opsetPieces());
      opsetsWritten = true;
    } else if (f.field === MODEL_GRAPH && edit.graph && f.body) {
      out.push(...lengthDelimitedField(MODEL_GRAPH, graphPieces(source, f.body, edit.graph)));
    } else {
      out.push(f.whole);
    }
  }
  if (edit.opsetImports && !opsetsWritten) out.push(...opsetPieces());
  return out;
}

/** `model.onnx` -> `model.<suffix>.onnx` beside it. */
export function derivedModelPath(modelPath: string, suffix: string): string {
  const ext = path.extname(modelPath) || '.onnx';
  return path.join(path.dirname(modelPath), `${path.basename(modelPath, path.extname(modelPath))}.${suffix}${ext}`);
}

export interface WriteOptions {
  /** Allow replacing the source file itself; the original is kept as `<model>.bak`. */
  inPlace?: boolean;
  /** Called after each copied chunk with bytes written so far (progress, and the crash test's hook). */
  onProgress?: (written: number, total: number) => void;
}

export interface WriteResult {
  path: string;
  bytes: number;
  backup?: string;
}

// Copy chunk: large enough to stream at disk speed, small enough that memory stays flat.
const COPY_CHUNK = 8 << 20;

/**
 * Writes `edit` applied to `model` (read from model.path) to `outPath`. Relative external-data
 * locations resolve against the output's folder, so a model with external data must be written
 * into the folder of the original.
 */
export function writeModel(
  model: OnnxModel,
  edit: ModelEdit,
  outPath: string,
  options: WriteOptions = {},
): WriteResult {
  const src = path.resolve(model.path);
  const dst = path.resolve(outPath);
  if (dst === src && !options.inPlace)
    throw new ModelWriteError(
      `${outPath}: refusing to overwrite the original model (ask for in-place replacement explicitly)`,
    );
  if (path.dirname(dst) !== path.dirname(src) && hasExternalData(model)) {
    throw new ModelWriteError(
      `${outPath}: the model references external data files relative to ${path.dirname(src)}; write the output into that folder so they still resolve`,
    );
  }
  const source = new FileSource(src);
  const tmp = path.join(path.dirname(dst), `.${path.basename(dst)}.tmp-${process.pid}-${Date.now()}`);
  let fd: number | undefined;
  try {
    const pieces = modelPieces(source, model, edit);
    const total = piecesLength(pieces);
    fd = fs.openSync(tmp, 'wx', 0o644);
    writePieces(fd, src, pieces, total, options.onProgress);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    let backup: string | undefined;
    if (dst === src) {
      backup = `${src}.bak`;
      fs.copyFileSync(src, backup);
    }
    fs.renameSync(tmp, dst);
    syncFolder(path.dirname(dst));
    return { path: dst, bytes: total, backup };
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw error;
  } finally {
    source.close();
  }
}

function writePieces(
  fd: number,
  src: string,
  pieces: Piece[],
  total: number,
  onProgress?: WriteOptions['onProgress'],
): void {
  const inFd = fs.openSync(src, 'r');
  const chunk = Buffer.allocUnsafe(COPY_CHUNK);
  let written = 0;
  // Consecutive small buffers are gathered so the file is not written a few bytes at a time.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pendingBytes === 0) return;
    writeAll(fd, Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  try {
    for (const piece of pieces) {
      if (!isSpan(piece)) {
        pending.push(piece);
        pendingBytes += piece.length;
        written += piece.length;
        if (pendingBytes >= COPY_CHUNK) flush();
        continue;
      }
      if (piece.length < 4096) {
        const b = Buffer.allocUnsafe(piece.length);
        readExactly(inFd, b, piece.offset, src);
        pending.push(b);
        pendingBytes += b.length;
        written += b.length;
        continue;
      }
      flush();
      for (let done = 0; done < piece.length;) {
        const n = Math.min(COPY_CHUNK, piece.length - done);
        const view = chunk.subarray(0, n);
        readExactly(inFd, view, piece.offset + done, src);
        writeAll(fd, view);
        done += n;
        written += n;
        onProgress?.(written, total);
      }
    }
    flush();
    onProgress?.(written, total);
  } finally {
    fs.closeSync(inFd);
  }
}

function readExactly(fd: number, into: Buffer, position: number, file: string): void {
  for (let done = 0; done < into.length;) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new ModelWriteError(`${file}: file shrank while being copied (at byte ${position + done})`);
    done += n;
  }
}

function writeAll(fd: number, data: Buffer): void {
  for (let done = 0; done < data.length;) done += fs.writeSync(fd, data, done, data.length - done);
}

function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on folders; the rename is still atomic there.
  }
}

function hasExternalData(model: OnnxModel): boolean {
  for (const t of walkTensors(model)) if (t.external) return true;
  return false;
}
