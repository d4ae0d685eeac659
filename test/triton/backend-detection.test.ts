// Backend detection from model file names, for every backend Triton core detects that way (src/constants.h and
// model_config_utils.cc of triton-inference-server/core): model.plan, model.onnx, model.graphdef, model.savedmodel,
// model.pt, model.pt2 (torch_aoti), model.xml (OpenVINO), model.py.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { determineBackend } from '../../server/triton/validate/backend';
import type { ModelFolder } from '../../server/triton/validate/model';

const folder = (file: string): ModelFolder => ({
  name: 'm',
  configPath: 'm/config.pbtxt',
  hasConfigFile: false,
  versions: ['1'],
  versionEntries: new Map([['1', [file]]]),
  ignoredDirs: [],
});

test('a model folder without config gets the backend Triton derives from its model file name', () => {
  const expected: [string, string, string][] = [
    ['model.plan', 'tensorrt', 'tensorrt_plan'],
    ['model.onnx', 'onnxruntime', 'onnxruntime_onnx'],
    ['model.graphdef', 'tensorflow', 'tensorflow_graphdef'],
    ['model.savedmodel', 'tensorflow', 'tensorflow_savedmodel'],
    ['model.pt', 'pytorch', 'pytorch_libtorch'],
    ['model.pt2', 'pytorch', 'torch_aoti'],
    ['model.xml', 'openvino', ''],
    ['model.py', 'python', ''],
  ];
  for (const [file, backend, platform] of expected) {
    const found = determineBackend(folder(file), undefined);
    assert.deepEqual([found.backend, found.platform, found.source], [backend, platform, 'model file'], file);
  }
  assert.equal(determineBackend(folder('weights.bin'), undefined).backend, '');
});
