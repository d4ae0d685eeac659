// The target in the editor: the quick fix of stack/unpinned in Dockerfile/requirements/pyproject/environment.yml
// buffers (pin the package to the target's version, edits from server/target/pin-fix.ts against the buffer's text),
// and the resolved target in one line for the status bar.
import path from 'node:path';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import type { DiagnosticData } from '../contract/analysis';
import type { ModelReadySettings } from '../contract/settings';
import { ConfigError, resolveConfig } from '../config/config';
import { targetOf } from '../target/of-config';
import { targetSummary } from '../target/resolve';
import { pinTargetVersionEdits } from '../target/pin-fix';
import { withEditorDefaults } from './settings';

const UNPINNED_RULE = 'stack/unpinned';

export function stackCodeActions(
  uri: string,
  file: string,
  text: string,
  diagnostics: Diagnostic[],
  settings: ModelReadySettings,
): CodeAction[] {
  const unpinned = diagnostics.filter((d) => (d.data as DiagnosticData | undefined)?.ruleId === UNPINNED_RULE);
  if (unpinned.length === 0) return [];
  const config = withEditorDefaults(resolveConfig(path.dirname(path.resolve(file))), settings);
  return unpinned.flatMap((d) =>
    pinTargetVersionEdits(file, text, config, d.range).map((edit) => ({
      title: `Pin ${edit.package} to the target's version (${edit.newText})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: edit.range, newText: edit.newText }] } },
    })),
  );
}

/** The workspace's resolved target in one line; a broken `.modelready.json` says so instead. */
export function workspaceTarget(root: string): string {
  try {
    return targetSummary(targetOf(resolveConfig(root)));
  } catch (error) {
    if (error instanceof ConfigError) return `.modelready.json is invalid: ${error.problems[0] ?? ''}`;
    throw error;
  }
}
