// The one way a host takes messages from a webview. A webview runs untrusted model strings through a browser, so its
// messages are treated like network input: each is checked against the exact shape of its type (known type, no
// extra fields, bounded sizes) before anything acts on it. A refused message is answered with the view's own error
// message (the view can say so) and reported to `onInvalid` (the extension logs it); it does nothing else.

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };
export type Check = (v: unknown) => boolean;
/** The fields of each message type (besides `type`) and the check of each field. */
export type MessageShapes<M extends { type: string }> = { [K in M['type']]: Record<string, Check> };

export const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const hasOnly = (v: Record<string, unknown>, keys: string[]): boolean =>
  Object.keys(v).every((k) => keys.includes(k));

export const isString =
  (max: number): Check =>
  (v) =>
    typeof v === 'string' && v.length <= max;

export const isId: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;

export const isOneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);

export const isArrayOf =
  (each: Check, max: number): Check =>
  (v) =>
    Array.isArray(v) && v.length <= max && v.every(each);

/** Checks a message against the shapes of its type: the message itself when it fits, else what is wrong. */
export function checkMessage<M extends { type: string }>(shapes: MessageShapes<M>, raw: unknown): Checked<M> {
  if (!isObject(raw)) return fail('message is not an object');
  const type = raw.type;
  if (typeof type !== 'string' || !Object.hasOwn(shapes, type))
    return fail(`unknown message type ${JSON.stringify(String(type).slice(0, 80))}`);
  const shape = shapes[type as M['type']];
  for (const key of Object.keys(raw)) {
    if (key !== 'type' && !Object.hasOwn(shape, key)) return fail(`${type}: unexpected field "${key.slice(0, 80)}"`);
  }
  for (const [key, check] of Object.entries(shape)) {
    if (!check(raw[key])) return fail(`${type}: field "${key}" is missing or invalid`);
  }
  return { ok: true, value: raw as M };
}

/** What every webview host session gets from its owner (the extension, or a browser test). */
export interface WebviewHostHooks<H> {
  post(message: H): void;
  /** A refused message and why (the extension logs it). */
  onInvalid?(reason: string): void;
}

/**
 * The message if `check` accepts it; otherwise answers the view with `refusal(reason)`, reports the reason and
 * returns undefined.
 */
export function acceptMessage<M, H>(
  raw: unknown,
  check: (raw: unknown) => Checked<M>,
  hooks: WebviewHostHooks<H>,
  refusal: (reason: string) => H,
): M | undefined {
  const checked = check(raw);
  if (checked.ok) return checked.value;
  hooks.onInvalid?.(checked.error);
  hooks.post(refusal(checked.error));
  return undefined;
}
