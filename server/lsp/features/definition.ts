// Go to definition in a config.pbtxt buffer: an ensemble step's model name opens that model's config.
import type { ServerContext } from '../context';
import { fileUri } from '../diagnostics';
import { definitionAt } from '../../triton/language';
import type { LanguageContexts } from './language-contexts';

export function registerDefinition(ctx: ServerContext, contexts: LanguageContexts): void {
  ctx.connection.onDefinition(async (params, token) => {
    const c = ctx.configBuffer(params.textDocument.uri);
    if (!c) return null;
    const language = await contexts.of(c.file);
    ctx.throwIfCancelled(token);
    const target = definitionAt(c.text, c.doc.offsetAt(params.position), language);
    return target ? { uri: fileUri(target.file), range: target.range } : null;
  });
}
