// tensorrtVersion of `modelready engine` on the real sets: a trtexec log beside the layer JSON gives the full version,
// the 11.x format gives "11.x", and where nothing beside the JSON states a version it stays null. Expected versions
// are read from the raw files here, never from the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpusFiles, repoRoot, sharedRoot } from '../profiling/corpus';
import { loadEngineReport } from '../../server/engine/load-engine';

const YOLO = path.join(sharedRoot, 'corpus/trtexec/trex-history/yolo-int8-orin-trt8.5.2-pr3444');
const TRT11 = path.join(repoRoot, 'test/fixtures/engine/trt11-inspector.json');
const logVersion = (file: string) => /\[I\] TensorRT version: (\S+)/.exec(fs.readFileSync(file, 'utf8'))![1];

test('name-only TensorRT 8.5 layer info: the version comes from the trtexec log beside it', () => {
  const report = loadEngineReport({ layers: path.join(YOLO, 'layer_info.json') });
  assert.equal(logVersion(path.join(YOLO, 'trt.out')), '8.5.2');
  assert.equal(report.tensorrtVersion, '8.5.2');
  assert.match(report.tensorrtVersionSource!, /^trt\.out /);
});

test('TensorRT 11 inspector JSON: the format alone gives the major version', () => {
  const report = loadEngineReport({ layers: TRT11 });
  assert.equal(report.tensorrtVersion, '11.x');
  assert.match(report.tensorrtVersionSource!, /I\/O Tensors/);
});

test('TREx sets: no file beside the JSON states a version, so it stays null', () => {
  const sets = [
    ...corpusFiles('.graph.json'),
    path.join(sharedRoot, 'corpus/trtexec/trex-history/mobilenet-qat-trex-v0.1.0/mobilenet.qat.onnx.engine.graph.json'),
  ];
  assert.ok(sets.length >= 6);
  for (const layers of sets) {
    const dir = path.dirname(layers);
    for (const f of fs.readdirSync(dir))
      assert.doesNotMatch(fs.readFileSync(path.join(dir, f), 'utf8'), /TensorRT version|trt_?version/i, f);
    const report = loadEngineReport({ layers });
    assert.equal(report.tensorrtVersion, null, layers);
    assert.equal(report.tensorrtVersionSource, null);
  }
});

test('a log counts only when it is this JSON`s: same stem, or its command exported this file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-version-'));
  try {
    const log = fs.readFileSync(path.join(YOLO, 'trt.out'), 'utf8');
    const layers = fs.readFileSync(path.join(YOLO, 'layer_info.json'));
    // The real log exported layer_info.json; beside a JSON of another name it belongs to another build.
    fs.writeFileSync(path.join(dir, 'other.json'), layers);
    fs.writeFileSync(path.join(dir, 'trt.out'), log);
    assert.equal(loadEngineReport({ layers: path.join(dir, 'other.json') }).tensorrtVersion, null);
    // The same log saved under the JSON's stem (TREx's <stem>.build.log naming) is its own.
    fs.writeFileSync(path.join(dir, 'other.build.log'), log);
    const report = loadEngineReport({ layers: path.join(dir, 'other.json') });
    assert.equal(report.tensorrtVersion, '8.5.2');
    assert.match(report.tensorrtVersionSource!, /^other\.build\.log /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
