// Writes a model's optimization profiles into `.modelready.json`, keeping every other key (and their order) as
// it was. The new text is checked by the same reader the analysis uses before anything touches the disk, then
// written to a temp file in the same folder and renamed over the old one, so a crash leaves the old file or the
// new one, never half of either. A file that is not valid JSON is refused rather than replaced.
import fs from 'node:fs';
import type { Profile } from '../contract/shape-profiles';
import { ConfigError, parseConfigText } from './config';
import { writeFileAtomic } from '../atomic-write';

/** The indentation the file already uses (two spaces when it has none or does not exist). */
function indentOf(text: string): string | number {
  const m = /\n([ \t]+)"/.exec(text);
  return m ? m[1] : 2;
}

/**
 * Sets `profiles[modelKey]` in `configFile` (created when missing); an empty list removes the model's entry.
 * Returns the text written.
 */
export function writeModelProfiles(configFile: string, modelKey: string, profiles: Profile[]): string {
  let raw: Record<string, unknown> = {};
  let oldText = '';
  if (fs.existsSync(configFile)) {
    oldText = fs.readFileSync(configFile, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(oldText);
    } catch (error) {
      throw new ConfigError(configFile, [`not valid JSON, so it is left as it is: ${(error as Error).message}`]);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new ConfigError(configFile, ['the top level must be a JSON object']);
    raw = parsed as Record<string, unknown>;
  }
  const existing = raw.profiles;
  const all: Record<string, unknown> =
    typeof existing === 'object' && existing !== null && !Array.isArray(existing)
      ? { ...(existing as Record<string, unknown>) }
      : {};
  if (profiles.length === 0) delete all[modelKey];
  else all[modelKey] = profiles.length === 1 ? profiles[0] : profiles;
  if (Object.keys(all).length === 0) delete raw.profiles;
  else raw.profiles = all;

  const text = JSON.stringify(raw, null, indentOf(oldText)) + '\n';
  parseConfigText(text, configFile); // throws ConfigError naming the file and the key if the result would not load
  writeFileAtomic(configFile, text);
  return text;
}
