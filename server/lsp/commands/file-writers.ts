// Commands that write a new file beside what they are given, on a worker: Generate Triton config, Convert opset
// and the model rewrites the graph view offers (simplify). The new file is then indexed and analyzed.
import type {
  ApplyModelFixParams,
  ApplyModelFixResult,
  ConvertOpsetParams,
  ConvertOpsetResult,
  GenerateConfigParams,
  GenerateConfigResult,
} from '../../contract/commands';
import { isModelFile } from '../../workspace-files';
import { toPath, type ServerContext } from '../context';
import { fileUri } from '../diagnostics';
import type { ModelRewrite } from '../model-fixes';
import type { WorkspaceAnalysis } from '../workspace-analysis';

const failure = (error: unknown) => ({
  ok: false as const,
  message: error instanceof Error ? error.message : String(error),
});

export async function generateTritonConfig(
  ctx: ServerContext,
  workspace: WorkspaceAnalysis,
  argument: unknown,
): Promise<GenerateConfigResult> {
  const arg = (argument ?? {}) as Partial<GenerateConfigParams>;
  const target = typeof arg.uri === 'string' ? toPath(arg.uri) : undefined;
  if (!target) return { ok: false, message: 'expected { uri } of a model folder or of a file in it' };
  try {
    const written = await ctx.pool.run<string>({ kind: 'generateConfig', target }, 'interactive');
    await workspace.onDiskChanges([written]);
    return { ok: true, uri: fileUri(written) };
  } catch (error) {
    return failure(error);
  }
}

/** Convert opset (`opset`) or apply a model fix (`fixId`): both write `<model>.<what>.onnx` and leave the original. */
export async function rewriteModel(
  ctx: ServerContext,
  workspace: WorkspaceAnalysis,
  argument: unknown,
  rewrite: 'convertOpset' | 'applyModelFix',
): Promise<ConvertOpsetResult & ApplyModelFixResult> {
  const arg = (argument ?? {}) as Partial<ConvertOpsetParams & ApplyModelFixParams>;
  const file = typeof arg.uri === 'string' ? toPath(arg.uri) : undefined;
  if (!file || !isModelFile(file)) return { ok: false, message: 'expected { uri } of an .onnx file' };
  const job =
    rewrite === 'convertOpset'
      ? { kind: 'convertOpset' as const, file, opset: Number(arg.opset) }
      : { kind: 'applyModelFix' as const, file, fixId: String(arg.fixId) };
  try {
    const written = await ctx.pool.run<ModelRewrite>(job, 'interactive');
    await workspace.onDiskChanges([written.path]);
    return { ok: true, uri: fileUri(written.path), summary: written.summary };
  } catch (error) {
    return failure(error);
  }
}
