// What every language-server feature module shares: the connection, the open buffers, the worker pool and the
// settings of this session. Features get this object instead of closing over the state of one big function.
import { fileURLToPath } from 'node:url';
import {
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type ProgressToken,
  type TextDocuments,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModelReadySettings } from '../contract/settings';
import { isStackFile } from '../target/stack-pins';
import { isTritonConfig } from '../workspace-files';
import { fileUri } from './diagnostics';
import { ExecutionGate } from './settings';
import type { WorkerPool } from './worker-pool';
import { isInsideFolder } from '../path-inside';

/** The file path of a `file:` URI; undefined for other schemes and malformed URIs. */
export function toPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** Text files whose open buffer is analyzed as typed: Triton configs and pinned stack files (Dockerfile, ...). */
export function isEditedText(file: string): boolean {
  return isTritonConfig(file) || isStackFile(file);
}

export class ServerContext {
  roots: string[] = [];
  settings: ModelReadySettings = {};
  /** Model execution (ONNX Runtime) and remote runs check this gate: closed in an untrusted VS Code workspace. */
  execution = new ExecutionGate(true);
  /** A single analysis running longer than this shows work-done progress. */
  progressAfterMs = 500;

  /** URIs of the open buffers by file path, so looking a file up costs nothing however many files are analyzed. */
  private readonly openUris = new Map<string, string>();

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly pool: WorkerPool,
  ) {
    documents.onDidOpen((e) => {
      const file = toPath(e.document.uri);
      if (file) this.openUris.set(file, e.document.uri);
    });
    documents.onDidClose((e) => {
      const file = toPath(e.document.uri);
      if (file && this.openUris.get(file) === e.document.uri) this.openUris.delete(file);
    });
  }

  readonly log = (message: string): void => this.connection.console.log(`[modelready] ${message}`);

  documentOf(file: string): TextDocument | undefined {
    const uri = this.openUris.get(file);
    return uri === undefined ? undefined : this.documents.get(uri);
  }

  /** The URI the editor uses for the file when it is open (its spelling wins), else the file's URI. */
  uriOf(file: string): string {
    return this.documentOf(file)?.uri ?? fileUri(file);
  }

  /** Unsaved texts of open config and stack-file buffers, by path: an analysis sees them instead of the disk. */
  openConfigTexts(): Record<string, string> {
    const overlays: Record<string, string> = {};
    for (const d of this.documents.all()) {
      const p = toPath(d.uri);
      if (p && isEditedText(p)) overlays[p] = d.getText();
    }
    return overlays;
  }

  /** The open buffer of a Triton config, for the editor features (none for other files). */
  configBuffer(uri: string): { doc: TextDocument; file: string; text: string } | undefined {
    const doc = this.documents.get(uri);
    const file = toPath(uri);
    return doc && file && isTritonConfig(file) ? { doc, file, text: doc.getText() } : undefined;
  }

  /** LSP's answer to a request the client cancelled (its result would be stale). */
  throwIfCancelled(token: CancellationToken): void {
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
  }

  /** A progress reporter on the client's token when the request brought one, else one the server creates. */
  async progress(token?: ProgressToken): Promise<WorkDoneProgressReporter> {
    if (token !== undefined) return this.connection.window.attachWorkDoneProgress(token);
    // Clients without progress support get a reporter that sends nothing; a client refusing the token likewise.
    return this.connection.window
      .createWorkDoneProgress()
      .catch(() => this.connection.window.attachWorkDoneProgress(undefined));
  }

  /** The workspace folder holding `file`, if any. */
  rootOf(file: string): string | undefined {
    return this.roots.find((r) => isInsideFolder(r, file));
  }
}
