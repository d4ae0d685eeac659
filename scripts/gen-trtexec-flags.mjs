#!/usr/bin/env node
// Turns the shared corpus's `trtexec --help` texts (tensorrt/trtexec-help/, one per distinct text, index.json maps
// every release branch 8.0-11.1 to one) into server/knowledge/trtexec-flags.json: the option names each TensorRT
// release's trtexec accepts, so the command lines we emit for a target release use only its own flags.
//
//   node scripts/gen-trtexec-flags.mjs > server/knowledge/trtexec-flags.json
//
// An option is a line of the help that starts (after indentation) with `--name`; aliases after a comma on that
// line (`--versionCompatible, --vc`) count too.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.MODELREADY_SHARED ?? path.resolve(repoRoot, '../shared');
const DIR = 'tensorrt/trtexec-help';

export function helpFlags(text) {
  const flags = new Set();
  for (const m of text.matchAll(/^\s*(--[A-Za-z][A-Za-z0-9]*(?:, --?[A-Za-z][A-Za-z0-9]*)*)/gm))
    for (const name of m[1].matchAll(/--([A-Za-z][A-Za-z0-9]*)/g)) flags.add(name[1]);
  return [...flags].sort();
}

const compareReleases = (a, b) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

export function generate(corpusDir = path.join(shared, 'corpus')) {
  const index = JSON.parse(fs.readFileSync(path.join(corpusDir, DIR, 'index.json'), 'utf8'));
  const releases = {};
  for (const row of index) {
    const release = row.tensorrt_branch.replace(/^release\//, '');
    const text = fs.readFileSync(path.join(corpusDir, DIR, row.file), 'utf8');
    releases[release] = { helpFile: `${DIR}/${row.file}`, commit: row.commit, flags: helpFlags(text) };
  }
  const ordered = Object.keys(releases).sort(compareReleases);
  return {
    generatedBy: 'scripts/gen-trtexec-flags.mjs',
    source: `../shared/corpus/${DIR} (NVIDIA/TensorRT samples/common/sampleOptions.cpp help() per release branch)`,
    releases: Object.fromEntries(ordered.map((r) => [r, releases[r]])),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.stdout.write(JSON.stringify(generate()) + '\n');
}
