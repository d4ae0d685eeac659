// Profiling in VS Code (wiring and UI only; the language server does the work): one handler per command, in a
// table. "Profile with trtexec on remote GPU" (host picker, choices, progress with phase and cancel, log to an
// output channel, host-key prompt), "Profile Matrix…" (hosts × images × profiles, per-cell progress, the table in
// the results view), "Run with ONNX Runtime (local)", and the results view (one run, or two compared) whose "Show on
// graph" colours the graph view. Nothing here runs in an untrusted workspace: the commands refuse, and the server's
// execution gate refuses too.
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { pickModel } from './commands';
import { compareRuns } from './profiling/compare-runs';
import { runOrtLocal } from './profiling/ort-run';
import { pickChoices, pickHost } from './profiling/pickers';
import { prerequisitesMet } from './profiling/prerequisites';
import { profileMatrix } from './profiling/profile-matrix';
import { profile, RunListeners, type ProfileDeps } from './profiling/remote-profile';
import { ResultsPanels } from './profiling/results-panels';

/**
 * The run store the setting names (`~/` expanded), or undefined for the server's default: the CLI's, so runs and
 * matrices started in either are found by the other.
 */
export function runStoreSetting(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return trimmed === '~' || trimmed.startsWith('~/') ? path.join(os.homedir(), trimmed.slice(1)) : trimmed;
}

function refuseUntrusted(): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showErrorMessage(
    'ModelReady: running models and remote profiling are disabled in an untrusted workspace. Trust the workspace to enable them.',
  );
  return true;
}

interface ProfilingCommand {
  /** What the model picker asks when the command was not given a model. */
  pickTitle: string;
  /** Runs the model, or starts a remote run: refused in an untrusted workspace. */
  executes: boolean;
  /** Checked before the model picker: what the command needs (a host, ONNX Runtime). */
  needs?: 'profileRemote' | 'runOrtLocal';
  run: (deps: ProfileDeps, model: vscode.Uri) => Promise<void>;
}

const COMMANDS: Record<string, ProfilingCommand> = {
  'modelready.profileRemote': {
    pickTitle: 'Profile which model with trtexec?',
    executes: true,
    needs: 'profileRemote',
    run: async (deps, model) => {
      const host = await pickHost(deps.client, model);
      if (!host) return;
      const choices = await pickChoices();
      if (choices) await profile(deps, model, host, choices);
    },
  },
  'modelready.profileMatrix': {
    pickTitle: 'Profile which model across hosts, images and profiles?',
    executes: true,
    needs: 'profileRemote',
    run: profileMatrix,
  },
  'modelready.runOrtLocal': {
    pickTitle: 'Run which model with ONNX Runtime?',
    executes: true,
    needs: 'runOrtLocal',
    run: (deps, model) => runOrtLocal(deps.client, deps.output, deps.results, model),
  },
  'modelready.showProfileResults': {
    pickTitle: 'Show the profiling results of which model?',
    executes: false,
    run: async (deps, model) => deps.results.show(model),
  },
  'modelready.compareRuns': {
    pickTitle: 'Compare the runs of which model?',
    executes: false,
    run: (deps, model) => compareRuns(deps.client, deps.results, model),
  },
};

export function registerProfiling(context: vscode.ExtensionContext, client: LanguageClient): void {
  const output = vscode.window.createOutputChannel('ModelReady Profiling');
  context.subscriptions.push(output);
  const deps: ProfileDeps = {
    client,
    output,
    results: new ResultsPanels(context, client, output),
    listeners: new RunListeners(client, context.subscriptions),
  };
  for (const [id, command] of Object.entries(COMMANDS))
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (arg: unknown) => {
        if (command.executes && refuseUntrusted()) return;
        if (command.needs && !(await prerequisitesMet(client, command.needs, arg))) return;
        const model = await pickModel(arg, command.pickTitle);
        if (model) await command.run(deps, model);
      }),
    );
}
