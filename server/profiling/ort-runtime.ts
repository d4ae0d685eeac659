// Loads npm onnxruntime-node, which neither the .vsix nor the npm package installs (native binaries for every
// platform, ~290 MB, for one command): without it, "Run with ONNX Runtime" fails saying what to install and where,
// and nothing else is affected. package.json names it an optional peer dependency, so npm checks its version when
// it is added and never fetches it on its own.
import path from 'node:path';

export type OnnxRuntime = typeof import('onnxruntime-node');

export const ORT_PACKAGE = 'onnxruntime-node@1.30.0';

export class OnnxRuntimeMissingError extends Error {
  constructor(readonly installCommand: string) {
    super(
      `ONNX Runtime (npm ${ORT_PACKAGE}) is not installed, so models cannot be run locally. ModelReady does not install it (native binaries, about 290 MB); add it with: ${installCommand}`,
    );
  }
}

/** The npm command that adds ONNX Runtime beside ModelReady installed in `home` (its package folder). */
export function ortInstallCommand(home: string): string {
  // --omit=dev: home's package.json lists the development tools, which must not come along; --save-prod: installed
  // as the optional peer it is declared as, npm would consider it satisfied by its absence and add nothing.
  return `npm install --prefix ${JSON.stringify(home)} --no-save --save-prod --omit=dev ${ORT_PACKAGE}`;
}

/** ModelReady's package folder: bundled, this module runs from <package>/dist, and Node resolves packages from
 * <package>/node_modules upwards. */
export function modelReadyHome(): string {
  return path.resolve(__dirname, '..');
}

export async function loadOnnxRuntime(): Promise<OnnxRuntime> {
  try {
    return await import('onnxruntime-node');
  } catch (error) {
    // ERR_MODULE_NOT_FOUND from import() (how the bundles load it), MODULE_NOT_FOUND from require.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new OnnxRuntimeMissingError(ortInstallCommand(modelReadyHome()));
  }
}
