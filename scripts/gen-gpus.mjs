#!/usr/bin/env node
// Turns the shared corpus's GPU facts (gpus/gpus.json: name, compute capability, memory, each with its source)
// into server/knowledge/gpus.json, adding the short names users type ("T4", "A100", "L40S").
//
//   node scripts/gen-gpus.mjs > server/knowledge/gpus.json
//
// A short name is the first word after "NVIDIA" when it looks like a product code (letters then digits: A100,
// GB200, L40S); other GPUs are found by their full name without "NVIDIA". A short name shared by several GPUs
// (A100: SXM and PCIe) stays ambiguous: the resolver takes only the facts all of them agree on.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.MODELREADY_SHARED ?? path.resolve(repoRoot, '../shared');
const SOURCE = 'gpus/gpus.json';

export function shortNameOf(name) {
  const first = name.replace(/^NVIDIA\s+/, '').split(/\s+/)[0];
  return /^[A-Z]{1,2}\d+[A-Z]?$/.test(first) ? first : undefined;
}

export function generate(corpusDir = path.join(shared, 'corpus')) {
  const rows = JSON.parse(fs.readFileSync(path.join(corpusDir, SOURCE), 'utf8'));
  const gpus = rows.map((row) => {
    if (!/^\d+\.\d+$/.test(row.computeCapability))
      throw new Error(`${SOURCE}: ${row.name}: compute capability ${row.computeCapability} is not major.minor`);
    return {
      name: row.name,
      computeCapability: row.computeCapability,
      memoryBytes: row.memoryBytes ?? null,
      memoryKind: row.memoryKind ?? null,
      source: `${SOURCE} (${row.source})`,
    };
  });
  const shortNames = {};
  for (const gpu of gpus) {
    const short = shortNameOf(gpu.name);
    if (short) (shortNames[short] ??= []).push(gpu.name);
  }
  return { generatedBy: 'scripts/gen-gpus.mjs', source: `../shared/corpus/${SOURCE}`, gpus, shortNames };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.stdout.write(JSON.stringify(generate(), null, 1) + '\n');
}
