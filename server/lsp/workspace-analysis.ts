// Keeps the diagnostics of the workspace current: indexes the workspace lazily (open and visible files are
// analyzed first, the rest in the background), follows edits and disk changes, and runs every analysis through
// the scheduler on the worker pool. The analysis itself is `analyze` on the worker (see analysis.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { ProgressToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../config/config';
import type { Finding } from '../findings';
import { isEditedText, type ServerContext } from './context';
import { analysisFailedFinding } from './diagnostics';
import { configuredForEditor } from './analysis';
import type { PublishedFindings } from './published-findings';
import { AnalysisScheduler, type AnalysisPriority } from './scheduler';
import { JobCancelledError } from './worker-pool';
import { isAnalyzable, WorkspaceIndex } from './workspace-index';

const SCHEDULE_SLICE = 200;

interface Analysis {
  findings: Finding[];
  /** The buffer version analyzed, so clients can drop diagnostics of older text. */
  version?: number;
}

export class WorkspaceAnalysis {
  readonly index = new WorkspaceIndex();
  readonly scheduler: AnalysisScheduler<Analysis>;
  /** Caches that depend on files on disk; dropped for the files a change touches. */
  private readonly invalidators: ((changed: string) => void)[] = [];

  constructor(
    private readonly ctx: ServerContext,
    private readonly published: PublishedFindings,
    concurrency: number,
  ) {
    this.scheduler = new AnalysisScheduler<Analysis>({
      analyze: (file, priority) => this.analyzeOnWorker(file, priority),
      onError: (file, error) =>
        error instanceof JobCancelledError
          ? undefined
          : {
              findings: configuredForEditor(
                file,
                [analysisFailedFinding(file, error instanceof Error ? error.message : String(error))],
                ctx.settings,
              ),
            },
      publish: (file, { findings, version }) => published.publish(file, findings, version),
      forget: (file) => published.forget(file),
      // A file deleted meanwhile keeps no diagnostics (unless the editor still has it open).
      exists: (file) => !!ctx.documentOf(file) || fs.existsSync(file),
      concurrency,
    });
  }

  /** Called with every changed path, so caches of what was read from disk stay true. */
  onInvalidate(drop: (changed: string) => void): void {
    this.invalidators.push(drop);
  }

  /** Analyzes the file now, ahead of the workspace (opened, or asked for by a request). */
  analyzeNow(file: string, priority: AnalysisPriority = 'open'): void {
    this.index.add(file);
    this.scheduler.schedule(file, priority);
  }

  /** Files now visible in editors: analyzed before the rest of the workspace unless already current. */
  showVisible(files: string[]): void {
    for (const file of files) {
      if (!isAnalyzable(file)) continue;
      this.index.add(file);
      if (!this.scheduler.promote(file, 'visible') && !this.scheduler.isQueued(file) && !this.published.has(file))
        this.scheduler.schedule(file, 'visible');
    }
  }

  /** Start-up: walks the workspace folders and analyzes what is not analyzed yet, in the background. */
  async indexWorkspace(): Promise<void> {
    const files = await this.walkRoots();
    this.ctx.log(
      `indexed ${this.index.files.size} model and config files under ${this.ctx.roots.join(', ') || '(no folder)'}`,
    );
    const fresh = files.filter((f) => !this.scheduler.isQueued(f) && !this.published.has(f));
    await this.analyzeAll(fresh, 'ModelReady: analyzing the workspace');
  }

  /** "Check workspace" and changed settings: re-analyzes every indexed file, with progress. */
  async checkAll(title: string, token?: ProgressToken): Promise<void> {
    await this.walkRoots();
    await this.analyzeAll([...this.index.files], title, token);
  }

  /** Files changed on disk (debounced by the watcher): re-index, re-analyze them and the configs they feed. */
  async onDiskChanges(changed: string[]): Promise<void> {
    const toAnalyze = new Set<string>();
    for (const p of changed) {
      for (const drop of this.invalidators) drop(p);
      let stat: fs.Stats | undefined;
      try {
        stat = await fs.promises.stat(p);
      } catch {
        stat = undefined;
      }
      if (!stat) {
        for (const gone of this.index.remove(p)) this.scheduler.remove(gone);
      } else if (stat.isDirectory()) {
        for (const f of await this.walk(p)) {
          this.index.add(f);
          toAnalyze.add(f);
        }
      } else if (isAnalyzable(p)) {
        this.index.add(p);
        toAnalyze.add(p);
      }
      for (const config of this.index.configsAffectedBy(p)) toAnalyze.add(config);
      // A `.modelready.json` (rules, profiles, target) applies to every file below its folder.
      if (path.basename(p) === CONFIG_FILE_NAME) {
        const dir = path.dirname(p) + path.sep;
        for (const f of this.index.files) if (f.startsWith(dir)) toAnalyze.add(f);
      }
    }
    for (const f of toAnalyze)
      if (this.index.files.has(f)) this.scheduler.schedule(f, this.ctx.documentOf(f) ? 'open' : 'workspace');
  }

  /** A config buffer was saved: other configs of its repository (ensembles) read it from disk. */
  onSaved(file: string): void {
    for (const drop of this.invalidators) drop(file);
    for (const other of this.index.configsAffectedBy(file)) this.scheduler.schedule(other, 'workspace');
  }

  /** A buffer was closed: its unsaved text no longer counts; analyze the file as on disk, or forget it. */
  onClosed(file: string): void {
    if (this.index.files.has(file) && fs.existsSync(file)) this.scheduler.schedule(file, 'workspace');
    else {
      this.index.remove(file);
      this.scheduler.remove(file);
    }
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  private async walkRoots(): Promise<string[]> {
    const files: string[] = [];
    for (const root of this.ctx.roots)
      for (const f of await this.walk(root)) {
        this.index.add(f);
        files.push(f);
      }
    return files.filter((f) => this.index.files.has(f));
  }

  /** The analyzable files under `root`, listed on a worker (an unreadable root lists nothing). */
  private walk(root: string): Promise<string[]> {
    return this.ctx.pool.run<string[]>({ kind: 'walk', root }, 'interactive').catch((error: Error) => {
      this.ctx.log(`cannot list ${root}: ${error.message}`);
      return [];
    });
  }

  /** Schedules `files` in the background and resolves when each has its newest result, reporting progress. */
  private async analyzeAll(files: string[], title: string, token?: ProgressToken): Promise<void> {
    const progress = await this.ctx.progress(token);
    progress.begin(title, 0, `${files.length} files`, false);
    let done = 0;
    let reported = 0;
    // In slices, so queuing a large workspace never holds the server's thread for long.
    for (let i = 0; i < files.length; i++) {
      this.scheduler.schedule(files[i], this.ctx.documentOf(files[i]) ? 'open' : 'workspace');
      if (i % SCHEDULE_SLICE === SCHEDULE_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(
      files.map((f) =>
        this.scheduler.settled(f).then(() => {
          done++;
          // One report per percent at most: a large workspace must not flood the client.
          const percent = Math.floor((done / files.length) * 100);
          if (percent > reported) {
            reported = percent;
            progress.report(percent, `${done}/${files.length} ${path.basename(f)}`);
          }
        }),
      ),
    );
    // Disk changes seen meanwhile (the watcher's debounced batch) may have queued newer analyses of these files.
    for (let newer = files.filter((f) => this.scheduler.isQueued(f)); newer.length > 0;) {
      await Promise.all(newer.map((f) => this.scheduler.settled(f)));
      newer = files.filter((f) => this.scheduler.isQueued(f));
    }
    progress.done();
  }

  private async analyzeOnWorker(file: string, priority: AnalysisPriority): Promise<Analysis> {
    const version = this.ctx.documentOf(file)?.version;
    const overlays = isEditedText(file) ? this.ctx.openConfigTexts() : {};
    const progress = priority === 'workspace' ? undefined : this.slowAnalysisProgress(file);
    try {
      const findings = await this.ctx.pool.run<Finding[]>(
        { kind: 'analyze', file, overlays, settings: this.ctx.settings },
        priority === 'workspace' ? 'background' : 'interactive',
      );
      return { findings: findings.filter((f) => f.file === file), version };
    } finally {
      progress?.end();
    }
  }

  /** A single analysis that takes long (opening a large model) shows progress; a batch reports its own. */
  private slowAnalysisProgress(file: string): { end: () => void } {
    let reporter: Promise<WorkDoneProgressReporter> | undefined;
    const show = () => {
      reporter = this.ctx.progress();
      void reporter.then((p) => p.begin(`ModelReady: analyzing ${path.basename(file)}`, undefined, file));
    };
    const timer = this.ctx.progressAfterMs === 0 ? (show(), undefined) : setTimeout(show, this.ctx.progressAfterMs);
    return {
      end: () => {
        clearTimeout(timer);
        void reporter?.then((p) => p.done());
      },
    };
  }
}
