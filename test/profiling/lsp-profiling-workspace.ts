// The workspace the LSP profiling tests run in: the real OpenSSH server on loopback with two trtexec doubles (one that
// replays a recorded run at once, one whose build takes a minute, for cancel), a copy of a corpus model under a name
// with a space, and a .modelready.json naming its two shape profiles and both hosts.
import fs from 'node:fs';
import path from 'node:path';
import { scratchDir } from '../support/paths';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { ProfileProgressParams } from '../../server/contract/profiling';
import type { LspClient } from '../lsp/lsp-client';
import { sharedRoot } from './corpus';
import { installTrtexecDouble, startSshd, type SshdHandle } from './ssh-harness';

export interface ProfilingWorkspace {
  sshd: SshdHandle;
  root: string;
  model: string;
  knownHosts: string;
  fastDir: string;
  slowDir: string;
}

export async function startProfilingWorkspace(): Promise<ProfilingWorkspace> {
  const sshd = await startSshd();
  const fastDir = path.join(sshd.dir, 'fast', 'bin');
  const slowDir = path.join(sshd.dir, 'slow', 'bin');
  installTrtexecDouble(fastDir, {
    version: '10.13.0',
    corpusRun: 'examples/pytorch/resnet/A100/fp16',
    prefix: 'resnet.onnx.engine',
    inputs: ['data'],
  });
  installTrtexecDouble(slowDir, {
    version: '10.13.0',
    corpusRun: 'examples/pytorch/resnet/A100/fp16',
    prefix: 'resnet.onnx.engine',
    inputs: ['data'],
    buildMs: 60000,
  });
  const root = scratchDir('lsp-profiling');
  const model = path.join(root, 'models', 'squeeze net.onnx');
  fs.mkdirSync(path.dirname(model), { recursive: true });
  fs.copyFileSync(path.join(sharedRoot, 'corpus/onnx/exported/squeezenet_op9.full.onnx'), model);
  const knownHosts = path.join(root, 'known_hosts');
  fs.writeFileSync(knownHosts, '');
  const ssh = {
    host: '127.0.0.1',
    port: sshd.port,
    user: 'root',
    identityFile: sshd.clientKey,
    knownHostsFile: knownHosts,
    workDir: path.join(sshd.dir, 'work'),
  };
  fs.writeFileSync(
    path.join(root, '.modelready.json'),
    JSON.stringify({
      profiles: {
        // Two profiles: single runs take the first, a profile matrix runs both.
        'models/squeeze net.onnx': [
          { data: { min: [1, 3, 224, 224], opt: [4, 3, 224, 224], max: [8, 3, 224, 224] } },
          { data: { min: [1, 3, 224, 224], opt: [16, 3, 224, 224], max: [32, 3, 224, 224] } },
        ],
      },
      hosts: {
        gpu: { ...ssh, trtexecPath: path.join(fastDir, 'trtexec') },
        'slow gpu': { ...ssh, trtexecPath: path.join(slowDir, 'trtexec') },
      },
    }),
  );
  return { sshd, root, model, knownHosts, fastDir, slowDir };
}

/** Waits until a notification of `method` passes `test` (notifications are kept in arrival order). */
export async function notificationOf<T>(
  client: LspClient,
  method: string,
  test: (p: T) => boolean,
  timeoutMs = 30000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = client.notifications.find((n) => n.method === method && test(n.params as T));
    if (hit) return hit.params as T;
    if (Date.now() > deadline) throw new Error(`no ${method} within ${timeoutMs} ms; stderr: ${client.stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The profiling progress notifications of one run, in arrival order. */
export function progressNotifications(client: LspClient, runId: string): ProfileProgressParams[] {
  return client.notifications
    .filter((n) => n.method === 'modelready/profile/progress' && (n.params as ProfileProgressParams).runId === runId)
    .map((n) => n.params as ProfileProgressParams);
}

/** The current diagnostics of `uri` if they pass `test`, else the next ones that do. */
export function diagnosticsOf(
  client: LspClient,
  uri: string,
  test: (ds: Diagnostic[]) => boolean,
): Promise<Diagnostic[]> {
  const now = client.diagnostics.get(uri);
  return now && test(now) ? Promise.resolve(now) : client.nextDiagnostics(uri, test);
}

/** Hosts from the editor settings: they go through the same checks as the file's (one holds a password). */
export const settingsHosts = [
  { name: 'leaky', host: 'x', user: 'y', password: 'hunter2' },
  { name: 'docker box', host: 'gpu2', user: 'me', containerImage: 'nvcr.io/nvidia/tensorrt:25.01-py3' },
];
