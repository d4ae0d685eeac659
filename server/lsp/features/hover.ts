// Hover in a config.pbtxt buffer: field documentation and what the model says about a tensor.
import type { ServerContext } from '../context';
import { hoverAt } from '../../triton/language';
import type { LanguageContexts } from './language-contexts';

export function registerHover(ctx: ServerContext, contexts: LanguageContexts): void {
  ctx.connection.onHover(async (params, token) => {
    const c = ctx.configBuffer(params.textDocument.uri);
    if (!c) return null;
    const language = await contexts.of(c.file);
    ctx.throwIfCancelled(token);
    const hover = hoverAt(c.text, c.doc.offsetAt(params.position), language);
    return hover ? { contents: { kind: 'markdown', value: hover.contents }, range: hover.range } : null;
  });
}
