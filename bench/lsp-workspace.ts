// The language server at workspace scale (issue 11 item 6), driven by a real JSON-RPC client over stdio against
// the built bundle, on a generated workspace (test/lsp/large-workspace.ts: 1,000 models and 1,000 configs in
// repositories of 100 model folders):
// - first diagnostics of the open and the visible files after `initialized` (target <= 2 s);
// - the whole workspace indexed, with the server's event loop never blocked > 50 ms (monitorEventLoopDelay in the
//   server, read through modelready/serverStats; the figure includes its 10 ms sampling resolution);
// - peak RSS of the server process, workers included (target <= 1 GB), and RSS over 10,000 edits (target: flat).
// References measured in the same run: the event-loop delay of an idle Node process over the same time (what the
// machine's load alone does to any event loop), the JSON-RPC round trip of a trivial request (modelready/readiness)
// while the workspace is indexed, and the time the same server takes for one config on its own.
// Usage: npm run bench:lsp-workspace [-- --models 1000 --edits 10000]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { uriOf, type LspClient } from '../test/lsp/lsp-client';
import { largeWorkspace, readiness, serverStats, startOn } from '../test/lsp/large-workspace';

const { values } = parseArgs({
  options: { models: { type: 'string', default: '1000' }, edits: { type: 'string', default: '10000' } },
});
const modelCount = Number(values.models);
const editCount = Number(values.edits);
const MB = 1024 * 1024;
const ms = (x: number) => `${x.toFixed(0)} ms`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Resolves with the time (after `since`) of the first publishDiagnostics for each uri. */
async function firstPublished(client: LspClient, uris: string[], since: number, timeoutMs = 60_000) {
  const seen = new Map<string, number>();
  const deadline = performance.now() + timeoutMs;
  let scanned = 0;
  while (seen.size < uris.length && performance.now() < deadline) {
    for (; scanned < client.published.length; scanned++) {
      const uri = client.published[scanned].uri;
      if (uris.includes(uri) && !seen.has(uri)) seen.set(uri, performance.now() - since);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  return seen;
}

/** An idle Node process measuring its own event-loop delay; each `read()` returns the window's figures and resets. */
function idleReference() {
  const code = `const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 }); h.enable();
    require('node:readline').createInterface({ input: process.stdin }).on('line', () => {
      console.log(JSON.stringify({ max: h.max / 1e6, p99: h.percentile(99) / 1e6 })); h.reset(); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async read(): Promise<{ max: number; p99: number }> {
      child.stdin.write('read\n');
      return JSON.parse((await lines.next()).value as string) as { max: number; p99: number };
    },
    stop: () => child.kill(),
  };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const ws = largeWorkspace('bench-lsp-workspace', modelCount);
  const files = ws.configs.length + ws.models.length;
  console.log(`generated ${ws.configs.length} configs and ${ws.models.length} models in ${ms(performance.now() - t0)}`);

  // The last repository's files: the walk reaches them last, so only the priorities can make them come first.
  const open = ws.configs.slice(-3);
  const visible = [ws.configs.at(-10)!, ws.models.at(-10)!, ws.models.at(-20)!];
  const idle = idleReference();
  await idle.read();
  const { client, initializedAt } = await startOn(ws, { visibleUris: visible.map(uriOf) });
  for (const config of open)
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: uriOf(config),
        languageId: 'triton-config',
        version: 1,
        text: fs.readFileSync(config, 'utf8'),
      },
    });
  const first = await firstPublished(client, [...open, ...visible].map(uriOf), initializedAt);
  const openMs = Math.max(...open.map((f) => first.get(uriOf(f)) ?? Infinity));
  const visibleMs = Math.max(...visible.map((f) => first.get(uriOf(f)) ?? Infinity));

  const roundTrips: number[] = [];
  const indexed = (async () => {
    for (;;) {
      const t = performance.now();
      const r = await readiness(client);
      roundTrips.push(performance.now() - t);
      if (r.pending === 0 && r.analyzedFiles >= files) return r;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const r = await indexed;
  const indexedMs = performance.now() - initializedAt;
  const afterIndex = await serverStats(client, true);
  const idleDuringIndex = await idle.read();

  // One config alone, as a reference for the per-file cost: re-analyze an open config and wait for it.
  const single: number[] = [];
  const edited = open[0];
  const uri = uriOf(edited);
  const text = fs.readFileSync(edited, 'utf8');
  const commentLine = text.split('\n').length - 1;
  let version = 1;
  const edit = (typed: string) =>
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [
        {
          range: { start: { line: commentLine, character: 0 }, end: { line: commentLine, character: 1 } },
          text: typed,
        },
      ],
    });
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const expected = version + 1;
    const published = client.nextDiagnostics(uri, (_d, p) => p.version === expected);
    await edit(i % 2 ? '#' : ' ');
    await published;
    single.push(performance.now() - t);
  }

  // 10,000 edits typed in bursts of 10 (one wait for the newest version's diagnostics per burst).
  const rss: { edits: number; rss: number; heap: number }[] = [];
  const t1 = performance.now();
  for (let i = 1; i <= editCount; i++) {
    const expected = version + 1;
    const published = i % 10 === 0 ? client.nextDiagnostics(uri, (_d, p) => p.version === expected, 60_000) : undefined;
    await edit(i % 2 ? '#' : ' ');
    await published;
    if (i % (editCount / 10) === 0) {
      const s = await serverStats(client);
      rss.push({ edits: i, rss: s.rssBytes, heap: s.heapUsedBytes });
    }
  }
  const editsMs = performance.now() - t1;
  const afterEdits = await serverStats(client);
  const idleDuringEdits = await idle.read();
  idle.stop();
  await client.stop();

  console.log(
    `open files (${open.length}) first diagnostics: ${ms(openMs)} after initialized; visible files (${visible.length}): ${ms(visibleMs)} (target <= 2000 ms)`,
  );
  console.log(
    `whole workspace (${r.indexedFiles} files, ${r.errors} errors, ${r.warnings} warnings, ${r.infos} infos) analyzed ${ms(indexedMs)} after initialized;` +
      ` server event loop during it: max delay ${afterIndex.eventLoopDelayMaxMs.toFixed(1)} ms, p99 ${afterIndex.eventLoopDelayP99Ms.toFixed(1)} ms (target max <= 50 ms);` +
      ` idle Node process meanwhile (reference): max ${idleDuringIndex.max.toFixed(1)} ms, p99 ${idleDuringIndex.p99.toFixed(1)} ms`,
  );
  console.log(
    `reference: trivial request round trip while indexing: median ${median(roundTrips).toFixed(1)} ms, max ${Math.max(...roundTrips).toFixed(1)} ms;` +
      ` one config re-analyzed alone: median ${median(single).toFixed(1)} ms -> workspace = ${(indexedMs / median(single)).toFixed(0)}x one config`,
  );
  console.log(
    `${editCount} edits in ${ms(editsMs)}: event loop max delay ${afterEdits.eventLoopDelayMaxMs.toFixed(1)} ms (idle process: ${idleDuringEdits.max.toFixed(1)} ms); RSS by edits ` +
      rss.map((p) => `${p.edits}: ${(p.rss / MB).toFixed(0)} MB (heap ${(p.heap / MB).toFixed(0)})`).join(', '),
  );
  const growth = (rss.at(-1)!.rss - rss[0].rss) / MB;
  console.log(
    `RSS growth from ${rss[0].edits} to ${rss.at(-1)!.edits} edits: ${growth.toFixed(0)} MB; peak RSS ${(afterEdits.peakRssBytes / MB).toFixed(0)} MB (target <= 1024 MB)`,
  );
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
