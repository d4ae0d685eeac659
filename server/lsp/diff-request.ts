// `modelready/diffModels`: the diff of two models for the graph view. A side may come as bytes (the Git HEAD blob
// the client read through the Git extension): they go to a private temp folder for the reader and are removed after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiffModelsRequest, type DiffModelsResult, type DiffSide } from '../contract/model-diff';
import { isModelFile } from '../workspace-files';
import { toPath, type ServerContext } from './context';

/** A revision larger than this (base64 text) is refused rather than buffered. */
const MAX_BYTES_TEXT = 1024 * 1024 * 1024;

export function registerDiffRequest(ctx: ServerContext): void {
  ctx.connection.onRequest(DiffModelsRequest, async (params): Promise<DiffModelsResult> => {
    let temp: string | undefined;
    try {
      const files: string[] = [];
      for (const side of [params?.a, params?.b]) {
        const file = sideFile(side, () => (temp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-diff-'))));
        if (typeof file !== 'string') return file;
        files.push(file);
      }
      return await ctx.pool.run<DiffModelsResult>({ kind: 'diff', a: files[0], b: files[1] }, 'interactive');
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    } finally {
      if (temp) fs.rmSync(temp, { recursive: true, force: true });
    }
  });
}

/** The file a side stands for (bytes written under `tempDir()`), or the answer saying what is wrong with it. */
function sideFile(side: DiffSide | undefined, tempDir: () => string): string | { ok: false; message: string } {
  const file = typeof side?.uri === 'string' ? toPath(side.uri) : undefined;
  if (!side || !file || !isModelFile(file))
    return { ok: false, message: `${side?.uri ?? 'a side of the comparison'} is not an .onnx file` };
  if (side.bytes === undefined) return file;
  if (typeof side.bytes !== 'string' || side.bytes.length > MAX_BYTES_TEXT)
    return { ok: false, message: `${file}: the revision's bytes are missing or too large` };
  // Its own folder per side, under the file's own name: messages name the model the user knows.
  const dir = fs.mkdtempSync(path.join(tempDir(), 'rev-'));
  const copy = path.join(dir, path.basename(file));
  fs.writeFileSync(copy, Buffer.from(side.bytes, 'base64'));
  return copy;
}
