// A 64-bit non-cryptographic hash (two 32-bit lanes, cyrb53-style mixing) of strings and small byte arrays:
// node signatures and small tensors are hashed tens of thousands of times per diff, and creating a crypto Hash
// object for each costs more than the rest of the matching. Collisions only weaken a match, never a byte check.

// The two lanes of the latest hash, after the final mix (module state: no array per hash).
let lane1 = 0;
let lane2 = 0;

function finish(h1: number, h2: number): void {
  lane1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  lane2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(lane1 ^ (lane1 >>> 13), 3266489909);
}

function hex(): string {
  return (lane2 >>> 0).toString(16).padStart(8, '0') + (lane1 >>> 0).toString(16).padStart(8, '0');
}

/** The latest hash folded to 53 bits, as a number: for keys only compared (no hex string made per key). */
function folded(): number {
  return 4294967296 * (2097151 & lane2) + (lane1 >>> 0);
}

function hashStringLanes(text: string, seed: number): void {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  finish(h1, h2);
}

export function hashString(text: string, seed = 0): string {
  hashStringLanes(text, seed);
  return hex();
}

/** hashString folded to 53 bits, as a number (see folded). */
export function hashStringToNumber(text: string, seed = 0): number {
  hashStringLanes(text, seed);
  return folded();
}

function hashBytesLanes(bytes: Uint8Array, seed: number): void {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i], 2654435761);
    h2 = Math.imul(h2 ^ bytes[i], 1597334677);
  }
  finish(h1, h2);
}

export function hashBytes(bytes: Uint8Array, seed = 0): string {
  hashBytesLanes(bytes, seed);
  return hex();
}

/** hashBytes folded to 53 bits, as a number (see folded). */
export function hashBytesToNumber(bytes: Uint8Array, seed = 0): number {
  hashBytesLanes(bytes, seed);
  return folded();
}
