// Runs analysis jobs on worker threads. Why a pool and not a plain call: a 2 GB model takes seconds to read,
// and the server must keep answering the editor meanwhile. Interactive jobs (open editors, requests) jump
// ahead of background ones (workspace indexing). A job with a key replaces a queued job with the same key
// (a newer edit makes the older analysis stale). A job running past its time limit, or a worker that dies
// (out of memory, native crash), ends that job with an error and a fresh worker takes its place.
import { Worker } from 'node:worker_threads';
import type { WorkerJob, WorkerReply } from './worker-jobs';

export type Priority = 'interactive' | 'background';

/** The part of an LSP CancellationToken the pool needs (kept structural: the pool knows nothing of LSP). */
export interface CancelSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): unknown;
}

export interface RunOptions {
  /** A queued job with the same key is replaced (a newer edit makes the older analysis stale). */
  key?: string;
  /** A job whose request was cancelled leaves the queue (a job already running finishes; its result is dropped). */
  cancel?: CancelSignal;
}

export class JobCancelledError extends Error {
  constructor(reason = 'superseded by a newer request') {
    super(reason);
  }
}

interface Pending {
  id: number;
  job: WorkerJob;
  key?: string;
  priority: Priority;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** The worker has started: a job's time limit counts from here, not from the thread's start-up. */
  online: boolean;
  running?: Pending;
  timer?: NodeJS.Timeout;
}

/** Heap cap of each analysis worker, so one hostile file cannot take the machine's memory. */
export const WORKER_HEAP_MB = 4096;

export function startWorker(workerFile: string, maxHeapMb = WORKER_HEAP_MB): Worker {
  return new Worker(workerFile, { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
}

export interface WorkerPoolOptions {
  workerFile: string;
  /** Workers started before the pool (dist/server.js starts one first): the pool's first slots take them. */
  started?: Worker[];
  size: number;
  /** A job still running after this long is abandoned (its worker is replaced). */
  timeoutMs: number;
  /** Heap cap of each worker, so one hostile file cannot take the machine's memory. */
  maxHeapMb: number;
  log?: (message: string) => void;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.running).length;
  }

  run<T>(job: WorkerJob, priority: Priority, { key, cancel }: RunOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('analysis workers are shut down'));
    if (cancel?.isCancellationRequested) return Promise.reject(new JobCancelledError('request cancelled'));
    return new Promise<T>((resolve, reject) => {
      if (key) {
        const stale = this.queue.findIndex((p) => p.key === key);
        if (stale >= 0) this.queue.splice(stale, 1)[0].reject(new JobCancelledError());
      }
      const entry: Pending = {
        id: this.nextId++,
        job,
        key,
        priority,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      // Interactive jobs go after the other interactive ones but before all background work.
      const at = priority === 'interactive' ? this.queue.findIndex((p) => p.priority === 'background') : -1;
      if (at >= 0) this.queue.splice(at, 0, entry);
      else this.queue.push(entry);
      cancel?.onCancellationRequested(() => {
        const queued = this.queue.indexOf(entry);
        if (queued >= 0) this.queue.splice(queued, 1)[0].reject(new JobCancelledError('request cancelled'));
      });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new JobCancelledError());
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = this.options.started?.shift() ?? startWorker(this.options.workerFile, this.options.maxHeapMb);
    const slot: Slot = { worker, online: false };
    worker.once('online', () => {
      slot.online = true;
      if (slot.running) this.startTimer(slot);
    });
    worker.on('message', (reply: WorkerReply) => this.finish(slot, reply));
    worker.on('error', (error) => this.replace(slot, `analysis worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.closed) this.replace(slot, `analysis worker exited (code ${code})`);
    });
    return slot;
  }

  private finish(slot: Slot, reply: WorkerReply): void {
    const job = slot.running;
    if (!job || job.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.running = undefined;
    if (reply.ok) job.resolve(reply.result);
    else job.reject(new Error(reply.error));
    this.dispatch();
  }

  /** Ends the slot's job with `reason` and puts a fresh worker in the slot. */
  private replace(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    clearTimeout(slot.timer);
    const job = slot.running;
    slot.running = undefined;
    this.options.log?.(reason);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.slots[index] = this.spawn();
    job?.reject(new Error(reason));
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.running || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.running = job;
      if (slot.online) this.startTimer(slot);
      slot.worker.postMessage({ id: job.id, job: job.job });
    }
  }

  private startTimer(slot: Slot): void {
    slot.timer = setTimeout(
      () => this.replace(slot, `analysis took longer than ${this.options.timeoutMs / 1000} s and was stopped`),
      this.options.timeoutMs,
    );
  }
}
