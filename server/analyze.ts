// The analysis entry point shared by the CLI and the language server: one file in, findings out.
import path from 'node:path';
import { isIgnored, resolveConfig, type ModelReadyConfig } from './config/config';
import type { Finding } from './findings';
import { checkOnnxFile } from './rules/index';
import { checkPlanFile, checkStackFile } from './target/stack-check';
import { isPlanFile, isStackFile } from './target/stack-pins';
import { isModelFile } from './workspace-files';

/** Without a configuration, the `.modelready.json` found from the file's folder upwards applies. */
export function analyzeFile(
  file: string,
  config: ModelReadyConfig = resolveConfig(path.dirname(path.resolve(file))),
): Finding[] {
  if (isIgnored(config, file)) return [];
  if (isModelFile(file)) return checkOnnxFile(file, config);
  if (isStackFile(file)) return checkStackFile(file, config);
  if (isPlanFile(file)) return checkPlanFile(file, config);
  return [];
}
