// The engine view's request (server/contract/engine-view.ts): loads an engine description with its profile and ONNX
// model on a worker thread; a file that is no engine description gets a message saying so, never a throw.
import { EngineOpenRequest, type EngineOpenParams, type EngineOpenResult } from '../../contract/engine-view';
import { toPath, type ServerContext } from '../context';
import { fileUri } from '../diagnostics';
import type { EngineOpenReply } from '../engine-open';

export function registerEngineRequests(ctx: ServerContext): void {
  ctx.connection.onRequest(EngineOpenRequest, async (params: EngineOpenParams): Promise<EngineOpenResult> => {
    const layers = toPath(params?.uri ?? '');
    if (!layers) return { ok: false, message: `${String(params?.uri)} is not a file URI` };
    const optional = (uri: string | undefined) => (uri === undefined ? undefined : toPath(uri));
    const profile = optional(params.profileUri);
    const onnx = optional(params.onnxUri);
    if (params.profileUri !== undefined && !profile)
      return { ok: false, message: `${params.profileUri} is not a file URI` };
    if (params.onnxUri !== undefined && !onnx) return { ok: false, message: `${params.onnxUri} is not a file URI` };
    let reply: EngineOpenReply;
    try {
      reply = await ctx.pool.run<EngineOpenReply>(
        { kind: 'openEngine', files: { layers, profile, onnx }, settings: ctx.settings },
        'interactive',
      );
    } catch (error) {
      return { ok: false, message: `${layers}: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!reply.ok) return reply;
    const uri = (file: string | null) => (file === null ? null : fileUri(file));
    return {
      ok: true,
      title: reply.title,
      report: reply.report,
      profileUri: uri(reply.profile),
      onnxUri: uri(reply.onnx),
    };
  });
}
