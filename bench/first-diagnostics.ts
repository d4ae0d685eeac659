// Opening a folder to the first diagnostics in Problems (issue 15 item 12): runs the code-server e2e
// (test/e2e/first-diagnostics.e2e.test.ts) `--runs` times and judges the figure it writes: ModelReady's own part,
// activation -> first diagnostics, against max(2 s, 2.5 x the CLI's `check` of the same folder in the same run).
// Prints each run, the median and its ratio to the limit; exits 1 when the median is over it.
// Usage: MODELREADY_CODE_SERVER_DIR=/work/.code-server node --import tsx bench/first-diagnostics.ts [--runs 3]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../test/support/paths';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });

interface Figure {
  activationToFirstDiagnosticsMs?: number;
  cliCheckMs: number;
  limitMs: number;
  sinceWorkbenchDrawnMs: { firstDiagnostics: number };
}

const scratch = path.join(repoRoot, 'bench/.out/first-diagnostics');
fs.mkdirSync(scratch, { recursive: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const figures: Figure[] = [];
for (let run = 1; run <= Number(values.runs); run++) {
  const out = fs.mkdtempSync(path.join(scratch, 'run-'));
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', path.join(repoRoot, 'test/e2e/first-diagnostics.e2e.test.ts')],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, MODELREADY_E2E_SCREENSHOTS: out } },
  );
  const file = path.join(out, 'first-diagnostics.json');
  if (result.status !== 0 || !fs.existsSync(file)) {
    console.error(`run ${run}: the e2e failed (status ${result.status})\n${result.stdout.slice(-3000)}`);
    process.exit(1);
  }
  const figure = JSON.parse(fs.readFileSync(file, 'utf8')) as Figure;
  fs.rmSync(out, { recursive: true, force: true });
  figures.push(figure);
  console.log(
    `run ${run}: activation -> first diagnostics ${figure.activationToFirstDiagnosticsMs} ms, workbench drawn -> first diagnostics ${figure.sinceWorkbenchDrawnMs.firstDiagnostics} ms, CLI check ${figure.cliCheckMs} ms, limit ${figure.limitMs} ms`,
  );
}
const ours = median(figures.map((f) => f.activationToFirstDiagnosticsMs ?? Infinity));
const limit = median(figures.map((f) => f.limitMs));
console.log(
  `median activation -> first diagnostics ${ours} ms; ratio to the limit ${(ours / limit).toFixed(2)} (target <= 1)`,
);
process.exit(ours <= limit ? 0 : 1);
