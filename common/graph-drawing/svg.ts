// Writes a scene as a standalone SVG document: the CLI's `modelready graph --out x.svg` and the view's
// "Export SVG" both use it. Every model string goes through escapeXml (names come from untrusted files).
import type { Severity } from '../../server/contract/findings';
import { escapeXml } from '../escape-xml';
import { edgeLabelAnchor, type Scene, type SceneBox } from './scene';

export interface SvgPalette {
  background: string;
  text: string;
  muted: string;
  nodeFill: string;
  nodeStroke: string;
  groupFill: string;
  frameStroke: string;
  edge: string;
  io: string;
  severity: Record<Severity, string>;
}

/** Colours of VS Code's default light theme, for files viewed outside the editor. */
export const LIGHT_PALETTE: SvgPalette = {
  background: '#ffffff',
  text: '#1f1f1f',
  muted: '#616161',
  nodeFill: '#f3f3f3',
  nodeStroke: '#8a8a8a',
  groupFill: '#e8eef7',
  frameStroke: '#b0b7c3',
  edge: '#8a8a8a',
  io: '#dff0d8',
  severity: { error: '#e51400', warning: '#bf8803', info: '#1a85ff' },
};

/** Shortens display text; the full text stays in the <title>. */
export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function boxSvg(b: SceneBox, p: SvgPalette): string {
  const title =
    b.kind === 'node'
      ? `${b.title} ${b.subtitle}`
      : `${b.title} (${b.subtitle}${b.problemCount ? `, ${b.problemCount} problems` : ''})`;
  const mark = b.severity ? ` data-severity="${b.severity}"` : '';
  const attrs = `class="${b.kind}" data-key="${b.key}"${mark}`;
  if (b.kind === 'frame') {
    return (
      `<g ${attrs}><title>${escapeXml(title)}</title><rect x="${round(b.x)}" y="${round(b.y)}" width="${round(b.w)}" height="${round(b.h)}" rx="6" fill="none" stroke="${p.frameStroke}" stroke-dasharray="4 3"/>` +
      `<text x="${round(b.x + 8)}" y="${round(b.y + 15)}" font-size="11" fill="${p.muted}">${escapeXml(clip(b.title, 60))}</text></g>`
    );
  }
  const fill = b.kind === 'group' ? p.groupFill : b.nodeKind === 'op' ? p.nodeFill : p.io;
  const stroke = b.severity ? p.severity[b.severity] : p.nodeStroke;
  const width = b.severity ? 2.5 : 1;
  const name = b.kind === 'node' ? (b.subtitle.split('/').pop() ?? '') : b.subtitle;
  let out =
    `<g ${attrs}><title>${escapeXml(title)}</title>` +
    `<rect x="${round(b.x)}" y="${round(b.y)}" width="${round(b.w)}" height="${round(b.h)}" rx="4" fill="${fill}" stroke="${stroke}" stroke-width="${width}"/>` +
    `<text x="${round(b.x + b.w / 2)}" y="${round(b.y + 14)}" text-anchor="middle" font-size="12" font-weight="600" fill="${p.text}">${escapeXml(clip(b.title, 36))}</text>` +
    `<text x="${round(b.x + b.w / 2)}" y="${round(b.y + 27)}" text-anchor="middle" font-size="10" fill="${p.muted}">${escapeXml(clip(name, 40))}</text>`;
  if (b.severity) {
    out +=
      `<circle cx="${round(b.x + b.w)}" cy="${round(b.y)}" r="7" fill="${p.severity[b.severity]}"/>` +
      `<text x="${round(b.x + b.w)}" y="${round(b.y + 3.5)}" text-anchor="middle" font-size="9" fill="#ffffff">${b.problemCount > 99 ? '99+' : b.problemCount}</text>`;
  }
  return out + '</g>';
}

export function sceneToSvg(scene: Scene, palette: SvgPalette = LIGHT_PALETTE, title = 'ONNX graph'): string {
  const margin = 20;
  const w = Math.ceil(scene.width + 2 * margin);
  const h = Math.ceil(scene.height + 2 * margin);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${-margin} ${-margin} ${w} ${h}" font-family="Segoe UI, Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L8,4L0,8z" fill="${palette.edge}"/></marker></defs>`,
    `<rect x="${-margin}" y="${-margin}" width="${w}" height="${h}" fill="${palette.background}"/>`,
    '<g class="edges">',
  ];
  for (const e of scene.edges) {
    if (e.points.length < 2) continue;
    const d = 'M' + e.points.map((pt) => `${round(pt.x)},${round(pt.y)}`).join('L');
    parts.push(
      `<path d="${d}" fill="none" stroke="${palette.edge}" marker-end="url(#arrow)"><title>${escapeXml(e.label)}</title></path>`,
    );
    if (e.label && !e.labelHidden) {
      const at = edgeLabelAnchor(e);
      parts.push(
        `<text x="${round(at.x)}" y="${round(at.y)}" font-size="9" fill="${palette.muted}">${escapeXml(clip(e.label, 40))}</text>`,
      );
    }
  }
  parts.push('</g><g class="boxes">');
  for (const b of scene.boxes) parts.push(boxSvg(b, palette));
  parts.push('</g></svg>');
  return parts.join('\n');
}
