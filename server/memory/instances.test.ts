import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gpuPlacement } from './instances';

test('no instance_group: one instance per GPU', () => {
  assert.equal(gpuPlacement('name: "m"\nmax_batch_size: 8\n').instancesPerGpu, 1);
});

test('count on every GPU, default count 1, KIND_CPU not on a GPU', () => {
  const text = `instance_group [ { count: 3, kind: KIND_GPU }, { kind: KIND_AUTO }, { count: 4, kind: KIND_CPU } ]`;
  assert.equal(gpuPlacement(text).instancesPerGpu, 4);
});

test('groups pinned to GPUs add up on the busiest GPU', () => {
  const text = `instance_group { count: 1 kind: KIND_GPU gpus: [0] }
instance_group { count: 2 kind: KIND_GPU gpus: [0, 1] }
instance_group { count: 2 kind: KIND_GPU gpus: 2 }`;
  const placement = gpuPlacement(text);
  assert.equal(placement.instancesPerGpu, 3);
  assert.deepEqual(placement.gpus, [0, 1, 2]);
  assert.equal(text.slice(placement.span!.start, placement.span!.start + 14), 'instance_group');
});

test('half-typed or garbage config: no throw, a negative or missing count counts as 1', () => {
  assert.equal(gpuPlacement('instance_group [ { count: -2 kind: KIND_GPU } ').instancesPerGpu, 1);
  assert.equal(gpuPlacement('instance_group { count: ').instancesPerGpu, 1);
  assert.equal(gpuPlacement('\u0000{{{ ]]] "').instancesPerGpu, 1);
});
