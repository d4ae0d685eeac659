// The resolved target of a loaded configuration, and its conflicts as findings on the file that pinned them.
import fs from 'node:fs';
import type { ModelReadyConfig } from '../config/config';
import type { Finding, Range } from '../findings';
import { resolveTarget, type ResolvedTarget } from './resolve';

export const TARGET_CONFLICT_RULE = 'target/conflict';

export function targetOf(config: ModelReadyConfig): ResolvedTarget {
  return resolveTarget(config.target, config.targetOrigins);
}

/** Where `"<key>"` first appears in a JSON file's text (the key of the target field), for a finding's range. */
function keyRange(text: string, key: string): Range | undefined {
  const at = text.indexOf(`"${key}"`);
  if (at < 0) return undefined;
  const before = text.slice(0, at).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + key.length + 2 } };
}

/** One finding per conflict, on `.modelready.json` at the first disagreeing key (or on the flag that set it). */
export function targetConflictFindings(config: ModelReadyConfig, resolved = targetOf(config)): Finding[] {
  const setting = config.rules[TARGET_CONFLICT_RULE];
  if (setting === 'off') return [];
  let text = '';
  try {
    if (config.file) text = fs.readFileSync(config.file, 'utf8');
  } catch {
    // The file was read moments ago by the loader; without it the findings just carry no range.
  }
  return resolved.conflicts.map((conflict) => {
    const flag = conflict.fields.map((f) => config.targetOrigins?.[f]).find(Boolean);
    const range = flag ? undefined : conflict.fields.map((f) => keyRange(text, f)).find(Boolean);
    return {
      ruleId: TARGET_CONFLICT_RULE,
      severity: setting ?? conflict.severity,
      file: flag ?? config.file ?? '.modelready.json',
      message: conflict.message,
      ...(range && { range }),
    };
  });
}

/** The range of a target field's key in a configuration file, if it can be read. */
export function targetKeyRange(file: string, key: string): Range | undefined {
  try {
    return keyRange(fs.readFileSync(file, 'utf8'), key);
  } catch {
    return undefined;
  }
}
