// The trtexec command lines we build for a target TensorRT release use only flags that release's own
// `trtexec --help` lists: checked against every help text of the corpus (26 distinct texts, 30 release branches).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { trtexecCapabilitiesFor } from '../../server/knowledge/trtexec-flags';
import {
  buildTrtexecArgs,
  TrtexecCommandError,
  trtexecShapeArgs,
  type TrtexecRunOptions,
} from '../../server/profiling/trtexec-command';
import { repoRoot } from '../support/paths';

const helpDir = path.join(repoRoot, '../shared/corpus/tensorrt/trtexec-help');
const index = JSON.parse(fs.readFileSync(path.join(helpDir, 'index.json'), 'utf8')) as {
  tensorrt_branch: string;
  file: string;
}[];

/** Option names as the help text prints them (read here independently of the generator). */
const optionsIn = (text: string) =>
  new Set(
    [...text.matchAll(/^\s*--([A-Za-z][A-Za-z0-9]*)/gm)]
      .map((m) => m[1])
      .concat([...text.matchAll(/^\s*--[A-Za-z][A-Za-z0-9]*, --([A-Za-z][A-Za-z0-9]*)/gm)].map((m) => m[1])),
  );

const shapes = { images: { min: [1, 3, 224, 224], opt: [8, 3, 224, 224], max: [16, 3, 224, 224] } };
const runs: Record<string, TrtexecRunOptions> = {
  'fp32 timing': { onnxPath: 'm.onnx', shapes, iterations: 100, warmUpMs: 200, durationS: 3 },
  'fp16 build and save': {
    onnxPath: 'm.onnx',
    shapes,
    precision: 'fp16',
    saveEnginePath: 'm.plan',
    timingCachePath: 'c',
  },
  int8: { onnxPath: 'm.onnx', precision: 'int8' },
  'per-layer profile': {
    onnxPath: 'm.onnx',
    shapes,
    exportProfilePath: 'p.json',
    exportLayerInfoPath: 'l.json',
    exportTimesPath: 't.json',
    builderOptimizationLevel: 3,
  },
};

test('the corpus has 26 distinct help texts for 30 release branches', () => {
  assert.equal(index.length, 30);
  assert.equal(new Set(index.map((r) => r.file)).size, 26);
});

for (const { tensorrt_branch, file } of index) {
  const release = tensorrt_branch.replace(/^release\//, '');
  test(`TensorRT ${release}: every emitted flag is in ${file}`, () => {
    const listed = optionsIn(fs.readFileSync(path.join(helpDir, file), 'utf8'));
    const caps = trtexecCapabilitiesFor(`${release}.0`);
    let built = 0;
    for (const [name, options] of Object.entries(runs)) {
      let args: string[];
      try {
        args = buildTrtexecArgs('trtexec', options, caps);
      } catch (error) {
        // A run this release cannot do is refused with a reason, never emitted with a flag it lacks.
        assert.ok(error instanceof TrtexecCommandError, `${name}: ${String(error)}`);
        assert.match(error.message, /has no --|removed --/);
        continue;
      }
      built++;
      for (const arg of args.slice(1)) {
        const flag = /^--([A-Za-z0-9]+)/.exec(arg)?.[1];
        assert.ok(flag && listed.has(flag), `${name}: ${arg} is not in TensorRT ${release}'s trtexec --help`);
      }
    }
    assert.ok(built >= 1, 'at least the plain timing run builds');
    // Two optimization profiles: --profile where the help lists it, a clear refusal where it does not.
    try {
      const args = trtexecShapeArgs([shapes, shapes], caps);
      assert.ok(listed.has('profile') && args.includes('--profile=1'));
    } catch (error) {
      assert.ok(!listed.has('profile') && error instanceof TrtexecCommandError);
    }
  });
}

test('TensorRT 11: no precision flag at all; 10.x: --fp16 and the measurement flags', () => {
  for (const precision of ['fp16', 'bf16', 'int8', 'fp8', 'best'] as const)
    assert.throws(
      () => buildTrtexecArgs('trtexec', { onnxPath: 'm.onnx', precision }, trtexecCapabilitiesFor('11.1')),
      /removed --/,
    );
  const args = buildTrtexecArgs(
    'trtexec',
    { onnxPath: 'm.onnx', precision: 'fp16' },
    trtexecCapabilitiesFor('10.8.0.43'),
  );
  assert.ok(args.includes('--fp16') && args.includes('--useCudaGraph'));
  assert.ok(
    !buildTrtexecArgs('trtexec', { onnxPath: 'm.onnx' }, trtexecCapabilitiesFor('11.0')).includes('--useCudaGraph'),
  );
});
