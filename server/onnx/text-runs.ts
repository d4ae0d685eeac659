// Where the cursor's longer ASCII strings come from: one latin1 decode of the bytes around a string (a run) serves the
// strings that follow it, each a substring of the run; short strings outside the run are made alone.
import { isAscii } from 'node:buffer';
import { SHORT_ASCII_BYTES, shortAscii } from './short-ascii';

/**
 * Bytes decoded per run (at least the string asked for): a run serves the names of the next few nodes. A run whose
 * bytes were mostly not cut from (dynamo's metadata between one node's names and the next's) halves the next run,
 * down to MIN_RUN_BYTES; a well used one doubles it, up to MAX_RUN_BYTES.
 */
const MAX_RUN_BYTES = 2048;
const MIN_RUN_BYTES = 256;

export class TextRuns {
  /** The latest run, the source offsets it covers, and whether it holds only ASCII bytes. */
  private text = '';
  private start = 0;
  private end = 0;
  private allAscii = false;
  /** Bytes of the next run, and bytes cut from the current one. */
  private runBytes = MAX_RUN_BYTES;
  private cutBytes = 0;
  /**
   * The buffer `wordsOf` as 32-bit words from its first 4-byte aligned index `wordSkew` on (ASCII checks, four bytes a
   * step), made on the first check in a buffer.
   */
  private words: Int32Array | undefined;
  private wordsOf: Buffer | undefined;
  private wordSkew = 0;

  /**
   * The string at source offset `at` of `length` bytes, which buf holds from index at - base on (the source offsets
   * it holds end at `limit`): cut from a run when ASCII, else decoded as UTF-8.
   */
  cut(buf: Buffer, base: number, limit: number, at: number, length: number): string {
    const start = at - base;
    const inRun = at >= this.start && at + length <= this.end;
    // A short string outside the run is made alone: a new run for it would mostly decode bytes no string is cut from
    // (dynamo's metadata lies between one node's names and the next's), and V8 copies short substrings anyway.
    if (!inRun && length <= SHORT_ASCII_BYTES && this.ascii(buf, start, start + length))
      return shortAscii(buf, start, length);
    if (!inRun) {
      if (this.cutBytes * 4 < this.end - this.start) this.runBytes = Math.max(MIN_RUN_BYTES, this.runBytes >> 1);
      else this.runBytes = Math.min(MAX_RUN_BYTES, this.runBytes << 1);
      this.cutBytes = 0;
      this.start = at;
      this.end = Math.min(limit, at + Math.max(length, this.runBytes));
      const end = this.end - base;
      this.text = buf.toString('latin1', start, end);
      // One check of the run (C++, SIMD) spares a check per string in it; a run with a non-ASCII byte checks each.
      this.allAscii = isAscii(buf.subarray(start, end));
    }
    if (!this.allAscii && !this.ascii(buf, start, start + length)) return buf.toString('utf8', start, start + length);
    this.cutBytes += length;
    return this.text.substring(at - this.start, at - this.start + length);
  }

  /**
   * buf[start, end) holds only ASCII bytes; checked a word at a time in the aligned middle of longer ranges, the bytes
   * OR-ed together and tested once (non-ASCII names are rare: an early exit would only cost a branch per word).
   */
  private ascii(buf: Buffer, start: number, end: number): boolean {
    let bytes = 0;
    if (end - start < 12) {
      for (let i = start; i < end; i++) bytes |= buf[i];
      return bytes < 128;
    }
    if (this.wordsOf !== buf) {
      this.wordsOf = buf;
      this.wordSkew = (4 - (buf.byteOffset & 3)) & 3;
      this.words = new Int32Array(
        buf.buffer,
        buf.byteOffset + this.wordSkew,
        Math.max(0, buf.length - this.wordSkew) >> 2,
      );
    }
    const skew = this.wordSkew;
    let i = start;
    for (; ((i - skew) & 3) !== 0; i++) bytes |= buf[i];
    const words = this.words!;
    // Words k of buf[skew + 4k, skew + 4k + 4), those wholly before `end`.
    const wordEnd = (end - skew) >> 2;
    let word = 0;
    for (let k = (i - skew) >> 2; k < wordEnd; k++) word |= words[k];
    for (i = skew + (wordEnd << 2); i < end; i++) bytes |= buf[i];
    return bytes < 128 && (word & 0x80808080) === 0;
  }
}
