// Completion in a config.pbtxt buffer: field names, enum values, model and tensor names of the repository.
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import { completionsAt, type CompletionItem as TritonCompletion } from '../../triton/language';
import type { ServerContext } from '../context';
import type { LanguageContexts } from './language-contexts';

const COMPLETION_KIND: Record<TritonCompletion['kind'], CompletionItemKind> = {
  field: CompletionItemKind.Field,
  enum: CompletionItemKind.EnumMember,
  value: CompletionItemKind.Value,
  model: CompletionItemKind.Module,
  tensor: CompletionItemKind.Variable,
};

export function registerCompletion(ctx: ServerContext, contexts: LanguageContexts): void {
  ctx.connection.onCompletion(async (params, token): Promise<CompletionItem[]> => {
    const c = ctx.configBuffer(params.textDocument.uri);
    if (!c) return [];
    const language = await contexts.of(c.file);
    ctx.throwIfCancelled(token);
    return completionsAt(c.text, c.doc.offsetAt(params.position), language).map((item) => ({
      label: item.label,
      kind: COMPLETION_KIND[item.kind],
      detail: item.detail,
      documentation: item.documentation ? { kind: 'markdown', value: item.documentation } : undefined,
      insertText: item.insertText,
      insertTextFormat: item.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    }));
  });
}
