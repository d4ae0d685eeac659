// Document symbols (the outline) and folding ranges of a config.pbtxt buffer, from its parse tree.
import type { DocumentSymbol } from 'vscode-languageserver';
import { documentSymbols, foldingRanges } from '../../triton/language';
import { modelConfigHook } from '../../triton/schema';
import { parseTextFormat } from '../../triton/textformat/parser';
import type { ServerContext } from '../context';

export function registerOutline(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol((params) => {
    const c = ctx.configBuffer(params.textDocument.uri);
    // The Triton outline uses LSP's SymbolKind numbers already.
    return c ? (documentSymbols(parseTextFormat(c.text, modelConfigHook)) as DocumentSymbol[]) : [];
  });
  ctx.connection.onFoldingRanges((params) => {
    const c = ctx.configBuffer(params.textDocument.uri);
    return c ? foldingRanges(parseTextFormat(c.text, modelConfigHook)) : [];
  });
}
