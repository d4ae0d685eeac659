import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../config/config';
import { ExecutionGate, readInitializationOptions, readSettings, tritonOptions, withEditorDefaults } from './settings';

describe('client settings and trust', () => {
  it('keeps valid fields and drops wrong ones (types, severities, TensorRT version form)', () => {
    const settings = readSettings({
      triton: { autoCompleteConfig: false, extraBackends: ['custom', 3], gpuCount: -1 },
      modelready: {
        target: { tensorrt: '10' },
        rules: { 'trt/op-unsupported': 'warning', 'simplify/identity': 'loud' },
      },
    });
    assert.deepEqual(settings, {
      triton: { autoCompleteConfig: false, extraBackends: ['custom'] },
      modelready: { rules: { 'trt/op-unsupported': 'warning' } },
    });
    assert.deepEqual(tritonOptions(readSettings({ triton: { gpuCount: 2 } })), { gpuCount: 2 });
    assert.deepEqual(readSettings('not an object'), {});
  });

  it('keeps valid profile ranges and drops a bad one on its own', () => {
    const settings = readSettings({
      modelready: {
        profiles: { batch: { min: 1, opt: 4, max: 16 }, sequence: { min: 64, opt: 8, max: 512 }, other: 'big' },
      },
    });
    assert.deepEqual(settings.modelready?.profiles, { batch: { min: 1, opt: 4, max: 16 } });
    assert.equal(
      readSettings({ modelready: { profiles: { sequence: { min: 1, opt: 2, max: 3, step: 1 } } } }).modelready
        ?.profiles,
      undefined,
    );
  });

  it('lets .modelready.json win over the settings', () => {
    const project = {
      ...defaultConfig('/p'),
      target: { tensorrt: '10.8' },
      rules: { 'simplify/identity': 'off' as const },
    };
    const merged = withEditorDefaults(
      project,
      readSettings({
        modelready: {
          target: { tensorrt: '10.15' },
          rules: { 'simplify/identity': 'error', 'trt/op-unsupported': 'warning' },
        },
      }),
    );
    assert.equal(merged.target.tensorrt, '10.8');
    assert.deepEqual(merged.rules, { 'simplify/identity': 'off', 'trt/op-unsupported': 'warning' });
  });

  it('closes the execution gate only when the client says the workspace is untrusted', () => {
    assert.equal(readInitializationOptions(undefined).workspaceTrusted, true);
    assert.equal(readInitializationOptions({ workspaceTrusted: true }).workspaceTrusted, true);
    const untrusted = readInitializationOptions({ workspaceTrusted: false });
    assert.equal(untrusted.workspaceTrusted, false);
    assert.throws(
      () => new ExecutionGate(untrusted.workspaceTrusted).check('Running a model with ONNX Runtime'),
      /^Error: Running a model with ONNX Runtime is disabled in an untrusted workspace/,
    );
    assert.doesNotThrow(() => new ExecutionGate(true).check('Running a model with ONNX Runtime'));
  });

  it('reads progressAfterMs, falling back to 500 ms for anything but a non-negative number', () => {
    assert.equal(readInitializationOptions({ progressAfterMs: 0 }).progressAfterMs, 0);
    assert.equal(readInitializationOptions({ progressAfterMs: 1200 }).progressAfterMs, 1200);
    assert.equal(readInitializationOptions({ progressAfterMs: -1 }).progressAfterMs, 500);
    assert.equal(readInitializationOptions({ progressAfterMs: '0' }).progressAfterMs, 500);
    assert.equal(readInitializationOptions(undefined).progressAfterMs, 500);
  });
});
