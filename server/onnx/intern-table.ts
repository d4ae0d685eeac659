// The reader's table of interned ASCII strings: op types, attribute names, domains, symbolic dims and short tensor
// names repeat on many nodes, so each distinct one decodes once and the model holds one copy. Open addressing with
// an FNV-1a hash; a candidate is confirmed byte for byte against a copy of its bytes (typed array against typed
// array, cheaper than charCodeAt on the string).
import { SHORT_ASCII_BYTES, shortAscii } from './short-ascii';

/** Initial slots, grown when half full: a small model's few names fit, a large one grows it a few times. */
const INITIAL_SLOTS = 64;
const INITIAL_BYTES = 1024;
/**
 * A released table holding this few strings is kept, strings and all, for the next read: the op types, attribute
 * names and domains of the next model are mostly the same strings, found instead of decoded again (a few KB at most).
 */
export const MAX_SPARE_STRINGS = 128;
/**
 * A released table with more strings is kept emptied (its slots, not its strings) up to this many slots: the next
 * read of a model of its size starts without growing one table after another.
 */
const MAX_EMPTIED_SLOTS = 4096;
let spare: InternTable | undefined;
let emptied: InternTable | undefined;

export class InternTable {
  /**
   * Each slot's hash, odd (0 marks an empty slot): a probe reads these, and a slot's length, offset and string only
   * when its hash matches, so a miss touches no string.
   */
  private hashes = new Int32Array(INITIAL_SLOTS);
  /** Holey (a hole reads as undefined): no fill on allocation or growth. */
  private strings: (string | undefined)[] = new Array<string | undefined>(INITIAL_SLOTS);
  private lengths = new Int32Array(INITIAL_SLOTS);
  /** Where each slot's bytes start in `bytes`. */
  private offsets = new Int32Array(INITIAL_SLOTS);
  private bytes = new Uint8Array(INITIAL_BYTES);
  private used = 0;
  private count = 0;

  /** The table a released reader left (one with its strings first), or a new one. */
  static take(): InternTable {
    const table = spare ?? emptied ?? new InternTable();
    if (table === spare) spare = undefined;
    else if (table === emptied) emptied = undefined;
    return table;
  }

  /** Keeps the table for the next take(), with its strings when they are few; the caller no longer uses it. */
  static release(table: InternTable): void {
    if (table.count <= MAX_SPARE_STRINGS) spare = table;
    else if (table.hashes.length <= MAX_EMPTIED_SLOTS) {
      // Lengths and offsets are read only for a matching hash, so the emptied hashes clear every slot.
      table.hashes.fill(0);
      table.strings = new Array<string | undefined>(table.hashes.length);
      table.count = 0;
      table.used = 0;
      emptied = table;
    }
  }

  /** Strings held. */
  get size(): number {
    return this.count;
  }

  /** buf[start, end) as a string, the same string object for the same ASCII bytes (others decode as UTF-8). */
  intern(buf: Buffer, start: number, end: number): string {
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) {
      const byte = buf[i];
      if (byte > 127) return buf.toString('utf8', start, end);
      hash = Math.imul(hash ^ byte, 16777619);
    }
    hash |= 1;
    const n = end - start;
    const hashes = this.hashes;
    const mask = hashes.length - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (let known = hashes[slot]; known !== 0; slot = (slot + 1) & mask, known = hashes[slot])
      if (known === hash && this.lengths[slot] === n && this.same(this.offsets[slot], buf, start, n))
        return this.strings[slot]!;
    const value = n <= SHORT_ASCII_BYTES ? shortAscii(buf, start, n) : buf.toString('latin1', start, end);
    const at = this.append(buf, start, n);
    if (++this.count * 2 > hashes.length) {
      this.grow();
      this.place(hash, value, n, at);
    } else this.fill(slot, hash, value, n, at);
    return value;
  }

  private same(at: number, buf: Buffer, start: number, n: number): boolean {
    const bytes = this.bytes;
    for (let i = 0; i < n; i++) if (bytes[at + i] !== buf[start + i]) return false;
    return true;
  }

  private append(buf: Buffer, start: number, n: number): number {
    const at = this.used;
    if (at + n > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(2 * this.bytes.length, at + n));
      bigger.set(this.bytes.subarray(0, at));
      this.bytes = bigger;
    }
    const bytes = this.bytes;
    for (let i = 0; i < n; i++) bytes[at + i] = buf[start + i];
    this.used = at + n;
    return at;
  }

  private place(hash: number, value: string, n: number, at: number): void {
    const mask = this.hashes.length - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    while (this.hashes[slot] !== 0) slot = (slot + 1) & mask;
    this.fill(slot, hash, value, n, at);
  }

  private fill(slot: number, hash: number, value: string, n: number, at: number): void {
    this.hashes[slot] = hash;
    this.strings[slot] = value;
    this.lengths[slot] = n;
    this.offsets[slot] = at;
  }

  private grow(): void {
    const { hashes, strings, lengths, offsets } = this;
    const slots = hashes.length * 2;
    this.hashes = new Int32Array(slots);
    this.strings = new Array<string | undefined>(slots);
    this.lengths = new Int32Array(slots);
    this.offsets = new Int32Array(slots);
    for (let slot = 0; slot < hashes.length; slot++)
      if (hashes[slot] !== 0) this.place(hashes[slot], strings[slot]!, lengths[slot], offsets[slot]);
  }
}
