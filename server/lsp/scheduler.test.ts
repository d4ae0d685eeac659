import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AnalysisScheduler, type AnalysisPriority } from './scheduler';

/** A scheduler whose analyses finish when the test says so, recording what ran and what was shown. */
function harness(concurrency = 1) {
  const started: string[] = [];
  const finishers = new Map<string, ((result: string) => void)[]>();
  const failers = new Map<string, ((error: Error) => void)[]>();
  const shown = new Map<string, string>();
  const events: string[] = [];
  const existing = new Set<string>();
  let runs = 0;
  const scheduler = new AnalysisScheduler<string>({
    analyze: (file, priority: AnalysisPriority) => {
      started.push(`${file}@${priority}`);
      const run = ++runs;
      return new Promise<string>((resolve, reject) => {
        finishers.set(file, [...(finishers.get(file) ?? []), (r) => resolve(`${r}#${run}`)]);
        failers.set(file, [...(failers.get(file) ?? []), reject]);
      });
    },
    onError: (_file, error) => `failed: ${(error as Error).message}`,
    publish: (file, result) => {
      shown.set(file, result);
      events.push(`publish ${file} ${result}`);
    },
    forget: (file) => {
      shown.delete(file);
      events.push(`forget ${file}`);
    },
    exists: (file) => existing.has(file),
    concurrency,
  });
  /** Finishes the oldest running analysis of `file` and lets the scheduler react. */
  const finish = async (file: string, result = 'ok') => {
    const list = finishers.get(file);
    assert.ok(list?.length, `${file} is not running`);
    list.shift()!(result);
    failers.get(file)!.shift();
    await sleep(0);
  };
  const fail = async (file: string, message: string) => {
    finishers.get(file)!.shift();
    failers.get(file)!.shift()!(new Error(message));
    await sleep(0);
  };
  return { scheduler, started, shown, events, existing, finish, fail };
}

describe('AnalysisScheduler', () => {
  it('runs open files before visible ones, visible before the rest of the workspace', async () => {
    const h = harness(1);
    for (const f of ['w1', 'w2', 'w3', 'v1', 'o1']) h.existing.add(f);
    h.scheduler.schedule('w1', 'workspace');
    h.scheduler.schedule('w2', 'workspace');
    h.scheduler.schedule('w3', 'workspace');
    h.scheduler.schedule('v1', 'visible');
    h.scheduler.schedule('o1', 'open');
    assert.deepEqual(h.started, ['w1@workspace']); // already running when the others came
    for (const f of ['w1', 'o1', 'v1', 'w2']) await h.finish(f);
    assert.deepEqual(h.started, ['w1@workspace', 'o1@open', 'v1@visible', 'w2@workspace', 'w3@workspace']);
    await h.finish('w3');
    assert.equal(h.scheduler.pending, 0);
  });

  it('promotes a queued file that becomes visible, and never demotes one', async () => {
    const h = harness(1);
    for (const f of ['a', 'b', 'c']) h.existing.add(f);
    h.scheduler.schedule('a', 'workspace');
    h.scheduler.schedule('b', 'workspace');
    h.scheduler.schedule('c', 'open');
    assert.equal(h.scheduler.promote('b', 'visible'), true);
    assert.equal(h.scheduler.promote('c', 'workspace'), false);
    assert.equal(h.scheduler.promote('not-queued', 'open'), false);
    for (const f of ['a', 'c', 'b']) await h.finish(f);
    assert.deepEqual(h.started, ['a@workspace', 'c@open', 'b@visible']);
  });

  it('runs a file scheduled again while queued once, at the higher priority', async () => {
    const h = harness(1);
    h.existing.add('busy').add('x');
    h.scheduler.schedule('busy', 'workspace');
    h.scheduler.schedule('x', 'workspace');
    h.scheduler.schedule('x', 'open');
    h.scheduler.schedule('x', 'workspace');
    await h.finish('busy');
    await h.finish('x');
    assert.deepEqual(h.started, ['busy@workspace', 'x@open']);
    assert.equal(h.shown.get('x'), 'ok#2');
  });

  it('coalesces a burst of edits: the running analysis, then one of the newest text', async () => {
    const h = harness(2);
    h.existing.add('cfg');
    h.scheduler.schedule('cfg', 'open');
    assert.deepEqual(h.started, ['cfg@open'], 'the first keystroke is analyzed at once');
    for (let i = 0; i < 10; i++) h.scheduler.schedule('cfg', 'open');
    assert.equal(h.scheduler.pending, 1);
    // A file is analyzed once at a time: the newer one waits for the older to end.
    assert.deepEqual(h.started, ['cfg@open']);
    await h.finish('cfg', 'old');
    assert.equal(h.shown.has('cfg'), false, 'the superseded result is never shown');
    assert.deepEqual(h.started, ['cfg@open', 'cfg@open']);
    await h.finish('cfg', 'new');
    assert.equal(h.shown.get('cfg'), 'new#2');
    assert.equal(h.scheduler.pending, 0);
  });

  it('never shows diagnostics of a file deleted mid-analysis', async () => {
    const h = harness(1);
    h.existing.add('m.onnx');
    h.scheduler.schedule('m.onnx', 'workspace');
    h.existing.delete('m.onnx');
    h.scheduler.remove('m.onnx');
    await h.finish('m.onnx', 'stale');
    assert.deepEqual(h.events, ['forget m.onnx']);
    assert.equal(h.scheduler.pending, 0);
  });

  it('forgets a file that vanished before its result arrived, even when the watcher has not said so yet', async () => {
    const h = harness(1);
    h.existing.add('m.onnx');
    h.scheduler.schedule('m.onnx', 'workspace');
    h.existing.delete('m.onnx');
    await h.finish('m.onnx', 'stale');
    assert.deepEqual(h.events, ['forget m.onnx']);
  });

  it('shows only the new name of a file renamed mid-analysis', async () => {
    const h = harness(2);
    h.existing.add('old.onnx');
    h.scheduler.schedule('old.onnx', 'workspace');
    h.existing.delete('old.onnx');
    h.existing.add('new.onnx');
    h.scheduler.remove('old.onnx');
    h.scheduler.schedule('new.onnx', 'workspace');
    await h.finish('new.onnx', 'fresh');
    await h.finish('old.onnx', 'stale');
    assert.deepEqual(h.events, ['forget old.onnx', 'publish new.onnx fresh#2']);
  });

  it('shows the replacement of a file replaced on disk mid-analysis, not the original', async () => {
    const h = harness(1);
    h.existing.add('m.onnx');
    h.scheduler.schedule('m.onnx', 'workspace');
    h.scheduler.schedule('m.onnx', 'workspace'); // the watcher saw the new content
    await h.finish('m.onnx', 'original');
    await h.finish('m.onnx', 'replacement');
    assert.deepEqual(h.events, ['publish m.onnx replacement#2']);
  });

  it('drops the queued work of a removed file', async () => {
    const h = harness(1);
    h.existing.add('busy').add('q');
    h.scheduler.schedule('busy', 'open');
    h.scheduler.schedule('q', 'workspace');
    h.scheduler.remove('q');
    await h.finish('busy');
    assert.deepEqual(h.started, ['busy@open']);
    assert.equal(h.scheduler.pending, 0);
  });

  it('turns a failed analysis into the result onError gives, and keeps going', async () => {
    const h = harness(1);
    h.existing.add('bad').add('good');
    h.scheduler.schedule('bad', 'open');
    h.scheduler.schedule('good', 'open');
    await h.fail('bad', 'worker crashed');
    await h.finish('good');
    assert.equal(h.shown.get('bad'), 'failed: worker crashed');
    assert.equal(h.shown.get('good'), 'ok#2');
  });

  it('settles a file once its newest analysis is shown', async () => {
    const h = harness(1);
    h.existing.add('cfg');
    h.scheduler.schedule('cfg', 'open');
    let settled = false;
    const waiting = h.scheduler.settled('cfg').then(() => (settled = true));
    h.scheduler.schedule('cfg', 'open');
    await h.finish('cfg', 'old');
    assert.equal(settled, false, 'the edit is still pending');
    await h.finish('cfg', 'new');
    await waiting;
    assert.equal(h.shown.get('cfg'), 'new#2');
    await h.scheduler.settled('cfg'); // an idle file is settled at once
  });

  it('keeps at most `concurrency` analyses running', async () => {
    const h = harness(2);
    for (let i = 0; i < 5; i++) {
      h.existing.add(`f${i}`);
      h.scheduler.schedule(`f${i}`, 'workspace');
    }
    assert.equal(h.started.length, 2);
    await h.finish('f0');
    assert.equal(h.started.length, 3);
    h.scheduler.dispose();
    await h.finish('f1');
    await h.finish('f2');
    assert.equal(h.started.length, 3, 'nothing starts after dispose');
    assert.equal(h.shown.size, 1, 'nothing is shown after dispose');
  });
});
