// "Profile with trtexec on remote GPU" once host and choices are picked: starts the run in the server, shows its
// phases with a cancel button, writes its log to the output channel, asks about an unknown host key, and opens
// the results view when the run ends.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ProfileAcceptHostKeyRequest,
  ProfileCancelRequest,
  ProfileProgressNotification,
  ProfileResultNotification,
  ProfileStartRequest,
  type ProfileChoices,
  type ProfileHostConfig,
  type ProfilePhase,
  type ProfileProgressParams,
  type ProfileResultParams,
  type ProfileStartParams,
} from '../../server/contract/profiling';
import { describeHost } from './pickers';
import type { ResultsPanels } from './results-panels';

const PHASE_TITLES: Record<ProfilePhase, string> = {
  connect: 'connecting',
  upload: 'uploading the model',
  'build-engine': 'building the engine',
  inference: 'running inference',
  'collect-results': 'collecting results',
};

/** Listeners of the runs in flight, by run id (the server's progress and result notifications name the run). */
export class RunListeners {
  private readonly runs = new Map<
    string,
    { progress: (p: ProfileProgressParams) => void; done: (r: ProfileResultParams) => void }
  >();

  constructor(client: LanguageClient, subscriptions: vscode.Disposable[]) {
    subscriptions.push(
      client.onNotification(ProfileProgressNotification, (p: ProfileProgressParams) =>
        this.runs.get(p.runId)?.progress(p),
      ),
      client.onNotification(ProfileResultNotification, (r: ProfileResultParams) => this.runs.get(r.runId)?.done(r)),
    );
  }

  listen(runId: string, progress: (p: ProfileProgressParams) => void): Promise<ProfileResultParams> {
    return new Promise((resolve) =>
      this.runs.set(runId, {
        progress,
        done: (r) => {
          this.runs.delete(runId);
          resolve(r);
        },
      }),
    );
  }
}

export interface ProfileDeps {
  client: LanguageClient;
  output: vscode.OutputChannel;
  results: ResultsPanels;
  listeners: RunListeners;
}

export async function profile(
  deps: ProfileDeps,
  model: vscode.Uri,
  host: ProfileHostConfig,
  choices: ProfileChoices,
): Promise<void> {
  const { client, output, results } = deps;
  const params: ProfileStartParams = { modelUri: model.toString(), host, choices };
  output.show(true);
  output.appendLine(
    `--- ${new Date().toLocaleString()}: profiling ${vscode.workspace.asRelativePath(model)} on ${host.name} (${describeHost(host)}), ${choices.precision}`,
  );
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `ModelReady: profiling on ${host.name}`,
      cancellable: true,
    },
    async (progress, token) => {
      const started = await client.sendRequest(ProfileStartRequest, params);
      if (!started.ok) return { runId: '', ok: false as const, kind: 'bad-options' as const, message: started.message };
      token.onCancellationRequested(() => void client.sendRequest(ProfileCancelRequest, { runId: started.runId }));
      return deps.listeners.listen(started.runId, (p) => {
        if (p.logLines) for (const line of p.logLines) output.appendLine(line);
        else if (p.uploadedBytes !== undefined && p.totalBytes)
          progress.report({ message: `uploading ${Math.round((100 * p.uploadedBytes) / p.totalBytes)} %` });
        else progress.report({ message: PHASE_TITLES[p.phase] });
      });
    },
  );
  if (result.ok) {
    const s = result.run.summary;
    output.appendLine(
      `done: ${s.throughputQps?.toFixed(1) ?? '?'} qps, median latency ${s.latency?.medianMs.toFixed(3) ?? '?'} ms; uploaded ${result.bytesUploaded} bytes`,
    );
    results.show(model, { runId: result.storedRunId });
    return;
  }
  output.appendLine(`failed (${result.kind}): ${result.message}`);
  if (result.kind === 'host-key-unknown' && result.hostKey && !host.local) {
    if (await acceptHostKey(client, host, result)) await profile(deps, model, host, choices);
  } else if (result.kind === 'host-key-changed' || result.kind === 'host-key-revoked') {
    void vscode.window.showErrorMessage(
      `ModelReady: ${result.message} Someone may be intercepting the connection, or the host was reinstalled: check with its administrator and fix known_hosts yourself.`,
      { modal: true },
    );
  } else if (result.kind !== 'cancelled') {
    void vscode.window.showErrorMessage(`ModelReady: profiling failed: ${result.message}`);
  }
}

/** The modal that shows an unknown host key's fingerprint; true when the user accepted and the server stored it. */
async function acceptHostKey(
  client: LanguageClient,
  host: ProfileHostConfig,
  failure: Extract<ProfileResultParams, { ok: false }>,
): Promise<boolean> {
  const accept = 'Accept and connect';
  const answer = await vscode.window.showWarningMessage(
    `The authenticity of ${host.host}:${host.port ?? 22} cannot be established.`,
    {
      modal: true,
      detail: `Its host key fingerprint is\n${failure.fingerprint}\n\nCompare it with the one the host's administrator gives you (ssh-keygen -lf on the host key). Accepting adds it to known_hosts.`,
    },
    accept,
  );
  if (answer !== accept) return false;
  const accepted = await client.sendRequest(ProfileAcceptHostKeyRequest, {
    host: host.host!,
    port: host.port ?? 22,
    hostKey: failure.hostKey!,
    knownHostsFile: host.knownHostsFile,
  });
  if (!accepted.ok) void vscode.window.showErrorMessage(`ModelReady: ${accepted.message}`);
  return accepted.ok;
}
