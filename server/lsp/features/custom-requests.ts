// ModelReady's own requests and notifications (declared in the contract, server/contract/analysis.ts): readiness, a
// file's findings for the graph view, a model's summary, the files visible in editors, and the server's health.
import fs from 'node:fs';
import {
  FindingsRequest,
  ModelSummaryRequest,
  OpsetTargetsRequest,
  type OpsetTargetsParams,
  type OpsetTargetsResult,
  ReadinessRequest,
  ServerStatsRequest,
  VisibleFilesNotification,
  type FindingsParams,
  type FindingsResult,
  type ModelSummaryParams,
  type ModelSummaryResult,
  type ServerStatsParams,
  type VisibleFilesParams,
} from '../../contract/analysis';
import { isModelFile } from '../../workspace-files';
import { toPath, type ServerContext } from '../context';
import { LruCache } from '../lru';
import type { PublishedFindings } from '../published-findings';
import type { ServerStatsMonitor } from '../server-stats';
import type { WorkspaceAnalysis } from '../workspace-analysis';

export function registerCustomRequests(
  ctx: ServerContext,
  workspace: WorkspaceAnalysis,
  published: PublishedFindings,
  stats: ServerStatsMonitor,
): void {
  const { connection } = ctx;
  connection.onRequest(ReadinessRequest, () => published.readiness());
  connection.onRequest(ServerStatsRequest, (params: ServerStatsParams | undefined) => stats.read(params ?? {}));

  connection.onRequest(FindingsRequest, async (params: FindingsParams): Promise<FindingsResult> => {
    const file = toPath(params.uri);
    if (!file) return { findings: [] };
    // The graph view asks as soon as a model opens: answer with the finished analysis, never a premature empty list.
    if (workspace.scheduler.isQueued(file)) workspace.scheduler.promote(file, 'open');
    else if (!published.has(file) && fs.existsSync(file)) workspace.analyzeNow(file, 'open');
    await workspace.scheduler.settled(file);
    return { findings: published.get(file) ?? [] };
  });

  connection.onNotification(VisibleFilesNotification, (params: VisibleFilesParams) => {
    if (!Array.isArray(params?.uris)) return;
    const files = params.uris.flatMap((u) => (typeof u === 'string' ? (toPath(u) ?? []) : []));
    workspace.showVisible(files);
  });

  const summaries = new LruCache<string, { stamp: string; result: Promise<ModelSummaryResult> }>(32);
  workspace.onInvalidate((changed) => summaries.delete(changed));
  connection.onRequest(ModelSummaryRequest, async (params: ModelSummaryParams): Promise<ModelSummaryResult> => {
    const file = toPath(params.uri);
    if (!file || !isModelFile(file)) return { ok: false, message: `${params.uri} is not an .onnx file` };
    let stamp: string;
    try {
      const st = fs.statSync(file);
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    const cached = summaries.get(file);
    if (cached?.stamp === stamp) return cached.result;
    const result = ctx.pool
      .run<ModelSummaryResult>({ kind: 'summary', file }, 'interactive')
      .catch((error: Error) => ({ ok: false as const, message: error.message }));
    summaries.set(file, { stamp, result });
    return result;
  });

  connection.onRequest(OpsetTargetsRequest, async (params: OpsetTargetsParams): Promise<OpsetTargetsResult> => {
    const file = toPath(params.uri);
    if (!file || !isModelFile(file)) return { ok: false, message: `${params.uri} is not an .onnx file` };
    return ctx.pool
      .run<OpsetTargetsResult>({ kind: 'opsetTargets', file }, 'interactive')
      .catch((error: Error) => ({ ok: false as const, message: error.message }));
  });
}
