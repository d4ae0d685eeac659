// A copy of the checkout for tests that build or package: the repository's own dist/ is read by tests running at
// the same time, so it is never rewritten under them.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

/** Not copied: build output, git, installs (node_modules is linked instead), scratch. */
const NOT_STAGED = new Set([
  '.git',
  '.e2e',
  'node_modules',
  'dist',
  path.join('test', '.tmp'),
  path.join('bench', '.out'),
]);

/** Copies the checkout into `staging`, with node_modules linked from the repository. */
export function stageCheckout(staging: string): void {
  fs.cpSync(repoRoot, staging, { recursive: true, filter: (src) => !NOT_STAGED.has(path.relative(repoRoot, src)) });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(staging, 'node_modules'));
}
