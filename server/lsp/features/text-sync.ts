// Open buffers drive analysis: opening a model or config analyzes it ahead of the workspace, typing in a config or
// a stack file re-analyzes it (edits coalesce in the scheduler), saving a config re-checks the configs that read
// it, closing goes back to the file on disk.
import { isAnalyzable } from '../workspace-index';
import { isTritonConfig } from '../../workspace-files';
import { isEditedText, toPath, type ServerContext } from '../context';
import type { WorkspaceAnalysis } from '../workspace-analysis';

export function registerTextSync(ctx: ServerContext, workspace: WorkspaceAnalysis): void {
  /** Buffers just opened: TextDocuments reports an open as a content change too, which must not analyze it twice. */
  const justOpened = new Set<string>();
  ctx.documents.onDidOpen((e) => {
    const file = toPath(e.document.uri);
    if (!file || !isAnalyzable(file)) return;
    justOpened.add(e.document.uri);
    workspace.analyzeNow(file, 'open');
  });
  ctx.documents.onDidChangeContent((e) => {
    if (justOpened.delete(e.document.uri)) return;
    const file = toPath(e.document.uri);
    if (file && isEditedText(file)) workspace.scheduler.schedule(file, 'open');
  });
  ctx.documents.onDidSave((e) => {
    const file = toPath(e.document.uri);
    if (file && isTritonConfig(file)) workspace.onSaved(file);
  });
  ctx.documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    const file = toPath(e.document.uri);
    if (file && isAnalyzable(file)) workspace.onClosed(file);
  });
}
