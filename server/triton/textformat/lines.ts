// Offset <-> LSP position conversion for one text, via a table of line starts (binary search: O(log n) per lookup,
// so mapping every token of a 5 MB file stays linear overall).
import type { Position, Range } from '../../findings';

export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  offset(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const lineEnd = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    return Math.min(this.starts[pos.line] + Math.max(0, pos.character), lineEnd);
  }

  /**
   * `line:column` as protobuf prints it (1-based): protobuf's tokenizer counts bytes, and a tab moves the
   * column to the next multiple of 8.
   */
  protobufLocation(offset: number): string {
    const p = this.position(offset);
    let column = 0;
    const lineStart = this.starts[p.line];
    for (let i = lineStart; i < lineStart + p.character; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 9) column += 8 - (column % 8);
      else if (c < 0x80) column += 1;
      else if (c < 0x800) column += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        column += 4; // a surrogate pair is one 4-byte character
        i++;
      } else column += 3;
    }
    return `${p.line + 1}:${column + 1}`;
  }
}
