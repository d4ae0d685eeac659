// Backend detection from model file names, for every backend Triton core detects that way (src/constants.h and
// model_config_utils.cc of triton-inference-server/core): model.plan, model.onnx, model.graphdef, model.savedmodel,
// model.pt, model.pt2 (torch_aoti), model.xml (OpenVINO), model.py.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { determineBackend } from '../../server/triton/validate/backend';
import { parseModelConfig } from '../../server/triton/validate/index';
import type { ModelFolder } from '../../server/triton/validate/model';
import { loadModelFolder } from '../../server/triton/validate/repository';
import { scratchDir } from '../support/paths';

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

// Triton core's rules beyond the file names (AutoCompleteBackendFields): only the first sub-folder in byte order is
// looked into, names match exactly, some must be files (model.plan, model.graphdef, model.pt) or folders
// (model.savedmodel), TensorFlow < TensorRT < ONNX Runtime < OpenVINO < PyTorch < Python, a known
// default_model_filename decides alone and an unknown one stops the search, and the custom-backend rule takes the
// text after the model name's first dot. Each case is a real folder on disk.
const cases: {
  name: string;
  folder: string;
  layout: Record<string, 'file' | 'dir'>;
  config?: string;
  want: string[];
}[] = [
  {
    name: 'only the first version folder counts',
    folder: 'm',
    layout: { '1/weights.bin': 'file', '2/model.onnx': 'file' },
    want: ['', '', 'none'],
  },
  {
    name: 'byte order: 10 before 9',
    folder: 'm',
    layout: { '10/model.plan': 'file', '9/model.onnx': 'file' },
    want: ['tensorrt', 'tensorrt_plan', 'model file'],
  },
  {
    name: 'a hidden folder sorts first',
    folder: 'm',
    layout: { '.ipynb_checkpoints/x': 'file', '1/model.onnx': 'file' },
    want: ['', '', 'none'],
  },
  { name: 'names match exactly', folder: 'm', layout: { '1/resnet50.onnx': 'file' }, want: ['', '', 'none'] },
  { name: 'model.plan must be a file', folder: 'm', layout: { '1/model.plan/x': 'file' }, want: ['', '', 'none'] },
  {
    name: 'model.onnx may be a folder',
    folder: 'm',
    layout: { '1/model.onnx/model.onnx': 'file' },
    want: ['onnxruntime', 'onnxruntime_onnx', 'model file'],
  },
  {
    name: 'model.savedmodel must be a folder',
    folder: 'm',
    layout: { '1/model.savedmodel': 'file' },
    want: ['', '', 'none'],
  },
  {
    name: 'TensorRT before ONNX Runtime',
    folder: 'm',
    layout: { '1/model.onnx': 'file', '1/model.plan': 'file' },
    want: ['tensorrt', 'tensorrt_plan', 'model file'],
  },
  {
    name: 'ONNX Runtime before Python',
    folder: 'm',
    layout: { '1/model.py': 'file', '1/model.onnx': 'file' },
    want: ['onnxruntime', 'onnxruntime_onnx', 'model file'],
  },
  {
    name: 'a default model.pt2 gets the LibTorch platform',
    folder: 'm',
    layout: { '1/model.pt2': 'file' },
    config: 'default_model_filename: "model.pt2"',
    want: ['pytorch', 'pytorch_libtorch', 'model file'],
  },
  {
    name: 'a model.pt2 found in the folder is AOTI',
    folder: 'm',
    layout: { '1/model.pt2': 'file' },
    want: ['pytorch', 'torch_aoti', 'model file'],
  },
  {
    name: 'platform libtorch',
    folder: 'm',
    layout: { '1/x': 'file' },
    config: 'platform: "libtorch"',
    want: ['pytorch', 'libtorch', 'platform'],
  },
  {
    name: 'an unknown default_model_filename stops the search',
    folder: 'm',
    layout: { '1/model.onnx': 'file' },
    config: 'default_model_filename: "weights.bin"',
    want: ['', '', 'none'],
  },
  {
    name: 'the tensorflow backend gets its platform from the folder',
    folder: 'm',
    layout: { '1/model.savedmodel/saved_model.pb': 'file' },
    config: 'backend: "tensorflow"',
    want: ['tensorflow', 'tensorflow_savedmodel', 'backend'],
  },
  {
    name: 'model.<backend> names a custom backend',
    folder: 'model.identity',
    layout: { '1/x': 'file' },
    want: ['identity', '', 'model name'],
  },
  {
    name: 'the text after the first dot',
    folder: 'my.model.v2',
    layout: { '1/x': 'file' },
    want: ['model.v2', '', 'model name'],
  },
];

test('backend detection follows Triton core on real folders', () => {
  const root = scratchDir('backend-detection');
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  cases.forEach((c, i) => {
    const dir = path.join(root, String(i), c.folder);
    for (const [rel, kind] of Object.entries(c.layout)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      if (kind === 'file') fs.writeFileSync(path.join(dir, rel), '');
      else fs.mkdirSync(path.join(dir, rel), { recursive: true });
    }
    const config = c.config === undefined ? undefined : parseModelConfig(c.config).config;
    const found = determineBackend(loadModelFolder(dir), config);
    assert.deepEqual([found.backend, found.platform, found.source], c.want, c.name);
  });
});
