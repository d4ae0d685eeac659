import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { isInsideFolder, relativeInside } from './path-inside';

const root = path.resolve('/work/project');

test('a file below the folder is inside, with its relative path; the folder itself is inside as ""', () => {
  assert.equal(relativeInside(root, path.join(root, 'models', 'a.onnx')), path.join('models', 'a.onnx'));
  assert.equal(relativeInside(root, root), '');
});

test('the parent, a sibling and a path climbing out are outside', () => {
  assert.equal(isInsideFolder(root, path.dirname(root)), false);
  assert.equal(isInsideFolder(root, path.resolve('/work/project-b/a.onnx')), false);
  assert.equal(isInsideFolder(root, path.join(root, '..', 'other', 'a.onnx')), false);
});

test('a file whose name starts with ".." is inside (a bare prefix test refused it)', () => {
  assert.equal(isInsideFolder(root, path.join(root, '..notes.py')), true);
});
