// Where the shared real data lives: $MODELREADY_SHARED, else ../shared beside the repository root.
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
export const sharedRoot = process.env.MODELREADY_SHARED ?? path.resolve(repoRoot, '../shared');
export const trexRoot = path.join(sharedRoot, 'corpus/trtexec/trex');

/** Every file under the TREx corpus folder whose name ends with `suffix`, sorted. */
export function corpusFiles(suffix: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(suffix)) out.push(full);
    }
  };
  walk(trexRoot);
  return out.sort();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
