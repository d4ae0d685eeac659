// The choices of a profiling run, asked in VS Code: which host (configured, or suggested from ~/.ssh/config) and
// which trtexec options.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ProfileHostsRequest,
  type Precision,
  type ProfileChoices,
  type ProfileHostConfig,
  type ProfileHostsParams,
} from '../../server/contract/profiling';
import { prerequisitesMet } from './prerequisites';

export const describeHost = (h: ProfileHostConfig): string =>
  [
    h.local ? 'this machine' : `${h.user}@${h.host}${h.port && h.port !== 22 ? `:${h.port}` : ''}`,
    h.containerImage && `in ${h.containerImage}`,
  ]
    .filter(Boolean)
    .join(' ');

/**
 * Each picker of a multi-step run keeps its place when focus leaves it (to copy an image tag, to look at the graph):
 * without this a click elsewhere dismisses it and drops every earlier pick. Escape still cancels.
 */
export const MULTI_STEP_INPUT = { ignoreFocusOut: true } as const;

export async function pickHost(
  client: LanguageClient,
  model: vscode.Uri,
  again = true,
): Promise<ProfileHostConfig | undefined> {
  const params: ProfileHostsParams = {
    uri: model.toString(),
    settingsHosts: vscode.workspace.getConfiguration('modelready').get('hosts'),
  };
  const hosts = await client.sendRequest(ProfileHostsRequest, params);
  if (hosts.problems.length)
    void vscode.window.showWarningMessage(`ModelReady: some hosts were left out: ${hosts.problems.join('; ')}`);
  type Item = vscode.QuickPickItem & { host?: ProfileHostConfig };
  const items: Item[] = [
    ...hosts.configured.map((h) => ({ label: h.name, description: describeHost(h), host: h })),
    ...(hosts.sshConfigSuggestions.length
      ? [{ label: 'from ~/.ssh/config', kind: vscode.QuickPickItemKind.Separator }]
      : []),
    ...hosts.sshConfigSuggestions.map((h) => ({
      label: h.name,
      description: describeHost(h),
      detail: 'Suggested from ~/.ssh/config: add it to "modelready.hosts" to set trtexec and a work folder',
      host: h,
    })),
  ];
  if (items.length === 0) {
    // The hosts went away since the command checked: the same notice and buttons ("Use local trtexec" goes on).
    return again && (await prerequisitesMet(client, 'profileRemote', model))
      ? pickHost(client, model, false)
      : undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Profile on which host?', ...MULTI_STEP_INPUT }))?.host;
}

export async function pickChoices(): Promise<ProfileChoices | undefined> {
  const precisions: { label: Precision; description: string }[] = [
    {
      label: 'fp16',
      description: 'FP16 kernels allowed (not on TensorRT 11: export a strongly typed FP16 model instead)',
    },
    { label: 'fp32', description: 'the model as exported' },
    { label: 'bf16', description: 'BF16 kernels allowed' },
    { label: 'int8', description: 'INT8 (needs Q/DQ nodes or calibration)' },
    { label: 'fp8', description: 'FP8 (Hopper and later)' },
    { label: 'best', description: 'every precision allowed (not on TensorRT 11)' },
  ];
  const precision = await vscode.window.showQuickPick(precisions, { title: 'Precision', ...MULTI_STEP_INPUT });
  if (!precision) return undefined;
  const options = await vscode.window.showQuickPick(
    [
      {
        label: 'Timing cache',
        description: 'reuse kernel timings between builds',
        key: 'useTimingCache',
        picked: true,
      },
      {
        label: 'Per-inference times',
        description: '--exportTimes, for the latency histogram',
        key: 'exportTimes',
        picked: true,
      },
      {
        label: 'Keep the engine',
        description: '--saveEngine beside the uploaded model',
        key: 'saveEngine',
        picked: false,
      },
    ],
    { title: 'Options', canPickMany: true, ...MULTI_STEP_INPUT },
  );
  if (!options) return undefined;
  const iterations = await vscode.window.showInputBox({
    title: 'Timed iterations (at least)',
    value: '100',
    ...MULTI_STEP_INPUT,
    validateInput: (v) => (/^[1-9]\d{0,6}$/.test(v) ? undefined : 'a whole number from 1 to 9999999'),
  });
  if (!iterations) return undefined;
  const picked = new Set(options.map((o) => o.key));
  return {
    precision: precision.label,
    iterations: Number(iterations),
    useTimingCache: picked.has('useTimingCache'),
    exportTimes: picked.has('exportTimes'),
    saveEngine: picked.has('saveEngine'),
  };
}
