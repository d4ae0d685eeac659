// Decides which file the language server analyzes next, and whether a finished analysis may still be shown.
// Open files go before visible ones, visible ones before the rest of the workspace. Edits coalesce: a file is
// analyzed once at a time, and a file scheduled again while queued or running keeps one queue entry, so a burst
// of keystrokes costs the running analysis plus one of the newest text (the superseded ones never run), with no
// timer delaying the first keystroke's feedback. Every schedule or
// removal bumps the file's generation, and a result is published only if its generation is still the newest and
// the file still exists: a file deleted, renamed or replaced mid-analysis never keeps stale diagnostics.
// Knows nothing of LSP or workers: the server hands it `analyze`, `publish` and `forget`.

export type AnalysisPriority = 'open' | 'visible' | 'workspace';

const RANK: Record<AnalysisPriority, number> = { open: 0, visible: 1, workspace: 2 };
const PRIORITIES: AnalysisPriority[] = ['open', 'visible', 'workspace'];

export interface SchedulerOptions<R> {
  /** Runs one analysis (on a worker); a rejection is handed to `publish` through `onError`. */
  analyze: (file: string, priority: AnalysisPriority) => Promise<R>;
  /** Turns a failed analysis into a result (the file gets a diagnostic saying why). */
  onError: (file: string, error: unknown) => R | undefined;
  publish: (file: string, result: R) => void;
  /** The file is gone (deleted, renamed away, closed and absent on disk): clear what was shown for it. */
  forget: (file: string) => void;
  /** Whether the file may still be shown (on disk or open in the editor), checked when its result arrives. */
  exists: (file: string) => boolean;
  /** Analyses running at once (the worker pool's size: more would only queue there, out of priority order). */
  concurrency: number;
}

interface Queued {
  file: string;
  priority: AnalysisPriority;
}

export class AnalysisScheduler<R> {
  /** The newest generation per file, from one counter (so a removed file's entry can go without reuse). */
  private readonly generation = new Map<string, number>();
  private counter = 0;
  /** One entry per queued file; the per-priority lists may hold stale entries, skipped when dequeued. */
  private readonly queued = new Map<string, Queued>();
  private readonly lanes: Record<AnalysisPriority, Queued[]> = { open: [], visible: [], workspace: [] };
  private readonly running = new Map<string, number>();
  private readonly settledWaiters = new Map<string, (() => void)[]>();
  private disposed = false;

  constructor(private readonly options: SchedulerOptions<R>) {}

  /** Files queued or running. */
  get pending(): number {
    let n = this.queued.size;
    for (const file of this.running.keys()) if (!this.queued.has(file)) n++;
    return n;
  }

  /** Queues a (re-)analysis of `file` (opened, edited, changed on disk); it supersedes any older result of the file. */
  schedule(file: string, priority: AnalysisPriority): void {
    if (this.disposed) return;
    this.bump(file);
    this.enqueue(file, priority);
    this.pump();
  }

  /** Moves an already queued file up (e.g. it became visible); never moves one down, never re-analyzes. */
  promote(file: string, priority: AnalysisPriority): boolean {
    const queued = this.queued.get(file);
    if (!queued || RANK[queued.priority] <= RANK[priority]) return false;
    this.enqueue(file, priority);
    this.pump();
    return true;
  }

  /** The file is gone: drop its queued work, ignore its running analysis, and clear its diagnostics. */
  remove(file: string): void {
    this.generation.delete(file);
    this.queued.delete(file);
    this.options.forget(file);
    this.settleIfIdle(file);
  }

  isQueued(file: string): boolean {
    return this.queued.has(file) || this.running.has(file);
  }

  /** Resolves once the file has nothing queued or running (its newest result is published). */
  settled(file: string): Promise<void> {
    if (!this.isQueued(file)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.settledWaiters.get(file) ?? [];
      list.push(resolve);
      this.settledWaiters.set(file, list);
    });
  }

  /** Stops queuing work; running analyses finish but publish nothing. */
  dispose(): void {
    this.disposed = true;
    this.queued.clear();
    for (const lane of Object.values(this.lanes)) lane.length = 0;
    for (const file of [...this.settledWaiters.keys()]) this.resolveWaiters(file);
  }

  private bump(file: string): void {
    this.generation.set(file, ++this.counter);
  }

  private enqueue(file: string, priority: AnalysisPriority): void {
    const existing = this.queued.get(file);
    const entry: Queued = { file, priority: existing ? higher(priority, existing.priority) : priority };
    this.queued.set(file, entry);
    this.lanes[entry.priority].push(entry);
  }

  /** The next queued entry whose file is not running already (one analysis per file at a time). */
  private dequeue(): Queued | undefined {
    for (const priority of PRIORITIES) {
      const lane = this.lanes[priority];
      let skippedRunning: Queued[] | undefined;
      while (lane.length > 0) {
        const entry = lane.shift()!;
        if (this.queued.get(entry.file) !== entry) continue; // superseded or removed
        if (this.running.has(entry.file)) {
          (skippedRunning ??= []).push(entry);
          continue;
        }
        if (skippedRunning) lane.unshift(...skippedRunning);
        this.queued.delete(entry.file);
        return entry;
      }
      if (skippedRunning) lane.unshift(...skippedRunning);
    }
    return undefined;
  }

  private pump(): void {
    while (!this.disposed && this.running.size < this.options.concurrency) {
      const next = this.dequeue();
      if (!next) return;
      this.start(next);
    }
  }

  private start({ file, priority }: Queued): void {
    const generation = this.generation.get(file) ?? 0;
    this.running.set(file, generation);
    const finish = (result: R | undefined) => {
      this.running.delete(file);
      const current = !this.disposed && this.generation.get(file) === generation;
      if (current && result !== undefined) {
        if (this.options.exists(file)) this.options.publish(file, result);
        else this.options.forget(file);
      }
      this.settleIfIdle(file);
      this.pump();
    };
    let run: Promise<R>;
    try {
      run = this.options.analyze(file, priority);
    } catch (error) {
      run = Promise.reject(error);
    }
    run.then(finish, (error: unknown) => finish(this.options.onError(file, error)));
  }

  private settleIfIdle(file: string): void {
    if (!this.isQueued(file)) this.resolveWaiters(file);
  }

  private resolveWaiters(file: string): void {
    const waiters = this.settledWaiters.get(file);
    this.settledWaiters.delete(file);
    for (const resolve of waiters ?? []) resolve();
  }
}

function higher(...priorities: AnalysisPriority[]): AnalysisPriority {
  return priorities.reduce((a, b) => (RANK[a] <= RANK[b] ? a : b));
}
