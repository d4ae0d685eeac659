// What the profile-matrix tests share: the built CLI as a child process (stderr readable while it runs, so a test can
// kill it mid-matrix) and the trtexec runs a double recorded.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths';

export interface MatrixCli {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<{ code: number | null; stdout: string }>;
}

export function matrixCli(model: string, args: string[], env: NodeJS.ProcessEnv = {}): MatrixCli {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'profile-matrix', model, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout })),
  );
  return { child, stderr: () => stderr, done };
}

/** Waits until the CLI's stderr matches `pattern`; fails when it ends first or after `timeoutMs`. */
export async function stderrMatches(cli: MatrixCli, pattern: RegExp, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(cli.stderr())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${cli.stderr()}`);
    if (cli.child.exitCode !== null) throw new Error(`the client ended before ${pattern}:\n${cli.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** trtexec runs of a double (its `--help` probes left out), as argv lists. */
export function trtexecRuns(trtexec: string): string[][] {
  const file = path.join(path.dirname(trtexec), 'calls.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[])
    .filter((argv) => !argv.includes('--help'));
}
