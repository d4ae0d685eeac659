// "Profile Matrix…": pick hosts, images and shape profiles, start the matrix in the server, show per-cell progress
// with a cancel button, and open the table in the results view (also the partial one of a cancelled matrix).
import * as vscode from 'vscode';
import {
  ProfileMatrixProfilesRequest,
  ProfileMatrixProgressNotification,
  ProfileMatrixResultNotification,
  ProfileMatrixStartRequest,
  type ProfileMatrixResultParams,
} from '../../server/contract/profile-matrix';
import { ProfileCancelRequest, ProfileHostsRequest } from '../../server/contract/profiling';
import { describeHost, pickChoices, MULTI_STEP_INPUT } from './pickers';
import type { ProfileDeps } from './remote-profile';

export async function profileMatrix(deps: ProfileDeps, model: vscode.Uri): Promise<void> {
  const { client, output } = deps;
  const modelUri = model.toString();
  const hosts = await client.sendRequest(ProfileHostsRequest, {
    uri: modelUri,
    settingsHosts: vscode.workspace.getConfiguration('modelready').get('hosts'),
  });
  const pickedHosts = await vscode.window.showQuickPick(
    hosts.configured.map((h) => ({ label: h.name, description: describeHost(h), host: h })),
    { title: 'Profile matrix: which hosts?', canPickMany: true, ...MULTI_STEP_INPUT },
  );
  if (!pickedHosts?.length) return;
  const images = await vscode.window.showInputBox({
    title: 'Profile matrix: container images (comma-separated, pinned; empty: each host as configured)',
    placeHolder: 'nvcr.io/nvidia/tensorrt:25.01-py3, nvcr.io/nvidia/tensorrt:25.06-py3',
    ...MULTI_STEP_INPUT,
  });
  if (images === undefined) return;
  const { profiles, problem } = await client.sendRequest(ProfileMatrixProfilesRequest, { modelUri });
  if (problem) void vscode.window.showWarningMessage(`ModelReady: ${problem}`);
  const pickedProfiles = profiles.length
    ? await vscode.window.showQuickPick(
        profiles.map((p) => ({ label: p.name, description: p.summary, picked: true })),
        { title: 'Profile matrix: which shape profiles?', canPickMany: true, ...MULTI_STEP_INPUT },
      )
    : [];
  if (!pickedProfiles || (profiles.length && !pickedProfiles.length)) return;
  const choices = await pickChoices();
  if (!choices) return;

  const started = await client.sendRequest(ProfileMatrixStartRequest, {
    modelUri,
    hosts: pickedHosts.map((p) => p.host),
    images: images
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    profiles: pickedProfiles.map((p) => p.label),
    choices,
  });
  if (!started.ok) {
    void vscode.window.showErrorMessage(`ModelReady: profile matrix refused: ${started.message}`);
    return;
  }
  output.show(true);
  output.appendLine(`--- ${new Date().toLocaleString()}: profile matrix of ${vscode.workspace.asRelativePath(model)}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'ModelReady: profile matrix', cancellable: true },
    (progress, token) =>
      new Promise<ProfileMatrixResultParams>((resolve) => {
        token.onCancellationRequested(() => void client.sendRequest(ProfileCancelRequest, { runId: started.matrixId }));
        const listeners = [
          client.onNotification(ProfileMatrixProgressNotification, (p) => {
            if (p.matrixId !== started.matrixId) return;
            const where = [p.cell.host, p.cell.image, p.cell.profile].filter(Boolean).join(' · ');
            output.appendLine(`[${p.done}/${p.total}] ${where}: ${p.detail}`);
            progress.report({
              message: `${p.done}/${p.total} · ${where}: ${p.detail}`,
              increment: p.event === 'done' ? 100 / p.total : undefined,
            });
          }),
          client.onNotification(ProfileMatrixResultNotification, (r) => {
            if (r.matrixId !== started.matrixId) return;
            listeners.forEach((l) => l.dispose());
            resolve(r);
          }),
        ];
      }),
  );
  const note = result.ok ? undefined : result.cancelled ? 'Cancelled.' : `Stopped: ${result.message}`;
  deps.results.show(model, { matrix: result.table, note });
  const failed = result.table.rows.filter((r) => !r.ok).length;
  if (!result.ok && !result.cancelled) void vscode.window.showErrorMessage(`ModelReady: ${note}`);
  else if (result.ok && failed)
    void vscode.window.showWarningMessage(`ModelReady: ${failed} of ${result.table.rows.length} cells failed.`);
}
