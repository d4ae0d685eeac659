import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class CliUsageError extends Error {}

/** node's parseArgs, with its errors turned into usage errors (exit code 2). */
export function parseCliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

/** The one model file a command works on: exactly one positional, an existing file (a folder is a usage error). */
export function requireOneModelFile(positionals: string[]): string {
  if (positionals.length !== 1) throw new CliUsageError('expects exactly one model file');
  const file = positionals[0];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new CliUsageError(`${file}: no such file`);
  }
  if (stat.isDirectory()) throw new CliUsageError(`${file} is a folder; this command takes one .onnx file`);
  return file;
}
