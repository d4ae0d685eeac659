#!/usr/bin/env node
// Turns the shared corpus's Triton release facts into server/knowledge/triton-releases.json: per container
// release (YY.MM) the server version, ONNX Runtime, the main -py3 container's TensorRT/CUDA/driver where NVIDIA
// states them, the minimum compute capability of the server build, and the trtllm/vllm containers' own stacks.
//
//   node scripts/gen-triton-releases.mjs > server/knowledge/triton-releases.json
//
// Inputs (../shared/corpus/triton/releases/): compatibility.md (preferred where files disagree),
// triton-version-map.json (build.py's version map and TRITON_MIN_COMPUTE_CAPABILITY per tag),
// py3-container-facts.json (hand-collected, each row cited). Every field records the file (and line) it came
// from; a fact no file states stays null ("unknown for this release") — in particular the trtllm container's
// TensorRT is never taken for the -py3 container's. Disagreements between files are listed per release.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.MODELREADY_SHARED ?? path.resolve(repoRoot, '../shared');
const DIR = 'triton/releases';
const COMPAT = `${DIR}/compatibility.md`;
const MAP = `${DIR}/triton-version-map.json`;
const FACTS = `${DIR}/py3-container-facts.json`;

/** The rows of each `## Container Name:` / `## ONNX Runtime Versions` table: {section, line, cells}. */
function markdownTables(text) {
  const rows = [];
  let section = '';
  text.split('\n').forEach((line, i) => {
    const heading = line.match(/^##\s+(.*)$/);
    if (heading) section = heading[1].trim();
    const cells = line.startsWith('|')
      ? line
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim())
      : [];
    if (/^\d{2}\.\d{2}$/.test(cells[0] ?? '')) rows.push({ section, line: i + 1, cells });
  });
  return rows;
}

const baseVersion = (v) => v.replace(/\+.*$/, '');

function compareReleases(a, b) {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

export function generate(corpusDir = path.join(shared, 'corpus')) {
  const read = (file) => fs.readFileSync(path.join(corpusDir, file), 'utf8');
  const map = JSON.parse(read(MAP));
  const facts = JSON.parse(read(FACTS));
  const releases = {};
  const entry = (release) =>
    (releases[release] ??= {
      triton: release,
      serverVersion: null,
      onnxruntime: null,
      tensorrt: null,
      cuda: null,
      driverMin: null,
      computeCapabilityMin: null,
      upstreamContainer: null,
      containers: {},
      sources: {},
      disagreements: [],
    });

  // build.py's map: server version, ORT, upstream container; CMake's minimum compute capability.
  for (const tag of map.releases) {
    if (!tag.triton_container_version || tag.tag === 'main') continue;
    const release = tag.triton_container_version.replace(/dev$/, '');
    const e = entry(release);
    const where = `${MAP} (${tag.tag}: ${tag.map_path}:${tag.map_line})`;
    e.serverVersion = tag.tag.replace(/^v/, '');
    e.upstreamContainer = tag.upstream_container_version;
    e.sources.serverVersion = e.sources.upstreamContainer = where;
    if (tag.ort_version) {
      e.onnxruntime = tag.ort_version;
      e.sources.onnxruntime = where;
    }
    const cmake = tag.min_compute_capability?.cmake_default;
    if (cmake) {
      e.computeCapabilityMin = cmake.value;
      e.sources.computeCapabilityMin = `${MAP} (${tag.tag}: ${cmake.path}:${cmake.line} TRITON_MIN_COMPUTE_CAPABILITY)`;
    }
  }

  // compatibility.md: ORT for every container (preferred), the trtllm and vllm containers' own stacks.
  for (const { section, line, cells } of markdownTables(read(COMPAT))) {
    const e = entry(cells[0]);
    const where = `${COMPAT}:${line}`;
    if (section.startsWith('ONNX Runtime')) {
      const ort = cells[1];
      if (e.onnxruntime && baseVersion(e.onnxruntime) !== baseVersion(ort))
        e.disagreements.push({
          field: 'onnxruntime',
          chosen: ort,
          chosenFrom: where,
          other: e.onnxruntime,
          otherFrom: e.sources.onnxruntime,
        });
      e.onnxruntime = ort;
      e.sources.onnxruntime = where;
    } else if (section.includes('trtllm-python-py3')) {
      const [, image, , torch, tensorrt, trtllm, cuda, driver] = cells;
      e.containers.trtllm = { image, torch, tensorrt, tensorrtLlm: trtllm, cuda, driver, source: where };
    } else if (section.includes('vllm-python-py3')) {
      const [, image, , vllm, cuda, driver] = cells;
      e.containers.vllm = { image, vllm, cuda, driver, source: where };
    }
  }

  // py3-container-facts.json: the main container's TensorRT, CUDA, driver where NVIDIA's text states them.
  for (const row of facts.py3) {
    const e = entry(row.release);
    const where = `${FACTS} (${row.source})`;
    for (const [from, to] of [
      ['tensorrt', 'tensorrt'],
      ['cuda', 'cuda'],
      ['driverMin', 'driverMin'],
    ]) {
      if (row[from] === undefined) continue;
      e[to] = row[from];
      e.sources[to] = where;
    }
    if (row.computeCapabilityMin !== undefined && row.computeCapabilityMin !== e.computeCapabilityMin) {
      // The rule: the server build's default decides; the release note's word is reported.
      e.disagreements.push({
        field: 'computeCapabilityMin',
        chosen: e.computeCapabilityMin,
        chosenFrom: e.sources.computeCapabilityMin,
        other: row.computeCapabilityMin,
        otherFrom: where,
      });
    }
  }

  const ordered = Object.fromEntries(
    Object.keys(releases)
      .sort(compareReleases)
      .map((r) => [r, releases[r]]),
  );
  const ortRows = Object.entries(facts.onnxruntimeTensorrt.rows).sort(([a], [b]) => compareReleases(a, b));
  const words = Object.entries(facts.engineVersionWord.rows).map(([word, releasesText]) => {
    const [from, to = from] = releasesText.split('-');
    return { word: Number(word), from, to };
  });
  return {
    generatedBy: 'scripts/gen-triton-releases.mjs',
    inputs: [COMPAT, MAP, FACTS].map((f) => `../shared/corpus/${f}`),
    releases: ordered,
    onnxruntimeTensorrt: {
      source: `${FACTS} (onnxruntimeTensorrt)`,
      note: facts.onnxruntimeTensorrt.about,
      rows: Object.fromEntries(ortRows),
    },
    engineVersionWords: {
      source: `${FACTS} (engineVersionWord: ${facts.engineVersionWord.sources.join('; ')})`,
      note: facts.engineVersionWord.about,
      rows: words,
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.stdout.write(JSON.stringify(generate(), null, 1) + '\n');
}
