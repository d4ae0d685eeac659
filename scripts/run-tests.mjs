// Runs the *.test.ts files under the source folders with node's built-in test runner (through tsx), so rule tests
// can live beside their rules. Two tiers: by default the fast one, every test file except `*.slow.test.ts` and
// `*.e2e.test.ts` (`npm test`); `--all` runs every file (`npm run test:all`, what CI runs). Other args filter files by
// path substring and pick from every tier: `node scripts/run-tests.mjs reader-differential` runs that file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const roots = ['server', 'common', 'extension', 'webview', 'test'];
const SLOW_TIER = /\.(slow|e2e)\.test\.ts$/;
const all = process.argv.includes('--all');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = [];
let leftOut = 0;
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
    } else if (entry.name.endsWith('.test.ts') && (filters.length === 0 || filters.some((f) => full.includes(f)))) {
      if (!all && filters.length === 0 && SLOW_TIER.test(entry.name)) leftOut++;
      else files.push(full);
    }
  }
}
for (const root of roots) if (fs.existsSync(root)) walk(root);
files.sort();
if (files.length === 0) {
  console.error(`no test file matches ${filters.join(', ')}`);
  process.exit(1);
}
if (leftOut > 0) console.log(`# fast tier: ${files.length} files; ${leftOut} slow/e2e files run with npm run test:all`);
// No run may hang CI: a test past 10 min fails (its own timeout can say less), a file whose tests are done exits even
// if it leaked a handle, and the whole run is stopped, saying so, past its budget (default 60 min).
const budgetMin = Number(process.env.MODELREADY_TEST_BUDGET_MIN) || 60;
const runner = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', '--test-force-exit', ...files],
  { stdio: 'inherit', detached: true },
);
const watchdog = setTimeout(() => {
  console.error(`# the test run passed its ${budgetMin} min budget (MODELREADY_TEST_BUDGET_MIN) and was stopped`);
  process.kill(-runner.pid, 'SIGKILL');
}, budgetMin * 60000);
runner.on('exit', (code, signal) => {
  clearTimeout(watchdog);
  process.exit(code ?? (signal ? 1 : 0));
});
