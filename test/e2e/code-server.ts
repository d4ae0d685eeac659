// A real VS Code for the end-to-end test: code-server (installed by test/e2e/install-code-server.sh into a
// test-only folder), our extension built and installed into a fresh extensions folder, a throwaway user profile.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import os from 'node:os';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { stageCheckout } from '../support/checkout';
import { repoRoot } from '../support/paths';
import { launchBrowser } from '../webview/harness';

export const CODE_SERVER_VERSION = '4.100.3';
const INSTALL_SCRIPT = 'test/e2e/install-code-server.sh';

/** The installed code-server's entry point; a clear error naming the install script when it is not there. */
export function codeServerEntry(): string {
  const dir = process.env.MODELREADY_CODE_SERVER_DIR ?? path.join(repoRoot, '.e2e/code-server');
  const entry = path.join(dir, 'node_modules/code-server/out/node/entry.js');
  if (!fs.existsSync(path.join(dir, `.installed-${CODE_SERVER_VERSION}`)) || !fs.existsSync(entry)) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not installed in ${dir}: run ${INSTALL_SCRIPT} first (CI does it in .ci/run)`,
    );
  }
  return entry;
}

function run(command: string, args: string[], cwd: string): void {
  // Generous: packaging on a loaded 2-core machine takes minutes.
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd} (status ${result.status}):\n${result.stdout}\n${result.stderr}`.slice(
        -4000,
      ),
    );
  }
}

/**
 * Builds the extension the way a user gets it and unpacks it into `extensionsDir` as
 * modelready.modelready-<version>/. The build runs in a copy of the checkout (stageCheckout). With a
 * `package` script the .vsix is built (`npm run package -- --out DIR`) and unzipped; without one the
 * unpacked build (`npm run build` in the copy) is linked. Returns how it was installed.
 */
export function installExtension(
  stagingDir: string,
  extensionsDir: string,
): { from: 'vsix' | 'unpacked'; vsixBytes?: number } {
  stageCheckout(stagingDir);
  const manifest = JSON.parse(fs.readFileSync(path.join(stagingDir, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
    scripts?: Record<string, string>;
  };
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  if (manifest.scripts?.package) {
    // `package` builds the bundles first.
    const outDir = path.join(stagingDir, '.vsix');
    fs.mkdirSync(outDir);
    run('npm', ['run', 'package', '--', '--out', outDir], stagingDir);
    const vsix = fs.readdirSync(outDir).find((f) => f.endsWith('.vsix'));
    if (!vsix) throw new Error(`npm run package wrote no .vsix into ${outDir}`);
    const unzipped = path.join(stagingDir, '.vsix-contents');
    run('unzip', ['-q', path.join(outDir, vsix), '-d', unzipped], stagingDir);
    // A .vsix holds the extension under extension/, beside its manifest files.
    fs.renameSync(path.join(unzipped, 'extension'), target);
    return { from: 'vsix', vsixBytes: fs.statSync(path.join(outDir, vsix)).size };
  }
  run('npm', ['run', 'build'], stagingDir);
  fs.symlinkSync(stagingDir, target);
  return { from: 'unpacked' };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  /** What code-server printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts code-server on a free loopback port with its own config, user profile and extensions folder, in its
 * own process group so stop() ends it with every helper process it started (extension host, language server).
 */
export async function startCodeServer(options: {
  entry: string;
  home: string;
  extensionsDir: string;
  workspace: string;
  /** More environment for code-server and what it starts (the extension host, the language server). */
  env?: Record<string, string>;
}): Promise<CodeServer> {
  const port = await freePort();
  const userDataDir = path.join(options.home, 'user-data');
  // A quiet profile: no welcome page or walkthrough opening over the editors, no update or telemetry calls.
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'security.workspace.trust.enabled': false,
      'window.commandCenter': false,
    }),
  );
  const args = [
    options.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--config',
    path.join(options.home, 'config.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    options.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    options.workspace,
  ];
  // VS Code's IPC sockets go to TMPDIR / XDG_RUNTIME_DIR: kept in the test's home so they are removed with it.
  const runtimeDir = path.join(options.home, 'tmp');
  fs.mkdirSync(runtimeDir, { recursive: true });
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(options.home, 'xdg-config'),
    XDG_DATA_HOME: path.join(options.home, 'xdg-data'),
    // The profiling run store (server default $XDG_CACHE_HOME/modelready) stays in the test's home too.
    XDG_CACHE_HOME: path.join(options.home, 'xdg-cache'),
    TMPDIR: runtimeDir,
    XDG_RUNTIME_DIR: runtimeDir,
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const group = -child.pid!;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    const killed = setTimeout(() => {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(killed);
    // Helpers of the group that outlive code-server itself (a language server being shut down).
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      // none left
    }
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, log: () => output, stop };
}

export const screenshotDir = process.env.MODELREADY_E2E_SCREENSHOTS ?? path.join(repoRoot, 'test/.tmp/e2e-screenshots');

/** Screenshots into screenshotDir (names prefixed) and test steps whose failures say what the page showed. */
export function pageRecorder(prefix: string, page: () => Page, codeServer: () => CodeServer | undefined) {
  const screenshot = async (name: string): Promise<string> => {
    const file = path.join(screenshotDir, `${prefix}${name}.png`);
    await page().screenshot({ path: file });
    return file;
  };
  /** Runs `body`; on failure adds a screenshot and code-server's log to the error. */
  const step = async (name: string, body: () => Promise<void>): Promise<void> => {
    try {
      await body();
    } catch (error) {
      const shot = await screenshot(`failed-${name}`).catch(() => 'none');
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${name}: ${message}\nscreenshot: ${shot}\ncode-server log (tail):\n${codeServer()?.log().slice(-3000) ?? ''}`,
      );
    }
  };
  return { screenshot, step };
}

export interface OpenedWorkbench {
  /** The test's throwaway folder (removed by close()): user profile, extensions, the workspace below it. */
  home: string;
  workspace: string;
  /** The checkout copy the extension was built in (its dist/cli.js is the same analysis core). */
  stagingDir: string;
  codeServer: CodeServer;
  page: Page;
  screenshot(name: string): Promise<string>;
  step(name: string, body: () => Promise<void>): Promise<void>;
  /** Loads the workbench on the workspace and waits until it is drawn (open() does it unless `load: false`). */
  load(): Promise<void>;
  /** Closes the browser, stops code-server and removes `home`. */
  close(): Promise<void>;
}

/**
 * The set-up every e2e test shares: a throwaway home outside the repository (so VS Code's git does not offer the
 * enclosing repository), the packaged extension installed into a fresh extensions folder, the workspace filled by
 * `prepare`, code-server started on it, headless Chromium on the workbench. On a failure part-way, what was started
 * is stopped again.
 */
export async function openWorkbench(options: {
  /** Names the temp folder and prefixes the screenshots. */
  name: string;
  /** Fills the (empty) workspace before code-server starts; may return more environment for code-server. */
  prepare?: (dirs: {
    home: string;
    workspace: string;
    stagingDir: string;
    extensionsDir: string;
    /** The user's HOME (Debian's default dot files): code-server runs the login shell there for its environment. */
    userHome: string;
  }) => Promise<Record<string, string> | void> | Record<string, string> | void;
  pageOptions?: BrowserContextOptions;
  /** false: the caller loads the workbench itself (to time it). */
  load?: boolean;
}): Promise<OpenedWorkbench> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const entry = codeServerEntry();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `modelready-e2e-${options.name}-`));
  const stagingDir = path.join(home, 'extension-build');
  const extensionsDir = path.join(home, 'extensions');
  const workspace = path.join(home, 'workspace');
  // A new user's home, not this machine's (whose shell profile may take longer than the 10 s code-server waits).
  const userHome = path.join(home, 'user-home');
  for (const dir of [stagingDir, extensionsDir, workspace, userHome]) fs.mkdirSync(dir);
  if (fs.existsSync('/etc/skel')) fs.cpSync('/etc/skel', userHome, { recursive: true });
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await codeServer?.stop();
    if (!process.env.KEEP_E2E_HOME) fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    const installed = installExtension(stagingDir, extensionsDir);
    console.log(
      `extension installed from ${installed.from}${installed.vsixBytes ? ` (${installed.vsixBytes} bytes)` : ''}`,
    );
    const env = {
      HOME: userHome,
      ...(await options.prepare?.({ home, workspace, stagingDir, extensionsDir, userHome })),
    };
    codeServer = await startCodeServer({ entry, home, extensionsDir, workspace, env });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, ...options.pageOptions });
    const started = codeServer;
    const { screenshot, step } = pageRecorder(
      `${options.name}-`,
      () => page,
      () => started,
    );
    const load = async (): Promise<void> => {
      // Not waiting for the page's load event: on a loaded machine it can take longer than the workbench's drawing.
      await page.goto(`${started.url}/?folder=${encodeURIComponent(workspace)}`, {
        waitUntil: 'commit',
        timeout: 60_000,
      });
      await step('workbench', () => page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 90_000 }));
    };
    if (options.load !== false) await load();
    return { home, workspace, stagingDir, codeServer, page, screenshot, step, load, close };
  } catch (error) {
    await close();
    throw error;
  }
}
