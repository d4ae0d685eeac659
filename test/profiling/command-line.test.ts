// The shell quoter against a real `sh -c`, and the version-aware trtexec command-line builder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { quoteShellArg, quoteShellCommand } from '../../server/profiling/shell-quote';
import {
  buildTrtexecArgs,
  formatShapeName,
  parseTrtexecHelp,
  type TrtexecCapabilities,
} from '../../server/profiling/trtexec-command';

const HOSTILE = [
  'plain',
  'with space',
  "it's",
  '"double"',
  '$HOME',
  '$(touch /tmp/pwned)',
  '`id`',
  'a;rm -rf /',
  'line1\nline2',
  '\ttab',
  'back\\slash',
  '*',
  '?',
  '[a]',
  '~',
  '#comment',
  '!bang',
  'a|b&c',
  '>out <in',
  "'",
  "''",
  '',
  '-n',
  'ünïcödé ✓',
  '%s{}',
  '\r\n',
];

/** Runs the quoted words through a real POSIX shell and returns the argv it sees. */
function argvThroughShell(args: string[]): string[] {
  const script = `for a in ${quoteShellCommand(args)}; do printf '%s\\0' "$a"; done`;
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

test('every hostile argument survives a real sh -c unchanged, alone and all together', () => {
  for (const arg of HOSTILE) assert.deepEqual(argvThroughShell([arg]), [arg], JSON.stringify(arg));
  assert.deepEqual(argvThroughShell(HOSTILE), HOSTILE);
  // bash too (what many remote users have as login shell).
  const out = execFileSync('/bin/bash', ['-c', `printf '%s\\0' ${quoteShellCommand(HOSTILE)}`], { encoding: 'utf8' });
  assert.deepEqual(out.split('\0').slice(0, -1), HOSTILE);
});

test('a command word with "=" runs as a command, not as a variable assignment', () => {
  const out = execFileSync('/bin/sh', ['-c', `${quoteShellCommand(['A=b', 'x'])} 2>&1 || true`], { encoding: 'utf8' });
  assert.match(out, /A=b: (not found|No such file)/);
});

test('safe words stay bare, NUL bytes are refused', () => {
  assert.equal(quoteShellArg('--onnx=/work/models/m.onnx'), '--onnx=/work/models/m.onnx');
  assert.equal(quoteShellArg("a'b"), "'a'\\''b'");
  assert.throws(() => quoteShellArg('a\0b'), /NUL/);
  assert.throws(() => quoteShellCommand([]), /empty/);
});

const trt10: TrtexecCapabilities = parseTrtexecHelp(
  '&&&& RUNNING TensorRT.trtexec [TensorRT v101300] # trtexec --help\n' +
    [
      'onnx',
      'minShapes',
      'optShapes',
      'maxShapes',
      'fp16',
      'best',
      'iterations',
      'duration',
      'warmUp',
      'builderOptimizationLevel',
      'timingCacheFile',
      'saveEngine',
      'profilingVerbosity',
      'exportProfile',
      'exportLayerInfo',
      'exportTimes',
      'useCudaGraph',
      'noDataTransfers',
      'useSpinWait',
      'separateProfileRun',
    ]
      .map((f) => `  --${f}=<value>   help text`)
      .join('\n'),
);
const trt11: TrtexecCapabilities = {
  ...parseTrtexecHelp('&&&& RUNNING TensorRT.trtexec [TensorRT v110000] # trtexec --help\n'),
  flags: new Set(),
};

test('help probe: version from the banner, flags from the option list', () => {
  assert.equal(trt10.version, '10.13.0');
  assert.equal(trt10.major, 10);
  assert.ok(trt10.flags.has('exportLayerInfo'));
  assert.equal(trt11.version, '11.0.0');
  assert.equal(parseTrtexecHelp('&&&& RUNNING TensorRT.trtexec [TensorRT v8601]').version, '8.6.1');
});

const shapes = {
  'pixel values': { min: [1, 3, 224, 224], opt: [8, 3, 224, 224], max: [32, 3, 224, 224] },
  'input:0': { min: [1, 16], opt: [4, 16], max: [8, 16] },
};

test('TensorRT 10: shapes with quoted names, precision, exports and the measurement flags', () => {
  const args = buildTrtexecArgs(
    '/opt/trt/bin/trtexec',
    {
      onnxPath: '/w/m o.onnx',
      shapes,
      precision: 'fp16',
      iterations: 100,
      durationS: 5,
      warmUpMs: 200,
      builderOptimizationLevel: 3,
      timingCachePath: '/w/cache',
      exportProfilePath: '/w/p.json',
      exportLayerInfoPath: '/w/l.json',
      exportTimesPath: '/w/t.json',
      saveEnginePath: '/w/e.plan',
    },
    trt10,
  );
  assert.deepEqual(args, [
    '/opt/trt/bin/trtexec',
    '--onnx=/w/m o.onnx',
    "--minShapes=pixel values:1x3x224x224,'input:0':1x16",
    "--optShapes=pixel values:8x3x224x224,'input:0':4x16",
    "--maxShapes=pixel values:32x3x224x224,'input:0':8x16",
    '--fp16',
    '--iterations=100',
    '--duration=5',
    '--warmUp=200',
    '--builderOptimizationLevel=3',
    '--timingCacheFile=/w/cache',
    '--saveEngine=/w/e.plan',
    '--profilingVerbosity=detailed',
    '--exportProfile=/w/p.json',
    '--exportLayerInfo=/w/l.json',
    '--exportTimes=/w/t.json',
    '--useCudaGraph',
    '--noDataTransfers',
    '--useSpinWait',
    '--separateProfileRun',
  ]);
});

test('TensorRT 11: no precision flags, defaults not repeated', () => {
  const args = buildTrtexecArgs('trtexec', { onnxPath: 'm.onnx', exportProfilePath: 'p.json' }, trt11);
  assert.deepEqual(args, ['trtexec', '--onnx=m.onnx', '--profilingVerbosity=detailed', '--exportProfile=p.json']);
  assert.throws(
    () => buildTrtexecArgs('trtexec', { onnxPath: 'm.onnx', precision: 'fp16' }, trt11),
    /TensorRT 11\.0\.0 removed --fp16/,
  );
  assert.throws(() => buildTrtexecArgs('trtexec', { onnxPath: 'm.onnx', precision: 'best' }, trt11), /removed --best/);
  // 11.0 removed --bf16/--int8/--fp8 too (trtexec-help-11.0.txt has none of them).
  assert.throws(() => buildTrtexecArgs('trtexec', { onnxPath: 'm.onnx', precision: 'bf16' }, trt11), /removed --bf16/);
});

test('bad choices are refused with a reason', () => {
  const old = { version: '8.2.1', major: 8, flags: new Set(['onnx', 'fp16']) };
  assert.throws(
    () => buildTrtexecArgs('trtexec', { onnxPath: 'm', builderOptimizationLevel: 3 }, old),
    /8\.2\.1 on this host has no --builderOptimizationLevel/,
  );
  assert.throws(() => buildTrtexecArgs('trtexec', { onnxPath: 'm', builderOptimizationLevel: 9 }, trt10), /0 to 5/);
  assert.throws(() => buildTrtexecArgs('trtexec', { onnxPath: 'm', iterations: 1.5 }, trt10), /iterations/);
  assert.throws(
    () => buildTrtexecArgs('trtexec', { onnxPath: 'm', shapes: { x: { min: [4], opt: [2], max: [8] } } }, trt10),
    /min <= opt <= max/,
  );
  assert.throws(
    () => buildTrtexecArgs('trtexec', { onnxPath: 'm', shapes: { x: { min: [1], opt: [2, 2], max: [8] } } }, trt10),
    /ranks/,
  );
  assert.throws(() => formatShapeName("a:'b"), /cannot address/);
});
