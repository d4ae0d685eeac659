// trtexec import on real files (issue 13): version codes of every TensorRT release format, columns a file does not
// have stay null / "—" (never copied from another column), and files of different runs are refused by name.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { trtexecImportCommand } from '../../server/cli/trtexec-import';
import { importTrtexecFiles, importTrtexecTexts, TrtexecImportError } from '../../server/profiling/import-results';
import { normalizeTrtVersion, parseTrtexecLog } from '../../server/profiling/trtexec-log';
import { sharedRoot, trexRoot } from './corpus';

const yolo = path.join(sharedRoot, 'corpus/trtexec/trex-history/yolo-int8-orin-trt8.5.2-pr3444');
const yoloLog = fs.readFileSync(path.join(yolo, 'trt.out'), 'utf8');
const a100 = path.join(trexRoot, 'examples/pytorch/resnet/A100/fp32');
const rtx3090 = path.join(trexRoot, 'examples/tensorflow/resnet/RTX-3090/fp16');

test('TensorRT version codes of every release format become major.minor.patch', () => {
  // 8.0-8.4 print a four-digit code, 10+ a six-digit one; dotted versions pass through.
  for (const [code, version] of [
    ['8003', '8.0.3'],
    ['8401', '8.4.1'],
    ['8502', '8.5.2'],
    ['100300', '10.3.0'],
    ['101500', '10.15.0'],
    ['8.6.1', '8.6.1'],
    ['10.13.0.35', '10.13.0.35'],
  ])
    assert.equal(normalizeTrtVersion(code), version, code);
  // The real TensorRT 8.5.2 log, and the same log with the version line as TensorRT 8.0-8.4 print it.
  assert.equal(parseTrtexecLog(yoloLog).tensorrtVersion, '8.5.2');
  const asCode = yoloLog.replace('TensorRT version: 8.5.2', 'TensorRT version: 8502');
  assert.notEqual(asCode, yoloLog);
  assert.equal(parseTrtexecLog(asCode).tensorrtVersion, '8.5.2');
});

test('a --dumpProfile table without a median column (before TensorRT 8.5) gives null medians and "—" in text', async () => {
  // The real 8.5.2 table with its Median column removed, as TensorRT 8.0-8.4 printed it.
  const lines = yoloLog.split('\n');
  const start = lines.findIndex((l) => /=== Profile \(\d+ iterations ?\) ===/.test(l));
  assert.ok(start > 0);
  const withMedian = parseTrtexecLog(yoloLog).dumpedProfile!;
  assert.ok(withMedian.layers.every((l) => typeof l.medianMs === 'number'));
  const older = lines
    .map((l, i) => {
      if (i <= start || !/\[I\]/.test(l)) return l;
      if (/Median Time \(ms\)/.test(l)) return l.replace(/\s+Median Time \(ms\)/, '');
      // Layer rows end with: time avg median percent; drop the median (third from the end).
      return l.replace(
        /(\s+-?\d+(?:\.\d+)?)(\s+-?\d+(?:\.\d+)?)(\s+-?\d+(?:\.\d+)?)(\s+-?\d+(?:\.\d+)?)\s*$/,
        '$1$2$4',
      );
    })
    .join('\n');
  const dumped = parseTrtexecLog(older).dumpedProfile!;
  assert.equal(dumped.layers.length, withMedian.layers.length);
  for (const [i, l] of dumped.layers.entries()) {
    assert.equal(l.medianMs, null);
    assert.equal(l.averageMs, withMedian.layers[i].averageMs);
  }
  const run = importTrtexecTexts([{ file: 'trt-8.4.out', text: older }]);
  assert.ok(run.layers.length > 0 && run.layers.every((l) => l.medianMs === null));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trtexec-8.4-'));
  try {
    fs.writeFileSync(path.join(dir, 'trt.out'), older);
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: () => {} };
    assert.equal(await trtexecImportCommand([path.join(dir, 'trt.out')], io), 0);
    const rows = out.split('\n').filter((l) => l.includes(' -> ') && !l.includes('avg ms'));
    assert.ok(rows.length > 0 && rows.every((r) => /^\s*[\d.]+\s+—\s+[\d.]+\s/.test(r)), rows.slice(0, 2).join('\n'));
    out = '';
    assert.equal(await trtexecImportCommand([path.join(dir, 'trt.out'), '--json'], io), 0);
    assert.ok(JSON.parse(out).layers.every((l: { medianMs: unknown }) => l.medianMs === null));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an --exportProfile without medianMs keeps null, not the average', () => {
  const text = JSON.stringify([{ count: 3 }, { name: 'conv', timeMs: 3, averageMs: 1, percentage: 100 }]);
  const run = importTrtexecTexts([{ file: 'profile.json', text }]);
  assert.equal(run.layers[0].medianMs, null);
  assert.equal(run.layers[0].averageMs, 1);
});

const refused = async (files: string[], pattern: RegExp) => {
  await assert.rejects(importTrtexecFiles(files), (e: unknown) => {
    assert.ok(e instanceof TrtexecImportError, String(e));
    assert.match(e.message, pattern);
    for (const f of files.slice(0, 2)) assert.ok(e.message.includes(f), `${e.message} names ${f}`);
    return true;
  });
};

test('files of different runs are refused, naming the files; files of one run import together', async () => {
  // One run: the log, its --exportProfile and --exportLayerInfo.
  const one = await importTrtexecFiles(['trt.out', 'profile.json', 'layer_info.json'].map((f) => path.join(yolo, f)));
  assert.equal(one.summary.tensorrtVersion, '8.5.2');
  assert.equal(one.summary.profileSource, 'export');
  // Two TREx profile metadata files of different runs (A100 FP32, RTX 3090 FP16).
  await refused(
    [
      path.join(a100, 'resnet.onnx.engine.profile.metadata.json'),
      path.join(rtx3090, 'resnet.onnx.engine.profile.metadata.json'),
    ],
    /different trtexec runs \((GPU|throughput|mean latency|TensorRT)/,
  );
  // A log of one run with the device metadata of another GPU.
  await refused([path.join(yolo, 'trt.out'), path.join(a100, 'resnet.onnx.engine.metadata.json')], /GPU "/);
  // The yolo log (11 profiled iterations) with the A100 ResNet profile.
  await refused([path.join(yolo, 'trt.out'), path.join(a100, 'resnet.onnx.engine.profile.json')], /iterations|layer/);
  // The A100 ResNet profile with the yolo engine's layer info: no layer in common.
  await refused(
    [path.join(a100, 'resnet.onnx.engine.profile.json'), path.join(yolo, 'layer_info.json')],
    /names no layer of the engine/,
  );
});
