// A generated workspace at the scale issue 11 asks the language server to hold: model repositories of Triton
// model folders, each with a config.pbtxt and 1/model.onnx, built from corpus files in a scratch folder.
// Most folders hold Triton's `simple` example (config and model agree, or the config names INPUT9 and gets
// triton/model-io-name); one in ten holds a corpus export (graph only, weights absent: ONNX findings, and a
// config that disagrees with the model), so the analyses do real work of several sizes.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readiness, ServerStats } from '../../server/contract/analysis';
import { corpusDir, corpusOnnxDir, scratchDir } from '../support/paths';
import { LspClient, uriOf } from './lsp-client';

const SIMPLE = path.join(corpusDir, 'triton/examples/simple');
const EXPORTS = ['squeezenet_op9.onnx', 'resnet50_op17.onnx', 'mobilenet_v3_small_op13.onnx', 'bert_base_op14.onnx'];

export interface LargeWorkspace {
  root: string;
  configs: string[];
  models: string[];
  /** The config text with `name` set to its folder, agreeing with the `simple` model (or breaking it: INPUT9). */
  configText: (model: string, broken: boolean) => string;
}

/** `models` model folders in repositories of `perRepository`: `models` configs and `models` .onnx files. */
export function largeWorkspace(name: string, models = 1000, perRepository = 100): LargeWorkspace {
  const root = scratchDir(name);
  const template = fs.readFileSync(path.join(SIMPLE, 'config.pbtxt'), 'utf8');
  const configText = (model: string, broken: boolean) => {
    const text = template.replace('name: "simple"', `name: "${model}"`);
    return broken ? text.replace('name: "INPUT0"', 'name: "INPUT9"') : text;
  };
  const simpleModel = fs.readFileSync(path.join(SIMPLE, '1/model.onnx'));
  const exports = EXPORTS.map((f) => fs.readFileSync(path.join(corpusOnnxDir, f)));
  const configs: string[] = [];
  const modelFiles: string[] = [];
  for (let i = 0; i < models; i++) {
    const repo = path.join(root, `repository_${String(Math.floor(i / perRepository)).padStart(2, '0')}`);
    const model = `model_${String(i).padStart(4, '0')}`;
    const dir = path.join(repo, model);
    fs.mkdirSync(path.join(dir, '1'), { recursive: true });
    const config = path.join(dir, 'config.pbtxt');
    fs.writeFileSync(config, configText(model, i % 7 === 3));
    const onnx = path.join(dir, '1/model.onnx');
    fs.writeFileSync(onnx, i % 10 === 5 ? exports[Math.floor(i / 10) % exports.length] : simpleModel);
    configs.push(config);
    modelFiles.push(onnx);
  }
  return { root, configs, models: modelFiles, configText };
}

/** The server as VS Code runs it: over Node IPC, and the client watches files and tells the server. */
export async function startOn(
  ws: LargeWorkspace,
  initializationOptions: Record<string, unknown> = {},
): Promise<{ client: LspClient; initializedAt: number }> {
  const client = LspClient.startIpc();
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    initializationOptions,
    rootUri: uriOf(ws.root),
    workspaceFolders: [{ uri: uriOf(ws.root), name: path.basename(ws.root) }],
    capabilities: {
      window: { workDoneProgress: true },
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
    },
  });
  const initializedAt = performance.now();
  await client.connection.sendNotification('initialized', {});
  return { client, initializedAt };
}

/** Tells the server about files changed on disk, as VS Code's file watcher does. */
export function notifyChanges(client: LspClient, changes: { file: string; type: 'created' | 'changed' | 'deleted' }[]) {
  const TYPE = { created: 1, changed: 2, deleted: 3 };
  return client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: changes.map((c) => ({ uri: uriOf(c.file), type: TYPE[c.type] })),
  });
}

export const readiness = (client: LspClient) => client.connection.sendRequest<Readiness>('modelready/readiness');
export const serverStats = (client: LspClient, reset = false) =>
  client.connection.sendRequest<ServerStats>('modelready/serverStats', { reset });

/** Polls readiness until every indexed file is analyzed and nothing is pending (or the time is up). */
export async function whenIndexed(client: LspClient, files: number, timeoutMs: number): Promise<Readiness> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const r = await readiness(client);
    if (r.pending === 0 && r.analyzedFiles >= files) return r;
    if (performance.now() > deadline) throw new Error(`not indexed within ${timeoutMs} ms: ${JSON.stringify(r)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
