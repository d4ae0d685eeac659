// Dimension arithmetic for inference: a dim is a number, a symbolic name (or an expression of names such as
// "past+seq", kept when arithmetic on symbolic dims is provable), or null when unknown.
import type { Dim } from '../onnx/model';

/** Dims past this are treated as unknown: they cannot be real sizes and overflow int64 arithmetic. */
export const MAX_DIM = 2 ** 53;

export function isKnown(d: Dim): d is number {
  return typeof d === 'number';
}

export function isStatic(shape: Dim[] | undefined): shape is number[] {
  return !!shape && shape.every(isKnown);
}

export function product(shape: Dim[]): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (!isKnown(d)) return undefined;
    n *= d;
  }
  return n;
}

/** Two shapes with the same dims (a broadcast result equal to an input reuses the input's array). */
export function sameDims(a: Dim[], b: Dim[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** onnx's multidirectional broadcasting: a concrete dim > 1 wins, one distinct symbolic dim survives, else unknown. */
export function broadcastShapes(shapes: Dim[][]): Dim[] | string {
  let rank = 0;
  for (const shape of shapes) if (shape.length > rank) rank = shape.length;
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let value = 1;
    let symbolic: Dim | undefined;
    let symbolicCount = 0;
    for (const shape of shapes) {
      const offset = rank - shape.length;
      if (i < offset) continue;
      const d = shape[i - offset];
      if (isKnown(d)) {
        if (d !== 1) {
          if (value !== 1 && value !== d) return `dimension ${i} cannot broadcast: ${value} vs ${d}`;
          value = d;
        }
      } else if (symbolicCount === 0) {
        symbolic = d;
        symbolicCount = 1;
      } else if (d !== symbolic || d === null) symbolicCount++;
    }
    if (value !== 1 || symbolicCount === 0) out.push(value);
    else out.push(symbolicCount === 1 ? (symbolic ?? null) : null);
  }
  return out;
}

function wrap(d: string): string {
  return /^[A-Za-z0-9_.]+$/.test(d) ? d : `(${d})`;
}

/** a + b, exact for numbers, an expression for symbolic dims; unknown stays unknown. */
export function addDims(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return null;
  if (isKnown(a) && isKnown(b)) return a + b;
  if (a === 0) return b;
  if (b === 0) return a;
  return `${a}+${wrap(String(b))}`;
}

export function subDims(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return null;
  if (isKnown(a) && isKnown(b)) return a - b;
  if (b === 0) return a;
  if (a === b) return 0;
  return `${a}-${wrap(String(b))}`;
}

export function mulDims(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return a === 0 || b === 0 ? 0 : null;
  if (isKnown(a) && isKnown(b)) return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  if (a === 0 || b === 0) return 0;
  return `${wrap(String(a))}*${wrap(String(b))}`;
}

/** Floor division as shape arithmetic uses it (sizes are non-negative). */
export function divDims(a: Dim, b: Dim): Dim {
  if (a === null || b === null || b === 0) return null;
  if (isKnown(a) && isKnown(b)) return Math.floor(a / b);
  if (b === 1) return a;
  if (a === b) return 1;
  return null;
}

/** Sum of dims (Concat along an axis). */
export function sumDims(dims: Dim[]): Dim {
  return dims.reduce<Dim>((acc, d) => addDims(acc, d), 0);
}

/** Two dims that must be equal: the more specific one, or a message when they contradict. */
export function unifyDim(a: Dim, b: Dim): Dim | { conflict: string } {
  if (a === null) return b;
  if (b === null || a === b) return a;
  if (isKnown(a) && isKnown(b)) return { conflict: `${a} vs ${b}` };
  return isKnown(a) ? a : isKnown(b) ? b : a;
}

/** Evaluates an expression dim with concrete symbol values (tests confirm symbolic results this way). */
export function evaluateDim(d: Dim, symbols: Record<string, number>): number | undefined {
  if (d === null) return undefined;
  if (isKnown(d)) return d;
  const tokens = d.match(/[A-Za-z_][A-Za-z0-9_.]*|\d+|[-+*()]/g) ?? [];
  let at = 0;
  const primary = (): number | undefined => {
    const t = tokens[at++];
    if (t === '(') {
      const v = sum();
      at++;
      return v;
    }
    if (t !== undefined && /^\d+$/.test(t)) return Number(t);
    return t !== undefined ? symbols[t] : undefined;
  };
  const term = (): number | undefined => {
    let v = primary();
    while (tokens[at] === '*') {
      at++;
      const r = primary();
      v = v === undefined || r === undefined ? undefined : v * r;
    }
    return v;
  };
  const sum = (): number | undefined => {
    let v = term();
    while (tokens[at] === '+' || tokens[at] === '-') {
      const op = tokens[at++];
      const r = term();
      v = v === undefined || r === undefined ? undefined : op === '+' ? v + r : v - r;
    }
    return v;
  };
  return sum();
}

export function normalizeAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : undefined;
}

export function formatShape(shape: Dim[] | undefined): string {
  return shape ? `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]` : '(unknown shape)';
}
