// `npm run package [-- --out DIR|FILE]`: builds the bundles, then packs the .vsix with @vscode/vsce.
// The files are package.json's `files` (the same list npm pack uses). --no-dependencies: the esbuild bundles already
// contain every JS dependency, so node_modules stays out (onnxruntime-node, native and ~290 MB, is not shipped:
// "Run with ONNX Runtime" then says what to install). The extension page shows docs/extension-readme.md, written for
// users, instead of the developer README; ModelReady has no public repository, hence --allow-missing-repository.
// Prints the .vsix path, its size and file count.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const fileName = `${pkg.name}-${pkg.version}.vsix`;
let out = path.resolve(values.out ?? root);
if (!out.endsWith('.vsix')) {
  fs.mkdirSync(out, { recursive: true });
  out = path.join(out, fileName);
}

execFileSync(process.execPath, [path.join(root, 'esbuild.config.mjs')], { cwd: root, stdio: 'inherit' });
const vsce = path.join(path.dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
const options = ['--no-dependencies', '--readme-path', 'docs/extension-readme.md'];
execFileSync(process.execPath, [vsce, 'package', ...options, '--allow-missing-repository', '--out', out], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
const listing = execFileSync(process.execPath, [vsce, 'ls', ...options], { cwd: root, encoding: 'utf8' })
  .trim()
  .split('\n');
const bytes = fs.statSync(out).size;
console.log(`${out}: ${(bytes / 1024 / 1024).toFixed(2)} MB, ${listing.length} files`);
