// Escaping for text and attribute values placed in XML/HTML (SVG export, webview pages): model strings come from
// untrusted files.
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
