// The workspace's readiness in the status bar: errors and warnings over every analyzed model and config, from
// `modelready/readiness` (asked once the server runs) and `modelready/readinessChanged`. Click: Problems.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { Readiness } from '../server/contract/analysis';
import { ReadinessChangedNotification, ReadinessRequest } from '../server/contract/analysis';

export function readinessText(r: Readiness): string {
  const busy = r.pending > 0 ? '$(sync~spin) ' : '';
  if (r.errors === 0 && r.warnings === 0) return `${busy}$(pass) ModelReady`;
  return `${busy}$(error) ${r.errors} $(warning) ${r.warnings} ModelReady`;
}

function tooltip(r: Readiness): string {
  const verdict =
    r.errors > 0
      ? 'Not ready: fix the errors first.'
      : r.warnings > 0
        ? 'Ready with warnings.'
        : 'Ready: no errors or warnings.';
  const progress = r.pending > 0 ? `\n${r.pending} analyses running.` : '';
  const target = r.target ? `\nTarget: ${r.target}` : '';
  return `ModelReady: ${verdict}${target}\n${r.errors} errors, ${r.warnings} warnings, ${r.infos} infos in ${r.analyzedFiles} of ${r.indexedFiles} model and config files.${progress}\nClick to open Problems.`;
}

export function registerStatusBar(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('modelready.readiness', vscode.StatusBarAlignment.Left, 50);
  item.name = 'ModelReady readiness';
  item.command = 'workbench.actions.view.problems';
  item.text = '$(sync~spin) ModelReady';
  item.tooltip = 'ModelReady: starting the language server';
  item.show();
  const show = (r: Readiness) => {
    item.text = readinessText(r);
    item.tooltip = tooltip(r);
    item.backgroundColor = r.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  };
  context.subscriptions.push(
    item,
    client.onNotification(ReadinessChangedNotification, show),
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) void client.sendRequest(ReadinessRequest).then(show, () => undefined);
      if (e.newState === State.Stopped) item.text = '$(circle-slash) ModelReady';
    }),
  );
}
