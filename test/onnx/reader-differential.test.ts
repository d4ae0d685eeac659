// The reader against Debian's python3-onnx on every libonnx-testdata model and every corpus model:
// same graphs, nodes, inputs/outputs, opsets, initializers; and the payload byte ranges we record
// hold exactly the bytes onnx reads as raw_data.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { test } from 'node:test';
import type { OnnxGraph, OnnxModel, OnnxTensor, OnnxValueInfo } from '../../server/onnx/model';
import { readOnnxModel } from '../../server/onnx/reader';
import { walkGraphs } from '../../server/onnx/walk';
import { corpusModels, debianPython, onnxTestdataModels, repoRoot } from '../support/paths';

interface PyValueInfo {
  name: string;
  elemType?: string;
  shape?: (number | string | null)[] | null;
  kind?: string | null;
}
interface PyTensor {
  name: string;
  elemType: string;
  dims: number[];
  byteSize?: number;
  rawLength?: number;
  rawMd5?: string;
  external?: Record<string, string>;
}
interface PyGraph {
  path: string;
  name: string;
  nodes: { opType: string; domain: string; name: string; inputs: string[]; outputs: string[]; attributes: string[] }[];
  inputs: PyValueInfo[];
  outputs: PyValueInfo[];
  valueInfoCount: number;
  initializers: PyTensor[];
  sparseInitializers: { dims: number[]; values: PyTensor }[];
}
interface PyModel {
  file: string;
  error?: string;
  irVersion: number;
  producer: [string, string];
  opsets: [string, number][];
  metadata: Record<string, string>;
  functions: { name: string; domain: string; nodes: string[] }[];
  graphs: PyGraph[];
}

function dumpWithOnnx(files: string[]): PyModel[] {
  const out = execFileSync(debianPython, [`${repoRoot}/test/onnx/dump_with_onnx.py`, ...files], { maxBuffer: 1 << 30 });
  return out
    .toString()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

function valueInfo(v: OnnxValueInfo): PyValueInfo {
  const t = v.type;
  if (t?.kind === 'tensor') return { name: v.name, elemType: t.elemType, shape: t.shape ?? null };
  const kinds: Record<string, string> = {
    sequence: 'sequence_type',
    map: 'map_type',
    optional: 'optional_type',
    sparse_tensor: 'sparse_tensor_type',
    opaque: 'opaque_type',
  };
  return { name: v.name, kind: (t && kinds[t.kind]) ?? null };
}

function md5OfRange(file: string, offset: number, length: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, offset);
    return crypto.createHash('md5').update(buf).digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}

function compareTensor(file: string, ours: OnnxTensor, theirs: PyTensor, where: string): void {
  assert.equal(ours.name, theirs.name, where);
  assert.equal(ours.elemType, theirs.elemType, `${where} elemType`);
  assert.deepEqual(ours.dims, theirs.dims, `${where} dims`);
  if (theirs.byteSize !== undefined) assert.equal(ours.byteSize, theirs.byteSize, `${where} byteSize`);
  if (theirs.rawLength !== undefined) {
    const raw = ours.payloads.find((p) => p.field === 'raw_data');
    assert.ok(raw, `${where}: raw_data range recorded`);
    assert.equal(raw.length, theirs.rawLength, `${where} raw length`);
    assert.equal(md5OfRange(file, raw.offset, raw.length), theirs.rawMd5, `${where} raw bytes`);
  }
  if (theirs.external) {
    assert.equal(ours.external?.location, theirs.external.location, `${where} external location`);
    assert.equal(ours.external?.offset, Number(theirs.external.offset ?? 0), `${where} external offset`);
  }
}

function compareGraph(file: string, ours: OnnxGraph, theirs: PyGraph): void {
  const where = `${file} ${theirs.path}`;
  assert.equal(ours.name, theirs.name, `${where} name`);
  assert.deepEqual(
    ours.nodes.map((n) => ({
      opType: n.opType,
      domain: n.domain,
      name: n.name,
      inputs: n.inputs,
      outputs: n.outputs,
      attributes: n.attributes.map((a) => a.name),
    })),
    theirs.nodes,
    `${where} nodes`,
  );
  assert.deepEqual(ours.inputs.map(valueInfo), theirs.inputs, `${where} inputs`);
  assert.deepEqual(ours.outputs.map(valueInfo), theirs.outputs, `${where} outputs`);
  assert.equal(ours.valueInfo.length, theirs.valueInfoCount, `${where} value_info count`);
  assert.equal(ours.initializers.length, theirs.initializers.length, `${where} initializer count`);
  ours.initializers.forEach((t, i) => compareTensor(file, t, theirs.initializers[i], `${where} initializer ${i}`));
  assert.equal(ours.sparseInitializers.length, theirs.sparseInitializers.length, `${where} sparse initializers`);
  ours.sparseInitializers.forEach((s, i) => {
    assert.deepEqual(s.dims, theirs.sparseInitializers[i].dims);
    compareTensor(file, s.values!, theirs.sparseInitializers[i].values, `${where} sparse ${i}`);
  });
}

function compareModel(ours: OnnxModel, theirs: PyModel): void {
  assert.equal(ours.irVersion ?? 0, theirs.irVersion, 'ir_version');
  assert.deepEqual([ours.producerName ?? '', ours.producerVersion ?? ''], theirs.producer);
  assert.deepEqual(
    ours.opsetImports.map((o) => [o.domain, o.version]),
    theirs.opsets,
  );
  assert.deepEqual(Object.fromEntries(ours.metadataProps.map((p) => [p.key, p.value])), theirs.metadata);
  assert.deepEqual(
    ours.functions.map((f) => ({ name: f.name, domain: f.domain, nodes: f.nodes.map((n) => n.opType) })),
    theirs.functions,
  );
  const graphs = [...walkGraphs(ours.graph!)];
  assert.equal(graphs.length, theirs.graphs.length, `${ours.path}: number of graphs and subgraphs`);
  // walkGraphs visits depth-first in node order, the same order the dump uses.
  graphs.forEach(({ graph }, i) => compareGraph(ours.path, graph, theirs.graphs[i]));
}

function runDifferential(files: string[]): number {
  const dumps = dumpWithOnnx(files);
  assert.equal(dumps.length, files.length);
  let compared = 0;
  for (const theirs of dumps) {
    assert.equal(theirs.error, undefined, `python3-onnx could not load ${theirs.file}: ${theirs.error}`);
    compareModel(readOnnxModel(theirs.file), theirs);
    compared++;
  }
  return compared;
}

test('reader agrees with python3-onnx on every libonnx-testdata model', () => {
  const files = onnxTestdataModels();
  assert.ok(files.length > 1000, `expected the full libonnx-testdata set, found ${files.length}`);
  assert.equal(runDifferential(files), files.length);
});

test('reader agrees with python3-onnx on every corpus model', () => {
  const files = corpusModels();
  assert.ok(files.length >= 10);
  assert.equal(runDifferential(files), files.length);
});
