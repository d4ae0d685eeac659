// Short ASCII strings (op types, attribute names, short tensor names) made in JavaScript: String.fromCharCode with
// its char codes costs a fraction of a call into Buffer's decoder, whose fixed cost dominates for a few bytes.

/** The longest string shortAscii makes. */
export const SHORT_ASCII_BYTES = 16;

/** One reused array of char codes per length: String.fromCharCode.apply on it makes no array per string. */
const codes: number[][] = Array.from({ length: SHORT_ASCII_BYTES + 1 }, (_, n) => new Array<number>(n).fill(0));

/** b[s, s + n) as a string, for ASCII bytes and n <= SHORT_ASCII_BYTES. */
export function shortAscii(b: Buffer, s: number, n: number): string {
  const chars = codes[n];
  for (let i = 0; i < n; i++) chars[i] = b[s + i];
  return String.fromCharCode.apply(null, chars);
}
