import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedLru } from './bounded-lru';

test('the least recently used entry goes first when the entry bound is passed', () => {
  const lru = new BoundedLru<string>(2, 100);
  lru.set('a', 'A', 1);
  lru.set('b', 'B', 1);
  assert.equal(lru.get('a'), 'A'); // a is now newer than b
  lru.set('c', 'C', 1);
  assert.equal(lru.get('b'), undefined);
  assert.equal(lru.get('a'), 'A');
  assert.equal(lru.get('c'), 'C');
  assert.deepEqual(lru.size, { entries: 2, weight: 2 });
});

test('the weight bound drops as many old entries as needed, and a value heavier than the bound is not kept', () => {
  const lru = new BoundedLru<number>(10, 10);
  lru.set('a', 1, 4);
  lru.set('b', 2, 4);
  lru.set('c', 3, 7);
  assert.deepEqual(lru.size, { entries: 1, weight: 7 });
  assert.equal(lru.get('c'), 3);
  lru.set('huge', 4, 11);
  assert.equal(lru.get('huge'), undefined);
  assert.deepEqual(lru.size, { entries: 1, weight: 7 });
});

test('setting a key again replaces its value and weight', () => {
  const lru = new BoundedLru<number>(10, 10);
  lru.set('a', 1, 7);
  lru.set('a', 2, 3);
  assert.equal(lru.get('a'), 2);
  assert.deepEqual(lru.size, { entries: 1, weight: 3 });
});
