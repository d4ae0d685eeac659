// Pins read from the real stack files of test/fixtures/stack (each kind), with their ranges.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../test/support/paths';
import { readPins, stackFileKind, type Pin } from './stack-pins';

const fixtures = path.join(repoRoot, 'test/fixtures/stack');
const pinsOf = (relative: string) => {
  const file = path.join(fixtures, relative);
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  return readPins(file, text).map((p: Pin) => ({
    what: p.kind === 'image' ? `${p.repository}:${p.release}-${p.variant}` : `${p.package}=${p.version}`,
    at: p.range.start.line,
    // The range covers exactly the text the pin reports.
    covered: lines[p.range.start.line].slice(p.range.start.character, p.range.end.character),
    text: p.text,
  }));
};

test('file kinds by name', () => {
  assert.equal(stackFileKind('/w/Dockerfile'), 'dockerfile');
  assert.equal(stackFileKind('/w/Containerfile'), 'dockerfile');
  assert.equal(stackFileKind('/w/serve.Dockerfile'), 'dockerfile');
  assert.equal(stackFileKind('/w/requirements-dev.txt'), 'requirements');
  assert.equal(stackFileKind('/w/environment.yaml'), 'conda');
  assert.equal(stackFileKind('/w/pyproject.toml'), 'pyproject');
  assert.equal(stackFileKind('/w/README.txt'), undefined);
});

test('Dockerfile: the NGC image and pip install lines (continuations included)', () => {
  const pins = pinsOf('inconsistent/Dockerfile');
  assert.deepEqual(
    pins.map((p) => [p.what, p.at]),
    [
      ['tritonserver:24.12-py3', 1],
      ['tritonclient=2.53.0', 2],
      ['polygraphy=0.49.9', 3],
    ],
  );
  for (const p of pins) assert.equal(p.covered, p.text);
});

test('requirements.txt: exact pins, bounds and bare names; markers and comments dropped', () => {
  const pins = pinsOf('inconsistent/requirements.txt');
  assert.deepEqual(
    pins.map((p) => [p.what, p.at, p.text]),
    [
      ['tensorrt=10.4.0', 1, 'tensorrt==10.4.0'],
      ['onnx=null', 2, 'onnx>=1.16'],
      ['onnxruntime-gpu=1.20.1', 3, 'onnxruntime-gpu==1.20.1'],
      ['torch=2.5.1', 4, 'torch==2.5.1'],
      ['nvidia-modelopt=null', 5, 'nvidia-modelopt'],
    ],
  );
  for (const p of pins) assert.equal(p.covered, p.text);
});

test('pyproject.toml: PEP 621 strings and Poetry tables; tensorrt-cu12 is tensorrt', () => {
  assert.deepEqual(
    pinsOf('pyproject.toml').map((p) => [p.what, p.at]),
    [
      ['torch=2.5.1', 4],
      ['onnx=null', 5],
      ['tensorrt=10.4.0', 6],
      ['polygraphy=0.49.9', 10],
      ['onnxruntime=null', 11],
    ],
  );
});

test('environment.yml: conda `=` pins and the pip list', () => {
  assert.deepEqual(
    pinsOf('environment.yml').map((p) => [p.what, p.at]),
    [
      ['onnx=1.17.0', 5],
      ['tensorrt=10.7.0.23', 8],
      ['tritonclient=null', 9],
    ],
  );
});
