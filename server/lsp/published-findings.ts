// The findings the editor currently shows, per file: the analysis findings plus those from running the model
// (ONNX Runtime), sent as publishDiagnostics. Keeps the severity counts up to date as files change, so the
// readiness summary costs nothing however large the workspace, and coalesces readinessChanged notifications.
import type { Finding } from '../findings';
import { ReadinessChangedNotification, type Readiness } from '../contract/analysis';
import type { ServerContext } from './context';
import { toDiagnostic } from './diagnostics';

const READINESS_COALESCE_MS = 50;

interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

const KEY = { error: 'errors', warning: 'warnings', info: 'infos' } as const;

export class PublishedFindings {
  private readonly analysis = new Map<string, Finding[]>();
  /** Findings from running a model (ONNX Runtime), kept beside the analysis findings until the next run. */
  private readonly runtime = new Map<string, Finding[]>();
  private readonly counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  private readinessTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: ServerContext,
    /** What the readiness summary adds from elsewhere (index size, pending analyses, the workspace's target). */
    private readonly progressOf: () => Omit<Readiness, 'errors' | 'warnings' | 'infos' | 'analyzedFiles'>,
  ) {}

  has(file: string): boolean {
    return this.analysis.has(file);
  }

  get(file: string): Finding[] | undefined {
    return this.analysis.get(file);
  }

  /** Shows the analysis findings of a file; `version`: the buffer version they belong to, if open. */
  publish(file: string, findings: Finding[], version?: number): void {
    this.count(this.analysis.get(file), -1);
    this.count(findings, +1);
    this.analysis.set(file, findings);
    this.send(file, version);
  }

  setRuntime(file: string, findings: Finding[]): void {
    if (findings.length) this.runtime.set(file, findings);
    else this.runtime.delete(file);
    this.send(file, undefined);
  }

  /** The file is gone: its diagnostics are cleared. */
  forget(file: string): void {
    const had = this.analysis.get(file);
    this.runtime.delete(file);
    if (had) {
      this.count(had, -1);
      this.analysis.delete(file);
      void this.ctx.connection.sendDiagnostics({ uri: this.ctx.uriOf(file), diagnostics: [] });
    }
    this.announce();
  }

  readiness(): Readiness {
    return { ...this.counts, analyzedFiles: this.analysis.size, ...this.progressOf() };
  }

  /** readinessChanged, at most once per READINESS_COALESCE_MS: a workspace of thousands of files finishes fast. */
  announce(): void {
    if (this.readinessTimer) return;
    this.readinessTimer = setTimeout(() => {
      this.readinessTimer = undefined;
      void this.ctx.connection.sendNotification(ReadinessChangedNotification, this.readiness());
    }, READINESS_COALESCE_MS);
  }

  dispose(): void {
    clearTimeout(this.readinessTimer);
  }

  private send(file: string, version: number | undefined): void {
    const findings = [...(this.analysis.get(file) ?? []), ...(this.runtime.get(file) ?? [])];
    void this.ctx.connection.sendDiagnostics({
      uri: this.ctx.uriOf(file),
      version,
      diagnostics: findings.map(toDiagnostic),
    });
    this.announce();
  }

  private count(findings: Finding[] | undefined, sign: number): void {
    for (const f of findings ?? []) this.counts[KEY[f.severity]] += sign;
  }
}
