// Language-server latency as an editor sees it, measured from the client side over stdio with a real JSON-RPC
// client against the built bundle (dist/server.js):
// - didChange on a typical config.pbtxt (Triton's `simple` example inside the examples model repository) until
//   its publishDiagnostics for that version arrives, over many edits; the same on a config whose model is the
//   largest corpus model;
// - completion requests in the same buffer;
// - config edits that re-run the rules reading inferred shapes (a profile in config.pbtxt beside BERT), median and
//   p90 of edit -> publishDiagnostics;
// - time to first diagnostics of every file in a workspace holding all corpus ONNX models (+ the examples repository).
// Reference measured in the same run and connection: the JSON-RPC round trip of a trivial request
// (`modelready/readiness`, answered on the server thread), so the ratios show what the server adds to the transport.
// Usage: npm run bench:lsp [-- --edits 300] [--only edit|large|inferred|workspace]
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { corpusDir, corpusModels, scratchDir } from '../test/support/paths';
import { LspClient, uriOf } from '../test/lsp/lsp-client';

const { values } = parseArgs({
  options: { edits: { type: 'string', default: '300' }, only: { type: 'string' } },
});
const edits = Number(values.edits);
/** `--only inferred` (or edit, large, workspace) runs one part. */
const part = (name: string) => values.only === undefined || values.only === name;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const ms = (x: number) => `${x.toFixed(2)} ms`;
const stats = (xs: number[]) => `median ${ms(percentile(xs, 50))}, p95 ${ms(percentile(xs, 95))}`;

/** The examples model repository copied to a scratch folder (the server writes nothing, but tests own their files). */
function examplesRepository(root: string): string {
  const repo = path.join(root, 'model_repository');
  fs.cpSync(path.join(corpusDir, 'triton/examples'), repo, { recursive: true });
  return repo;
}

async function roundTrips(client: LspClient, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await client.connection.sendRequest('modelready/readiness');
    times.push(performance.now() - t);
  }
  return times;
}

async function editing(): Promise<void> {
  const root = scratchDir('bench-lsp-edit');
  const repo = examplesRepository(root);
  const config = path.join(repo, 'simple/config.pbtxt');
  const uri = uriOf(config);
  const original = fs.readFileSync(config, 'utf8');
  const lines = original.split('\n');
  const dimsLine = lines.findIndex((l) => l.includes('dims: [ 16 ]'));
  const client = LspClient.start();
  await client.initialize(root);
  await client.connection.sendRequest('workspace/executeCommand', { command: 'modelready.server.checkWorkspace' });
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'triton-config', version: 1, text: original },
  });
  await client.nextDiagnostics(uri, (_d, p) => p.version === 1);
  const reference = await roundTrips(client, 200);

  // Typing in the first input's dims: each edit replaces the number (16, 17, ...; 16 agrees with the model, the
  // others give triton/model-io-dims), sent as an incremental change, as editors send keystrokes.
  const changeTimes: number[] = [];
  let findings = 0;
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const value = String(16 + (i % 4));
    const start = lines[dimsLine].indexOf('[ ') + 2;
    const current = i === 0 ? '16' : String(16 + ((i - 1) % 4));
    const published = client.nextDiagnostics(uri, (_d, p) => p.version === version);
    const t = performance.now();
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: {
            start: { line: dimsLine, character: start },
            end: { line: dimsLine, character: start + current.length },
          },
          text: value,
        },
      ],
    });
    findings += (await published).length;
    changeTimes.push(performance.now() - t);
  }

  const completionTimes: number[] = [];
  const positions = [
    { line: lines.findIndex((l) => l.startsWith('max_batch_size')), character: 0 }, // top-level field names
    { line: dimsLine, character: 4 }, // fields of an input
    {
      line: lines.findIndex((l) => l.includes('data_type')),
      character: lines.find((l) => l.includes('data_type'))!.indexOf(':') + 2,
    }, // enum values
  ];
  let items = 0;
  for (let i = 0; i < edits; i++) {
    const t = performance.now();
    const result = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: positions[i % positions.length],
    });
    completionTimes.push(performance.now() - t);
    items += result.length;
  }
  const referenceAfter = await roundTrips(client, 200);
  await client.stop();

  const ref = percentile([...reference, ...referenceAfter], 50);
  console.log(
    `reference: trivial request round trip (modelready/readiness) ${stats([...reference, ...referenceAfter])} over 400`,
  );
  console.log(
    `didChange -> publishDiagnostics (${path.relative(root, config)}, ${edits} incremental edits, ${(findings / edits).toFixed(1)} diagnostics/edit): ${stats(changeTimes)} = ${(percentile(changeTimes, 50) / ref).toFixed(1)}x reference (target median <= 30 ms)`,
  );
  console.log(
    `completion (${edits} requests, ${(items / edits).toFixed(0)} items/request): ${stats(completionTimes)} = ${(percentile(completionTimes, 50) / ref).toFixed(1)}x reference (target median <= 20 ms)`,
  );
}

/** The same edit loop on a config whose model is the largest corpus model (weights inline): each analysis reads
 * the model's signature again, so this shows what a real-size model costs per keystroke. */
async function editingLargeModel(): Promise<void> {
  const root = scratchDir('bench-lsp-large');
  const largest = corpusModels().sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  const modelDir = path.join(root, 'model_repository', 'large');
  fs.mkdirSync(path.join(modelDir, '1'), { recursive: true });
  fs.copyFileSync(largest, path.join(modelDir, '1/model.onnx'));
  const client = LspClient.start();
  await client.initialize(root);
  const generated = await client.connection.sendRequest<{ ok: boolean; uri: string }>('workspace/executeCommand', {
    command: 'modelready.server.generateTritonConfig',
    arguments: [{ uri: uriOf(modelDir) }],
  });
  if (!generated.ok) throw new Error(`could not generate a config for ${largest}`);
  const uri = generated.uri;
  // A comment line at the end is the edited spot: the whole config is analyzed on every change all the same.
  const text = `${fs.readFileSync(new URL(uri), 'utf8')}# note\n`;
  const line = text.split('\n').length - 2;
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'triton-config', version: 1, text },
  });
  await client.nextDiagnostics(uri, (_d, p) => p.version === 1);
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const published = client.nextDiagnostics(uri, (_d, p) => p.version === version);
    const t = performance.now();
    // Type a character, then delete it again.
    const change =
      i % 2 === 0
        ? { range: { start: { line, character: 6 }, end: { line, character: 6 } }, text: 's' }
        : { range: { start: { line, character: 6 }, end: { line, character: 7 } }, text: '' };
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    await published;
    times.push(performance.now() - t);
  }
  const reference = await roundTrips(client, 200);
  await client.stop();
  console.log(
    `didChange -> publishDiagnostics on a config whose model is ${path.basename(largest)} (${(fs.statSync(largest).size / 1024 / 1024).toFixed(1)} MB, ${edits} edits): ${stats(times)}` +
      ` = ${(percentile(times, 50) / percentile(reference, 50)).toFixed(1)}x reference (median ${ms(percentile(reference, 50))})`,
  );
}

/** A config.pbtxt whose TensorRT profile (trt_profile_*_shapes) reaches seq `maxSeq`, beside the corpus BERT. */
const bertConfig = (maxSeq: number) =>
  'name: "bert"\nbackend: "onnxruntime"\nmax_batch_size: 0\n' +
  'input [{ name: "input_ids" data_type: TYPE_INT64 dims: [-1, -1] },\n' +
  '  { name: "attention_mask" data_type: TYPE_INT64 dims: [-1, -1] }]\n' +
  'output [{ name: "out" data_type: TYPE_FP32 dims: [-1, -1, 768] }]\n' +
  'optimization { execution_accelerators { gpu_execution_accelerator: [ {\n  name: "tensorrt"\n' +
  '  parameters { key: "trt_profile_min_shapes" value: "input_ids:1x1,attention_mask:1x1" }\n' +
  '  parameters { key: "trt_profile_opt_shapes" value: "input_ids:4x128,attention_mask:4x128" }\n' +
  `  parameters { key: "trt_profile_max_shapes" value: "input_ids:8x${maxSeq},attention_mask:8x${maxSeq}" }\n} ] } }\n` +
  '# note\n';

/**
 * Config edits that re-run the rules reading inferred shapes: the profile a config applies is corner-checked
 * against its model (a mid-size one, BERT, 1439 nodes). Two kinds of edit, each waiting for its publishDiagnostics:
 * the profile's max seq takes a new value every time (513, 514, ...: past BERT's 512 positions, so every edit
 * yields a corner finding), which infers the model at the new max corner while the declared shapes and the
 * min and opt corners of the unchanged model come from the inference cache; and an edit elsewhere (a comment),
 * where nothing is inferred again.
 */
async function editingInferredConfig(): Promise<void> {
  const root = scratchDir('bench-lsp-inferred');
  const modelDir = path.join(root, 'model_repository', 'bert');
  fs.mkdirSync(path.join(modelDir, '1'), { recursive: true });
  fs.copyFileSync(path.join(corpusDir, 'onnx/exported/bert_base_op14.onnx'), path.join(modelDir, '1/model.onnx'));
  const config = path.join(modelDir, 'config.pbtxt');
  fs.writeFileSync(config, bertConfig(512));
  const uri = uriOf(config);
  const client = LspClient.start();
  await client.initialize(root);
  const corner = (ds: { code?: string | number }[]) => ds.filter((d) => d.code === 'shape/profile-corner-invalid');
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'triton-config', version: 1, text: bertConfig(512) },
  });
  await client.nextDiagnostics(uri, (_d, p) => p.version === 1, 120_000);
  const text = (maxSeq: number, note: string) => bertConfig(maxSeq).replace('# note', `# ${note}`);
  const timeEdit = async (version: number, newText: string) => {
    const published = client.nextDiagnostics(uri, (_d, p) => p.version === version, 120_000);
    const t = performance.now();
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text: newText }],
    });
    const diagnostics = await published;
    return { ms: performance.now() - t, corners: corner(diagnostics).length };
  };
  const profileEdits: number[] = [];
  const commentEdits: number[] = [];
  let cornerFindings = 0;
  let version = 1;
  for (let i = 0; i < edits; i++) {
    const edit = await timeEdit(++version, text(513 + i, 'note'));
    profileEdits.push(edit.ms);
    cornerFindings += edit.corners;
  }
  const maxSeq = 513 + edits - 1;
  for (let i = 0; i < edits; i++) commentEdits.push((await timeEdit(++version, text(maxSeq, `note ${i}`))).ms);
  const reference = await roundTrips(client, 200);
  await client.stop();
  const ref = percentile(reference, 50);
  const p90 = (xs: number[]) => ms(percentile(xs, 90));
  console.log(
    `config edit -> publishDiagnostics (${path.relative(root, config)} beside bert_base_op14.onnx, 1439 nodes), profile max changed on every edit (${edits} edits, ${(cornerFindings / edits).toFixed(1)} corner findings/edit): median ${ms(percentile(profileEdits, 50))}, p90 ${p90(profileEdits)} = ${(percentile(profileEdits, 50) / ref).toFixed(1)}x reference (target median <= 30 ms)`,
  );
  console.log(
    `config edit elsewhere (a comment; the same profile) -> publishDiagnostics (${edits} edits): median ${ms(percentile(commentEdits, 50))}, p90 ${p90(commentEdits)} = ${(percentile(commentEdits, 50) / ref).toFixed(1)}x reference (median ${ms(ref)}; target median <= 30 ms)`,
  );
}

async function firstDiagnostics(): Promise<void> {
  const root = scratchDir('bench-lsp-workspace');
  examplesRepository(root);
  fs.mkdirSync(path.join(root, 'models'));
  let bytes = 0;
  for (const model of corpusModels()) {
    fs.copyFileSync(model, path.join(root, 'models', path.basename(model)));
    bytes += fs.statSync(model).size;
  }
  const t0 = performance.now();
  const client = LspClient.start();
  await client.initialize(root);
  const tInit = performance.now();
  const reference = await roundTrips(client, 20);
  const readiness = await client.connection.sendRequest<{ indexedFiles: number }>('modelready/readiness');
  // Every indexed file has its first publishDiagnostics (the server publishes an empty list for clean files).
  const firstSeen = new Map<string, number>();
  while (firstSeen.size < readiness.indexedFiles) {
    for (const p of client.published) if (!firstSeen.has(p.uri)) firstSeen.set(p.uri, performance.now() - tInit);
    await new Promise((r) => setTimeout(r, 2));
  }
  const tAll = performance.now();
  const [slowestUri, slowestMs] = [...firstSeen].sort((a, b) => b[1] - a[1])[0];
  const modelUris = new Set(fs.readdirSync(path.join(root, 'models')).map((f) => uriOf(path.join(root, 'models', f))));
  const diagnostics = client.published.reduce((n, p) => n + p.diagnostics.length, 0);
  await client.stop();
  console.log(
    `first diagnostics for the whole workspace (${modelUris.size} corpus models, ${(bytes / 1024 / 1024).toFixed(1)} MB, + ${readiness.indexedFiles - modelUris.size} files of the examples repository; ${diagnostics} diagnostics):` +
      ` ${ms(tAll - t0)} from process start, ${ms(tAll - tInit)} after initialize (startup to initialize: ${ms(tInit - t0)}; last file ${path.basename(decodeURIComponent(slowestUri))} at ${ms(slowestMs)};` +
      ` trivial round trip while indexing: median ${ms(percentile(reference, 50))})`,
  );
}

void (async () => {
  if (part('edit')) await editing();
  if (part('large')) await editingLargeModel();
  if (part('inferred')) await editingInferredConfig();
  if (part('workspace')) await firstDiagnostics();
})();
