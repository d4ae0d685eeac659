// What a profiling or ONNX Runtime command needs before it asks for a model: a host to profile on, ONNX Runtime
// installed. Decided here (the extension only shows the answer): when something is missing, the notice names it and
// offers the actions that fix it, so the user never picks a model only to learn the command cannot run.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PrerequisiteAction, PrerequisitesResult, ProfileHostsResult } from '../contract/profiling';
import { ortInstallCommand, ORT_PACKAGE } from './ort-runtime';

/** trtexec found on PATH (what a `local: true` host runs), or undefined. */
export function findOnPath(program: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here: next folder
    }
  }
  return undefined;
}

/** Whether onnxruntime-node resolves from `home` (ModelReady's package folder) the way the bundles import it. */
export function onnxRuntimeInstalled(home: string): boolean {
  try {
    createRequire(path.join(home, 'package.json')).resolve('onnxruntime-node');
    return true;
  } catch {
    return false;
  }
}

/** "Profile with trtexec": a configured host or an ~/.ssh/config suggestion to pick, else say how to get one. */
export function profilingPrerequisites(
  hosts: ProfileHostsResult,
  localTrtexec: string | undefined,
): PrerequisitesResult {
  if (hosts.configured.length > 0 || hosts.sshConfigSuggestions.length > 0) return { ready: true };
  const actions: PrerequisiteAction[] = [{ kind: 'add-host', title: 'Add GPU host…' }];
  if (localTrtexec) actions.push({ kind: 'use-local-trtexec', title: 'Use local trtexec', trtexecPath: localTrtexec });
  const problems = hosts.problems.length ? ` (left out: ${hosts.problems.join('; ')})` : '';
  return {
    ready: false,
    message:
      `No GPU host to profile on${problems}. Add one to "hosts" in .modelready.json or the "modelready.hosts" ` +
      `setting${localTrtexec ? `, or use trtexec on this machine (${localTrtexec})` : ''}.`,
    actions,
  };
}

/** "Run with ONNX Runtime": onnxruntime-node installed beside ModelReady, else the command that installs it. */
export function ortPrerequisites(installed: boolean, home: string): PrerequisitesResult {
  if (installed) return { ready: true };
  return {
    ready: false,
    message: `ONNX Runtime (npm ${ORT_PACKAGE}) is not installed, so models cannot be run locally. It is an optional add-on (native binaries, about 290 MB).`,
    actions: ortInstallActions(home),
  };
}

/** The buttons that add ONNX Runtime beside ModelReady installed in `home`. */
export function ortInstallActions(home: string): PrerequisiteAction[] {
  const command = ortInstallCommand(home);
  return [
    { kind: 'install-ort', title: 'Install ONNX Runtime', command },
    { kind: 'copy-command', title: 'Copy command', text: command },
  ];
}
