// A node as the reader makes it. Its metadata_props (the dynamo exporter puts a stack trace and name scopes on every
// node: most of such a file's bytes, read by nothing on the way to findings or shapes) stay the file's bytes until
// first asked for: the reader checks them as it passes, keeps their bytes (where the file was read into, or copied
// into a chunk), and `metadataProps` decodes them on first use with the reader's own entry decoder, so the entries
// are the ones an eager read would make.
import { BufferSource } from './byte-source';
import type { OnnxAttribute, OnnxNode, StringEntry } from './model';
import { ProtoCursor, WIRE_LENGTH_DELIMITED } from './proto-cursor';

/** Shared by every node without inputs, outputs, attributes or metadata; frozen so that a stray push fails loudly. */
export const NONE: never[] = Object.freeze([]) as unknown as never[];

/** Metadata keys ("pkg.torch.onnx.stack_trace", on every node of a dynamo export) are interned up to this length. */
export const MAX_INTERNED_KEY_BYTES = 64;

export function readStringEntry(c: ProtoCursor, end: number): StringEntry {
  const entry: StringEntry = { key: '', value: '' };
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    if (field === 1 || field === 2) {
      c.expectWire(tag & 7, WIRE_LENGTH_DELIMITED);
      if (field === 1) entry.key = c.string(end, MAX_INTERNED_KEY_BYTES);
      else entry.value = c.string(end);
    } else c.skip(tag & 7, end);
  }
  c.leave();
  return entry;
}

/** Passes a StringEntryProto checking what readStringEntry checks (it throws where that would), decoding nothing. */
export function skipStringEntry(c: ProtoCursor, end: number): void {
  while (c.pos < end) {
    const tag = c.tag(end);
    const field = tag >>> 3;
    if (field === 1 || field === 2) {
      c.expectWire(tag & 7, WIRE_LENGTH_DELIMITED);
      c.pos = c.delimited(end);
    } else c.skip(tag & 7, end);
  }
  c.leave();
}

export class ReadNode implements OnnxNode {
  name = '';
  opType = '';
  domain = '';
  inputs: string[] = NONE;
  outputs: string[] = NONE;
  attributes: OnnxAttribute[] = NONE;
  // Set only when the file has them (no own property otherwise, as for the nodes made in code).
  declare overload?: string;
  declare docString?: string;
  /** The decoded entries, or (until first asked for) where their bytes are: one field, as small as a plain node. */
  #metadata: StringEntry[] | KeptMetadata = NONE;

  get metadataProps(): StringEntry[] {
    const metadata = this.#metadata;
    if (metadata instanceof KeptMetadata)
      return (this.#metadata = decodeMetadata(metadata.chunk, metadata.start, metadata.end));
    return metadata;
  }

  /** Keeps bytes [start, end) of `chunk` (never written again) as this node's metadata_props fields (tags included). */
  keepMetadata(chunk: Buffer, start: number, end: number): void {
    this.#metadata = new KeptMetadata(chunk, start, end);
  }
}

class KeptMetadata {
  constructor(
    readonly chunk: Buffer,
    readonly start: number,
    readonly end: number,
  ) {}
}

function decodeMetadata(chunk: Buffer, start: number, end: number): StringEntry[] {
  const c = new ProtoCursor(new BufferSource(chunk), start);
  const entries: StringEntry[] = [];
  try {
    // Fields 9 only, each checked by skipStringEntry when the node was read.
    while (c.pos < end) {
      c.tag(end);
      entries.push(readStringEntry(c, c.enter(end)));
    }
  } finally {
    c.release();
  }
  return entries;
}

/** Chunks of kept metadata bytes are this large (a node with more gets a chunk of its own size). */
const CHUNK_BYTES = 64 << 10;

/**
 * Where reads keep their nodes' metadata bytes. A node whose fields are one run still in the file's window keeps
 * them there (the source then reads on into a new window). Otherwise they are appended to a chunk, one range per
 * node, never written again (the next read's nodes go after this one's). A node's fields are kept when the node ends
 * (a subgraph's nodes, read meanwhile, have kept theirs by then), so a node's range is one piece even when its
 * fields were not.
 */
export class MetadataKeeper {
  private chunk: Buffer | undefined;
  private used = 0;

  /**
   * Keeps the node's fields for `node`: the run [start, end), then the file ranges in `more` (pairs of start and end;
   * rare: fields 9 apart).
   */
  keep(c: ProtoCursor, node: ReadNode, start: number, end: number, more: number[] | undefined): void {
    // One run still in the file's window (the usual case) is kept there: the window is the node's, uncopied.
    const lent = more ? -1 : c.lend(start, end);
    if (lent >= 0) {
      node.keepMetadata(c.window, lent, lent + end - start);
      return;
    }
    let length = end - start;
    if (more) for (let i = 0; i < more.length; i += 2) length += more[i + 1] - more[i];
    if (!this.chunk || this.used + length > this.chunk.length) {
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, length));
      this.used = 0;
    }
    const chunk = this.chunk;
    const from = this.used;
    c.copyOut(start, end, chunk, from);
    let at = from + end - start;
    if (more)
      for (let i = 0; i < more.length; i += 2) {
        c.copyOut(more[i], more[i + 1], chunk, at);
        at += more[i + 1] - more[i];
      }
    this.used = at;
    node.keepMetadata(chunk, from, at);
  }
}
