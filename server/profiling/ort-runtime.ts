// Loads npm onnxruntime-node, which the .vsix does not ship (native binaries for every platform, ~290 MB):
// without it, "Run with ONNX Runtime" fails with what to install and where, and nothing else is affected.
import path from 'node:path';

export type OnnxRuntime = typeof import('onnxruntime-node');

export const ORT_PACKAGE = 'onnxruntime-node@1.30.0';

export class OnnxRuntimeMissingError extends Error {}

export async function loadOnnxRuntime(): Promise<OnnxRuntime> {
  try {
    return await import('onnxruntime-node');
  } catch (error) {
    // ERR_MODULE_NOT_FOUND from import() (how the bundles load it), MODULE_NOT_FOUND from require.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    // Bundled, this module runs from <extension>/dist: Node resolves packages from <extension>/node_modules.
    const home = path.resolve(__dirname, '..');
    throw new OnnxRuntimeMissingError(
      `ONNX Runtime (npm ${ORT_PACKAGE}) is not installed, so models cannot be run locally. It is not bundled in the VS Code extension because of its size; install it with: cd ${JSON.stringify(home)} && npm install --no-save ${ORT_PACKAGE}`,
    );
  }
}
