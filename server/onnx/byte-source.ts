// Random access to a model's bytes through a bounded window, so a multi-gigabyte file is never
// held in memory: the reader asks for the few bytes it decodes and seeks past tensor payloads.
import fs from 'node:fs';
import { shortReadIsEnd } from './short-read-end';

export interface ByteSource {
  readonly size: number;
  /**
   * Returns a buffer holding at least `[offset, offset + length)` (clamped to the end of the
   * source) and the index in it where `offset` starts. The buffer is only valid until the next call.
   */
  view(offset: number, length: number): { buffer: Buffer; start: number; available: number };
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
  close(): void {}
}

// Small enough that skipping a payload and reading the next tag costs little, large enough to
// hold many small messages per read.
const DEFAULT_WINDOW = 64 << 10;

/** A default-size window left by a closed source, taken by the next: reading a small model allocates no buffer. */
let spareWindow: Buffer | undefined;

export class FileSource implements ByteSource {
  readonly size: number;
  private readonly fd: number;
  private window: Buffer;
  private windowStart = 0;
  private windowLength = 0;

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
    } catch (error) {
      fs.closeSync(this.fd);
      throw error;
    }
  }

  view(offset: number, length: number): { buffer: Buffer; start: number; available: number } {
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    if (offset < this.windowStart || offset + wanted > this.windowStart + this.windowLength) {
      this.fill(offset, wanted);
    }
    const start = offset - this.windowStart;
    return { buffer: this.window, start, available: this.windowLength - start };
  }

  private fill(offset: number, wanted: number): void {
    if (wanted > this.window.length) this.window = Buffer.allocUnsafe(wanted);
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
  }

  close(): void {
    fs.closeSync(this.fd);
    if (this.window.length === DEFAULT_WINDOW) spareWindow = this.window;
  }
}
