// `npm run package -- --out DIR` builds a .vsix that holds the bundles and contributions and nothing else, and the
// language server unpacked from it runs on its own (no node_modules next to it), as it will in VS Code. It runs in
// a copy of the checkout (node_modules linked): rebuilding the repository's dist/ would pull it from under tests
// running at the same time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { pathToFileURL } from 'node:url';
import { ortInstallCommand } from '../../server/profiling/ort-runtime';
import { LspClient, uriOf } from '../lsp/lsp-client';
import { brokenRepository } from '../lsp/workspaces';
import { stageCheckout } from '../support/checkout';
import { repoRoot } from '../support/paths';

const MAX_VSIX_BYTES = 5 * 1024 * 1024;

interface ZipEntry {
  name: string;
  bytes: () => Buffer;
}

/** The entries of a zip file (central directory; stored or deflated entries, which is what vsce writes). */
function readZip(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, `${file}: no zip end-of-central-directory record`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry signature');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const bytes = () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(start, start + compressed);
      return method === 0 ? raw : zlib.inflateRawSync(raw);
    };
    entries.push({ name, bytes });
    at += 46 + skip;
  }
  return entries;
}

describe('npm run package', () => {
  let dir: string;
  let vsix: string;
  let entries: ZipEntry[];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-vsix-'));
    const staging = path.join(dir, 'checkout');
    stageCheckout(staging);
    const out = execFileSync('npm', ['run', '--silent', 'package', '--', '--out', dir], {
      cwd: staging,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    vsix = path.join(dir, `${pkg.name}-${pkg.version}.vsix`);
    assert.ok(fs.existsSync(vsix), `no ${vsix}; output:\n${out}`);
    assert.match(out, /\.vsix: [\d.]+ MB, \d+ files/);
    entries = readZip(vsix);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds the bundles, the grammar and the contributions, under 5 MB', () => {
    const names = entries.map((e) => e.name);
    for (const needed of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/analysis-worker.js',
      'extension/dist/webview.js',
      'extension/dist/webview-worker.js',
      'extension/dist/webview.css',
      'extension/dist/results.js',
      'extension/dist/results.css',
      'extension/syntaxes/triton-config.tmLanguage.json',
      'extension/language-configuration.json',
      'extension/schemas/modelready.schema.json',
      'extension/docs/rules.md',
      'extension/media/icon.png',
      'extension/changelog.md',
      'extension/readme.md',
      'extension/LICENSE.txt',
    ]) {
      assert.ok(names.includes(needed), `${needed} missing from the vsix: ${names.join(', ')}`);
    }
    const size = fs.statSync(vsix).size;
    assert.ok(size < MAX_VSIX_BYTES, `vsix is ${size} bytes`);
    // Every file package.json points at is in the package.
    const manifest = JSON.parse(
      entries
        .find((e) => e.name === 'extension/package.json')!
        .bytes()
        .toString('utf8'),
    );
    const referenced = [
      manifest.main,
      ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
      ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration),
    ];
    for (const w of manifest.contributes.walkthroughs)
      referenced.push(...w.steps.map((s: { media: { markdown: string } }) => s.media.markdown));
    for (const v of manifest.contributes.jsonValidation) referenced.push(v.url);
    referenced.push(manifest.icon);
    for (const ref of referenced)
      assert.ok(
        names.includes(path.posix.join('extension', ref)),
        `package.json refers to ${ref}, which is not packaged`,
      );
  });

  it('shows users the extension README (not the developer one), the changelog and the PNG icon', () => {
    const text = (name: string) =>
      entries
        .find((e) => e.name === name)!
        .bytes()
        .toString('utf8');
    assert.equal(text('extension/readme.md'), fs.readFileSync(path.join(repoRoot, 'docs/extension-readme.md'), 'utf8'));
    assert.equal(text('extension/changelog.md'), fs.readFileSync(path.join(repoRoot, 'CHANGELOG.md'), 'utf8'));
    const manifest = text('extension.vsixmanifest');
    assert.match(manifest, /Content\.Details" Path="extension\/readme\.md"/);
    assert.match(manifest, /Content\.Changelog" Path="extension\/changelog\.md"/);
    assert.match(manifest, /<Icon>extension\/media\/icon\.png<\/Icon>/);
    const png = entries.find((e) => e.name === 'extension/media/icon.png')!.bytes();
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    // No link to a web home the project does not have.
    assert.doesNotMatch(text('extension/package.json'), /github\.com\/modelready/);
  });

  it('leaves out sources, tests, source maps and node_modules (onnxruntime-node included)', () => {
    const unwanted = entries
      .map((e) => e.name)
      .filter(
        (n) =>
          /^extension\/(server|test|extension|webview|bench|scripts|examples|node_modules)\//.test(n) ||
          /^extension\/docs\/(?!rules\.md$)/.test(n) ||
          /\.(ts|map)$/.test(n) ||
          n.includes('onnxruntime'),
      );
    assert.deepEqual(unwanted, []);
  });

  it('its language server runs unpacked with no node_modules and publishes diagnostics', async () => {
    const unpacked = path.join(dir, 'unpacked');
    for (const e of entries.filter((x) => /^extension\/(dist|docs)\//.test(x.name))) {
      const file = path.join(unpacked, e.name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, e.bytes());
    }
    const ws = brokenRepository('vsix-server');
    const client = LspClient.start([path.join(unpacked, 'extension/dist/server.js')]);
    try {
      const diagnostics = client.nextDiagnostics(uriOf(ws.config), (ds) => ds.length > 0);
      await client.initialize(ws.root);
      const triton = (await diagnostics).find((d) => String(d.code).startsWith('triton/'));
      assert.ok(triton);
      // The rule link opens the reference packed with the extension, at the rule's heading.
      const docs = path.join(unpacked, 'extension/docs/rules.md');
      const [file, line] = triton.codeDescription!.href.split('#L');
      assert.equal(file, pathToFileURL(docs).href);
      assert.match(fs.readFileSync(docs, 'utf8').split('\n')[Number(line) - 1], new RegExp(`^#{3,4} ${triton.code}$`));
    } finally {
      assert.equal(await client.stop(), 0, client.stderr);
    }
  });

  it('without onnxruntime-node (not shipped), loading ONNX Runtime fails saying what to install where', async () => {
    // Bundled like dist/server.js and run from a folder with no node_modules above it.
    const bundleDir = path.join(dir, 'ort-probe', 'dist');
    const entry = path.join(dir, 'ort-probe-entry.ts');
    fs.writeFileSync(
      entry,
      `import { loadOnnxRuntime } from ${JSON.stringify(path.join(repoRoot, 'server/profiling/ort-runtime'))};\nloadOnnxRuntime().then(() => console.log('loaded'), (e) => console.log(e.constructor.name + ': ' + e.message));\n`,
    );
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: path.join(bundleDir, 'probe.js'),
      external: ['onnxruntime-node'],
      logLevel: 'silent',
    });
    const said = execFileSync(process.execPath, [path.join(bundleDir, 'probe.js')], { encoding: 'utf8' }).trim();
    assert.equal(said.split(':')[0], 'OnnxRuntimeMissingError');
    assert.ok(said.includes(ortInstallCommand(path.dirname(bundleDir))), said);
  });
});
