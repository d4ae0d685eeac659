// Short ASCII strings (op types, attribute names, short tensor names) made in JavaScript: String.fromCharCode with
// its char codes costs a fraction of a call into Buffer's decoder, whose fixed cost dominates for a few bytes.

/**
 * The longest string shortAscii makes: dynamo's tensor names ("layer1.0.conv1.weight", "getitem_3") outside a text
 * run (see text-runs.ts) come out cheaper this way than from a new run; 64 cost bert's longer names more.
 */
export const SHORT_ASCII_BYTES = 40;

/** One reused array of char codes per length: String.fromCharCode.apply on it makes no array per string. */
const codes: number[][] = Array.from({ length: SHORT_ASCII_BYTES + 1 }, (_, n) => new Array<number>(n).fill(0));

/** b[s, s + n) as a string, for ASCII bytes and n <= SHORT_ASCII_BYTES. */
export function shortAscii(b: Buffer, s: number, n: number): string {
  const chars = codes[n];
  for (let i = 0; i < n; i++) chars[i] = b[s + i];
  return String.fromCharCode.apply(null, chars);
}
