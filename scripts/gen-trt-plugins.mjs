#!/usr/bin/env node
// Turns the TensorRT plugin tables of the shared corpus (tensorrt/plugins/plugin-README-<release>.md: plugin,
// registered name, versions, [DEPRECATED]) into server/knowledge/trt-plugins.json: the plugins each release
// ships and the (name, version) pairs a release removed relative to the one before it.
//
//   node scripts/gen-trt-plugins.mjs > server/knowledge/trt-plugins.json
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.MODELREADY_SHARED ?? path.resolve(repoRoot, '../shared');
const DIR = 'tensorrt/plugins';

/** `| [plugin](dir) [DEPRECATED] | Name | 1, 2 |` -> {name, versions, deprecated} per version group. */
export function parsePluginTable(text, file) {
  const rows = [];
  for (const line of text.split('\n')) {
    const cells = line.startsWith('|')
      ? line
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim())
      : [];
    if (cells.length < 3 || !cells[0].startsWith('[')) continue;
    const versions = cells[2]
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    if (!cells[1] || versions.some((v) => !/^\d+$/.test(v))) throw new Error(`${file}: cannot read row ${line}`);
    rows.push({ name: cells[1], versions, deprecated: /\[DEPRECATED\]/.test(cells[0]) });
  }
  if (rows.length < 20) throw new Error(`${file}: only ${rows.length} plugin rows; is this the plugin README?`);
  return rows;
}

export function generate(corpusDir = path.join(shared, 'corpus')) {
  const files = fs
    .readdirSync(path.join(corpusDir, DIR))
    .filter((f) => /^plugin-README-\d+\.\d+\.md$/.test(f))
    .map((f) => ({ file: f, release: f.match(/(\d+\.\d+)/)[1] }))
    .sort(
      (a, b) => Number(a.release.split('.')[0]) - Number(b.release.split('.')[0]) || a.release.localeCompare(b.release),
    );
  const releases = {};
  let previous;
  for (const { file, release } of files) {
    const rows = parsePluginTable(fs.readFileSync(path.join(corpusDir, DIR, file), 'utf8'), file);
    const plugins = {};
    for (const row of rows)
      for (const v of row.versions) (plugins[row.name] ??= {})[v] = { deprecated: row.deprecated };
    const removed = [];
    if (previous)
      for (const [name, versions] of Object.entries(previous.plugins))
        for (const v of Object.keys(versions)) if (!plugins[name]?.[v]) removed.push({ name, version: v });
    releases[release] = {
      source: `${DIR}/${file}`,
      plugins,
      ...(previous && { removedSince: previous.release, removed }),
    };
    previous = { release, plugins };
  }
  return {
    generatedBy: 'scripts/gen-trt-plugins.mjs',
    source: `../shared/corpus/${DIR} (NVIDIA/TensorRT plugin/README.md per release)`,
    releases,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.stdout.write(JSON.stringify(generate(), null, 1) + '\n');
}
