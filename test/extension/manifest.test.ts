// package.json as VS Code reads it: the shared command ids, menus that only name declared commands, trust gating of
// the commands that execute something, and host settings that mirror `.modelready.json` hosts without passwords.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
/** The command ids COMMON.md fixes for every helper. */
const SHARED_COMMANDS = [
  'checkWorkspace',
  'showGraph',
  'revealNode',
  'generateTritonConfig',
  'convertOpset',
  'editProfiles',
  'profileRemote',
  'runOrtLocal',
  'showProfileResults',
  'compareRuns',
].map((c) => `modelready.${c}`);
const EXECUTING = ['modelready.profileRemote', 'modelready.profileMatrix', 'modelready.runOrtLocal'];

type MenuEntry = { command: string; when?: string };

describe('package.json contributions', () => {
  it('declares every shared command once, titled, in category ModelReady; menus name only declared commands', () => {
    const ids: string[] = contributes.commands.map((c: { command: string }) => c.command);
    assert.deepEqual([...new Set(ids)].sort(), [...ids].sort(), 'no duplicate command');
    for (const id of SHARED_COMMANDS) assert.ok(ids.includes(id), `${id} declared`);
    for (const c of contributes.commands)
      assert.ok(c.category === 'ModelReady' && c.title.length > 0, JSON.stringify(c));
    for (const [menu, entries] of Object.entries(contributes.menus as Record<string, MenuEntry[]>)) {
      for (const e of entries) assert.ok(ids.includes(e.command), `${menu} names undeclared ${e.command}`);
    }
  });

  it('gates the commands that run models or remote jobs on workspace trust, everywhere they appear', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.description.length > 20);
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('modelready.hosts'));
    const entries = Object.values(contributes.menus as Record<string, MenuEntry[]>)
      .flat()
      .filter((e) => EXECUTING.includes(e.command));
    for (const id of EXECUTING)
      assert.ok(
        contributes.menus.commandPalette.some((e: MenuEntry) => e.command === id),
        `${id} has a palette entry`,
      );
    for (const e of entries) assert.match(e.when ?? '', /\bisWorkspaceTrusted\b/, `${e.command}: ${e.when}`);
  });

  it('activates on models, configs, the language and the custom editor, and at the latest once startup finished', () => {
    for (const event of [
      // VS Code gives up the workspaceContains search after 7 s (a large or busy workspace) and then does not activate.
      'onStartupFinished',
      'workspaceContains:**/*.onnx',
      'workspaceContains:**/config.pbtxt',
      'onLanguage:triton-config',
      'onCustomEditor:modelready.graph',
    ]) {
      assert.ok(manifest.activationEvents.includes(event), event);
    }
    assert.deepEqual(
      contributes.customEditors.map((e: { viewType: string; priority: string }) => [e.viewType, e.priority]),
      [['modelready.graph', 'default']],
    );
  });

  it('host settings mirror the .modelready.json host entry (plus a name) and hold no password', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas/modelready.schema.json'), 'utf8'));
    // VS Code settings cannot reach the schema's definitions: the setting carries them inline.
    const inline = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(inline)
        : v && typeof v === 'object'
          ? '$ref' in v
            ? inline(schema.definitions[String(v.$ref).replace('#/definitions/', '')])
            : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inline(x)]))
          : v;
    const hostEntry = inline(schema.definitions.host) as typeof schema.definitions.host;
    const items = contributes.configuration.properties['modelready.hosts'].items;
    assert.deepEqual(Object.keys(items.properties).sort(), ['name', ...Object.keys(hostEntry.properties)].sort());
    for (const key of Object.keys(hostEntry.properties))
      assert.deepEqual(items.properties[key], hostEntry.properties[key], key);
    assert.deepEqual(items.allOf, hostEntry.allOf);
    const settingsText = JSON.stringify(contributes.configuration);
    assert.doesNotMatch(settingsText, /"(password|passphrase|secret|token)"\s*:/i);
  });
});
