// TensorRT plan bytes built from the documented header layout (see server/target/plan-header.ts).
/** An engine header: magic, uint32 LE version word, then filler standing in for the engine body. */
export function planBytes(word: number, options: { magic?: string; metadata?: string; body?: number } = {}): Buffer {
  const engine = Buffer.alloc(8 + (options.body ?? 56));
  engine.write(options.magic ?? 'ptrt', 0, 'latin1');
  engine.writeUInt32LE(word, 4);
  if (options.metadata === undefined) return engine;
  const json = Buffer.from(options.metadata, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length, 0);
  return Buffer.concat([length, json, engine]);
}
