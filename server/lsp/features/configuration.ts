// Settings changes: VS Code sends the `triton` and `modelready` sections at start and on every change;
// the workspace is re-analyzed only on a real change.
import type { ServerContext } from '../context';
import { readSettings } from '../settings';
import type { WorkspaceAnalysis } from '../workspace-analysis';

export function registerConfiguration(ctx: ServerContext, workspace: WorkspaceAnalysis): void {
  ctx.connection.onDidChangeConfiguration((params) => {
    const next = readSettings(params.settings);
    if (JSON.stringify(next) === JSON.stringify(ctx.settings)) return;
    ctx.settings = next;
    void workspace.checkAll('ModelReady: settings changed, re-analyzing');
  });
}
