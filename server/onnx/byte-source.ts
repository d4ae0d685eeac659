// Random access to a model's bytes through a bounded window, so a multi-gigabyte file is never
// held in memory: the reader asks for the few bytes it decodes and seeks past tensor payloads. A file of at most
// 1 MiB (a graph whose weights are elsewhere) is one window.
import fs from 'node:fs';
import { shortReadIsEnd } from './short-read-end';

export interface ByteSource {
  readonly size: number;
  /**
   * Returns a buffer holding at least `[offset, offset + length)` (clamped to the end of the
   * source) and the index in it where `offset` starts. The buffer is only valid until the next call.
   */
  view(offset: number, length: number): { buffer: Buffer; start: number; available: number };
  /**
   * Leaves the buffer the last view returned to the caller, who keeps bytes in it: the source never writes it again.
   * False when the caller must copy what it keeps instead (a buffer the source does not own).
   */
  pin(): boolean;
  close(): void;
}

export class BufferSource implements ByteSource {
  constructor(private readonly data: Buffer) {}
  get size(): number {
    return this.data.length;
  }
  view(offset: number): { buffer: Buffer; start: number; available: number } {
    return { buffer: this.data, start: offset, available: Math.max(0, this.data.length - offset) };
  }
  /** The data is the caller's, who may write it again. */
  pin(): boolean {
    return false;
  }
  close(): void {}
}

// Small enough that skipping a payload and reading the next tag costs little, large enough to
// hold many small messages per read.
const DEFAULT_WINDOW = 64 << 10;
/**
 * A file up to this size is read whole, as one window (a model's graph without its weights: dynamo exports of a few
 * hundred KB whose node metadata then stays in the window uncopied, see pin); a larger one through windows.
 */
const WHOLE_FILE_BYTES = 1 << 20;

/** A default-size window left by a closed source, taken by the next: reading a small model allocates no buffer. */
let spareWindow: Buffer | undefined;
/** The same for files read whole: a buffer of up to WHOLE_FILE_BYTES that no reader kept bytes in. */
let spareWhole: Buffer | undefined;

export class FileSource implements ByteSource {
  readonly size: number;
  private readonly fd: number;
  private window: Buffer;
  private windowStart = 0;
  private windowLength = 0;
  /** The window holds bytes a reader keeps (see pin): the next fill reads into a new one. */
  private pinned = false;
  /** Set while the window is the whole file (read at once, see readWhole): the buffer the window is a view of. */
  private wholeBuffer: Buffer | undefined;

  constructor(path: string) {
    this.fd = fs.openSync(path, fs.constants.O_RDONLY);
    try {
      this.window = spareWindow ?? Buffer.allocUnsafe(DEFAULT_WINDOW);
      spareWindow = undefined;
      // The first window is read at once. A read of 0 bytes before it is full marks the end, and so does a short
      // read where short-read-end.ts says it can (elsewhere FUSE mounts such as s3fs, or gcsfuse with direct I/O, may
      // return fewer bytes than asked before the end): a small model costs an open, one or two reads and a close; a
      // larger one's size comes from fstat.
      let done = fs.readSync(this.fd, this.window, 0, DEFAULT_WINDOW, 0);
      if (done > 0 && done < DEFAULT_WINDOW && !shortReadIsEnd())
        for (let n = 1; n > 0 && done < DEFAULT_WINDOW; done += n)
          n = fs.readSync(this.fd, this.window, done, DEFAULT_WINDOW - done, done);
      this.size = done < DEFAULT_WINDOW ? done : fs.fstatSync(this.fd).size;
      this.windowLength = done;
      if (this.size > DEFAULT_WINDOW && this.size <= WHOLE_FILE_BYTES) this.readWhole();
    } catch (error) {
      fs.closeSync(this.fd);
      throw error;
    }
  }

  /**
   * Makes the window the whole file (its first window already read): the rest in one read, and a window a reader
   * can keep bytes in (dynamo's node metadata, see read-node.ts) without the source reading into a new one.
   */
  private readWhole(): void {
    const buffer = spareWhole && spareWhole.length >= this.size ? spareWhole : Buffer.allocUnsafe(this.size);
    spareWhole = undefined;
    const whole = buffer.subarray(0, this.size);
    this.window.copy(whole, 0, 0, this.windowLength);
    spareWindow = this.window;
    this.window = whole;
    this.wholeBuffer = buffer;
    for (let n = 1; n > 0 && this.windowLength < this.size; this.windowLength += n)
      n = fs.readSync(this.fd, whole, this.windowLength, this.size - this.windowLength, this.windowLength);
  }

  view(offset: number, length: number): { buffer: Buffer; start: number; available: number } {
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    if (offset < this.windowStart || offset + wanted > this.windowStart + this.windowLength) {
      this.fill(offset, wanted);
    }
    const start = offset - this.windowStart;
    return { buffer: this.window, start, available: this.windowLength - start };
  }

  /** Refused for a window grown past the default size for one long field: a kept node would hold all of it. */
  pin(): boolean {
    if (!this.wholeBuffer && this.window.length > DEFAULT_WINDOW) return false;
    this.pinned = true;
    return true;
  }

  private fill(offset: number, wanted: number): void {
    if (this.pinned) {
      this.window = Buffer.allocUnsafe(Math.max(wanted, DEFAULT_WINDOW));
      this.pinned = false;
    } else if (wanted > this.window.length) this.window = Buffer.allocUnsafe(wanted);
    else if (this.window.length > DEFAULT_WINDOW && wanted <= DEFAULT_WINDOW)
      this.window = Buffer.allocUnsafe(DEFAULT_WINDOW);
    const toRead = Math.min(this.window.length, this.size - offset);
    let done = 0;
    while (done < toRead) {
      const n = fs.readSync(this.fd, this.window, done, toRead - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    this.windowStart = offset;
    this.windowLength = done;
    this.wholeBuffer = undefined;
  }

  close(): void {
    fs.closeSync(this.fd);
    if (this.pinned) return;
    if (this.wholeBuffer) spareWhole = this.wholeBuffer;
    else if (this.window.length === DEFAULT_WINDOW) spareWindow = this.window;
  }
}
