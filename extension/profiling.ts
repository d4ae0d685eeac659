// Profiling in VS Code (wiring and UI only; the language server does the work): "Profile with trtexec on remote GPU"
// (host picker, choices, progress with phase and cancel, log to an output channel, host-key prompt), "Run with ONNX
// Runtime (local)", and the results view (one run, or two compared) whose "Show on graph" colours the graph view.
// Nothing here runs in an untrusted workspace: the commands refuse, and the server's execution gate refuses too.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GraphOverlay } from '../server/contract/graph-view';
import type {
  OrtRunLocalParams,
  ProfileAcceptHostKeyParams,
  ProfileHostConfig,
  ProfileHostsParams,
  ProfileProgressParams,
  ProfileResultParams,
  ProfileStartParams,
} from '../server/contract/profiling';
import {
  OrtRunLocalRequest,
  ProfileAcceptHostKeyRequest,
  ProfileCancelRequest,
  ProfileHostsRequest,
  ProfileProgressNotification,
  ProfileResultNotification,
  ProfileStartRequest,
  RunsCompareRequest,
  RunsGetRequest,
  RunsListRequest,
} from '../server/contract/profiling';
import type { Precision, ProfileChoices, ProfilePhase } from '../server/contract/profiling';
import { buildResultsViewHtml } from '../server/profiling/results-html';
import { ResultsSession, type RunSource } from '../server/profiling/results-session';
import { pickModel } from './commands';
import { connectSession, distUri, logRefusals, pageResources, webviewOptions } from './webview-host';

const RESULTS_VIEW_TYPE = 'modelready.results';

const PHASE_TITLES: Record<ProfilePhase, string> = {
  connect: 'connecting',
  upload: 'uploading the model',
  'build-engine': 'building the engine',
  inference: 'running inference',
  'collect-results': 'collecting results',
};

/** Where the server keeps runs: the workspace's storage, else the extension's global storage. */
export function profilingStorageDir(context: vscode.ExtensionContext): string {
  return (context.storageUri ?? context.globalStorageUri).fsPath;
}

function refuseUntrusted(): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showErrorMessage(
    'ModelReady: running models and remote profiling are disabled in an untrusted workspace. Trust the workspace to enable them.',
  );
  return true;
}

const describeHost = (h: ProfileHostConfig): string =>
  [
    h.local ? 'this machine' : `${h.user}@${h.host}${h.port && h.port !== 22 ? `:${h.port}` : ''}`,
    h.containerImage && `in ${h.containerImage}`,
  ]
    .filter(Boolean)
    .join(' ');

async function pickHost(client: LanguageClient, model: vscode.Uri): Promise<ProfileHostConfig | undefined> {
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
    void vscode.window.showInformationMessage(
      'ModelReady: no profiling hosts. Add one to .modelready.json "hosts" or the "modelready.hosts" setting.',
    );
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Profile on which host?' }))?.host;
}

async function pickChoices(): Promise<ProfileChoices | undefined> {
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
  const precision = await vscode.window.showQuickPick(precisions, { title: 'Precision' });
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
    { title: 'Options', canPickMany: true },
  );
  if (!options) return undefined;
  const iterations = await vscode.window.showInputBox({
    title: 'Timed iterations (at least)',
    value: '100',
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

/** Results panels, one per model. */
class ResultsPanels {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; session: ResultsSession }>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {}

  show(model: vscode.Uri, what?: { runId: string } | { baseId: string; otherId: string }): void {
    const key = model.toString();
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal();
      if (what) void open.session.show(what);
      return;
    }
    const name = model.path.split('/').pop() ?? 'model';
    const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, `Profile: ${name}`, vscode.ViewColumn.Beside, {
      ...webviewOptions(this.context),
      retainContextWhenHidden: true,
    });
    panel.webview.html = buildResultsViewHtml({
      ...pageResources(this.context, panel.webview, 'results.js'),
      styleUri: distUri(this.context, panel.webview, 'results.css'),
      title: `Profile: ${name}`,
    });
    const modelUri = model.toString();
    const source: RunSource = {
      list: async () => (await this.client.sendRequest(RunsListRequest, { modelUri })).runs,
      get: async (runId) => {
        const got = await this.client.sendRequest(RunsGetRequest, { modelUri, runId });
        if (!got.ok) throw new Error(got.message);
        return got;
      },
      compare: async (baseId, otherId) => {
        const compared = await this.client.sendRequest(RunsCompareRequest, {
          modelUri,
          baseId,
          otherId,
        });
        if (!compared.ok) throw new Error(compared.message);
        return compared;
      },
    };
    const session = new ResultsSession(
      source,
      {
        post: (message) => void panel.webview.postMessage(message),
        showOverlay: (overlay) => void showOnGraph(model, overlay),
        onInvalid: logRefusals(this.output, 'results view'),
      },
      what,
    );
    connectSession(panel, session, () => this.panels.delete(key));
    this.panels.set(key, { panel, session });
  }
}

function showOnGraph(model: vscode.Uri, overlay: GraphOverlay): Thenable<unknown> {
  return vscode.commands.executeCommand('modelready.graph.showOverlay', model, overlay);
}

export function registerProfiling(context: vscode.ExtensionContext, client: LanguageClient): void {
  const output = vscode.window.createOutputChannel('ModelReady Profiling');
  const results = new ResultsPanels(context, client, output);
  /** Listeners of the runs in flight, by run id. */
  const runs = new Map<
    string,
    { progress: (p: ProfileProgressParams) => void; done: (r: ProfileResultParams) => void }
  >();
  context.subscriptions.push(
    output,
    client.onNotification(ProfileProgressNotification, (p: ProfileProgressParams) => runs.get(p.runId)?.progress(p)),
    client.onNotification(ProfileResultNotification, (r: ProfileResultParams) => runs.get(r.runId)?.done(r)),
  );

  async function profile(model: vscode.Uri, host: ProfileHostConfig, choices: ProfileChoices): Promise<void> {
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
        if (!started.ok)
          return { runId: '', ok: false as const, kind: 'bad-options' as const, message: started.message };
        return new Promise<ProfileResultParams>((resolve) => {
          token.onCancellationRequested(() => void client.sendRequest(ProfileCancelRequest, { runId: started.runId }));
          runs.set(started.runId, {
            progress: (p) => {
              if (p.logLines) for (const line of p.logLines) output.appendLine(line);
              else if (p.uploadedBytes !== undefined && p.totalBytes)
                progress.report({ message: `uploading ${Math.round((100 * p.uploadedBytes) / p.totalBytes)} %` });
              else progress.report({ message: PHASE_TITLES[p.phase] });
            },
            done: (r) => {
              runs.delete(started.runId);
              resolve(r);
            },
          });
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
      const accept = 'Accept and connect';
      const answer = await vscode.window.showWarningMessage(
        `The authenticity of ${host.host}:${host.port ?? 22} cannot be established.`,
        {
          modal: true,
          detail: `Its host key fingerprint is\n${result.fingerprint}\n\nCompare it with the one the host's administrator gives you (ssh-keygen -lf on the host key). Accepting adds it to known_hosts.`,
        },
        accept,
      );
      if (answer !== accept) return;
      const accepted = await client.sendRequest(ProfileAcceptHostKeyRequest, {
        host: host.host!,
        port: host.port ?? 22,
        hostKey: result.hostKey,
        knownHostsFile: host.knownHostsFile,
      } satisfies ProfileAcceptHostKeyParams);
      if (!accepted.ok) void vscode.window.showErrorMessage(`ModelReady: ${accepted.message}`);
      else await profile(model, host, choices);
    } else if (result.kind === 'host-key-changed' || result.kind === 'host-key-revoked') {
      void vscode.window.showErrorMessage(
        `ModelReady: ${result.message} Someone may be intercepting the connection, or the host was reinstalled: check with its administrator and fix known_hosts yourself.`,
        { modal: true },
      );
    } else if (result.kind !== 'cancelled') {
      void vscode.window.showErrorMessage(`ModelReady: profiling failed: ${result.message}`);
    }
  }

  async function runOrtLocal(arg: unknown): Promise<void> {
    if (refuseUntrusted()) return;
    const model = await pickModel(arg, 'Run which model with ONNX Runtime?');
    if (!model) return;
    const params: OrtRunLocalParams = { modelUri: model.toString() };
    const answer = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'ModelReady: running the model with ONNX Runtime (CPU)',
      },
      () => client.sendRequest(OrtRunLocalRequest, params),
    );
    if (!answer.ok) {
      const copy = answer.installCommand ? ['Copy install command'] : [];
      const chosen = await vscode.window.showErrorMessage(`ModelReady: ${answer.message}`, ...copy);
      if (chosen && answer.installCommand) await vscode.env.clipboard.writeText(answer.installCommand);
      return;
    }
    const { result } = answer;
    output.show(true);
    output.appendLine(`--- ONNX Runtime (CPU) on ${vscode.workspace.asRelativePath(model)}`);
    for (const r of result.runs)
      output.appendLine(
        `${r.point}: ${Object.entries(r.shapes)
          .map(([n, d]) => `${n} ${d.join('x')}`)
          .join(', ')}: ${r.ok ? `ok in ${r.ms.toFixed(1)} ms` : `FAILED: ${r.error}`}`,
      );
    if (result.assumedOne.length)
      output.appendLine(
        `no profile for ${result.assumedOne.join(', ')}: symbolic dimensions run with 1 (set profiles in .modelready.json)`,
      );
    for (const n of result.nodes.slice(0, 15))
      output.appendLine(
        `  ${n.averageMs.toFixed(3).padStart(9)} ms ${n.percentage.toFixed(1).padStart(5)} %  ${n.opType} ${n.name}`,
      );
    const failed = result.runs.filter((r) => !r.ok).map((r) => r.point);
    const graph = 'Show on graph';
    const open = 'Open results';
    const message = failed.length
      ? `ModelReady: the model fails at the profile's ${failed.join(', ')} shapes (see Problems).`
      : "ModelReady: the model runs at the profile's min, opt and max shapes.";
    const picked = await (failed.length
      ? vscode.window.showWarningMessage(message, graph, open)
      : vscode.window.showInformationMessage(message, graph, open));
    if (picked === graph && result.nodes.length) await showOnGraph(model, answer.overlay);
    // Kept in the run store like a trtexec run: listed, comparable.
    if (picked === open) results.show(model, { runId: answer.storedRunId });
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('modelready.profileRemote', async (arg: unknown) => {
      if (refuseUntrusted()) return;
      const model = await pickModel(arg, 'Profile which model with trtexec?');
      if (!model) return;
      const host = await pickHost(client, model);
      if (!host) return;
      const choices = await pickChoices();
      if (choices) await profile(model, host, choices);
    }),
    vscode.commands.registerCommand('modelready.runOrtLocal', runOrtLocal),
    vscode.commands.registerCommand('modelready.showProfileResults', async (arg: unknown) => {
      const model = await pickModel(arg, 'Show the profiling results of which model?');
      if (model) results.show(model);
    }),
    vscode.commands.registerCommand('modelready.compareRuns', async (arg: unknown) => {
      const model = await pickModel(arg, 'Compare the runs of which model?');
      if (!model) return;
      const list = (await client.sendRequest(RunsListRequest, { modelUri: model.toString() })).runs;
      if (list.length < 2) {
        void vscode.window.showInformationMessage(
          'ModelReady: this model has fewer than two profiling runs to compare.',
        );
        return;
      }
      const items = list.map((r) => ({
        label: r.label,
        description: new Date(r.finishedAt).toLocaleString(),
        detail: `median ${r.latencyMedianMs?.toFixed(3) ?? '?'} ms, ${r.throughputQps?.toFixed(1) ?? '?'} qps`,
        id: r.id,
      }));
      const base = await vscode.window.showQuickPick(items, { title: 'Compare runs: base run' });
      if (!base) return;
      const other = await vscode.window.showQuickPick(
        items.filter((i) => i.id !== base.id),
        { title: `Compare ${base.label} with` },
      );
      if (other) results.show(model, { baseId: base.id, otherId: other.id });
    }),
  );
}
