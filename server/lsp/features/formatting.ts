// Formatting of a config.pbtxt buffer, whole or a range.
import { formatDocumentEdits, formatRangeEdits } from '../../triton/language';
import type { ServerContext } from '../context';

export function registerFormatting(ctx: ServerContext): void {
  ctx.connection.onDocumentFormatting((params) => {
    const c = ctx.configBuffer(params.textDocument.uri);
    return c ? formatDocumentEdits(c.text) : [];
  });
  ctx.connection.onDocumentRangeFormatting((params) => {
    const c = ctx.configBuffer(params.textDocument.uri);
    return c ? formatRangeEdits(c.text, params.range) : [];
  });
}
