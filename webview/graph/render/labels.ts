// The texts drawn on boxes and edges, in one place for both back ends (SVG and the export).
import type { SceneBox, SceneEdge } from '../../../common/graph-drawing/scene';

export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function badgeText(count: number | undefined): string {
  if (!count) return '';
  return count > 99 ? '99+' : String(count);
}

export function groupSubtitle(b: SceneBox): string {
  return b.problemCount > 0 ? `${b.subtitle} · ${b.problemCount} problems` : b.subtitle;
}

export function boxSubtitle(b: SceneBox): string {
  if (b.kind === 'frame') return '';
  return b.kind === 'group' ? groupSubtitle(b) : clip(b.subtitle.split('/').pop() ?? '', 40);
}

/** The hover text: a node's op, name, weights and attributes; a group's label and counts. */
export function boxTooltip(b: SceneBox): string {
  if (b.kind !== 'node') return `${b.title} (${groupSubtitle(b)})`;
  return [`${b.title} — ${b.subtitle}`, ...(b.weights ?? []), ...(b.attributes ?? []).map((a) => clip(a, 120))].join(
    '\n',
  );
}

/** The whole label (tensor, dtype and shape): never cut, the tooltip holds nothing more; none where it would cover another. */
export function edgeLabelText(e: SceneEdge): string {
  return e.labelHidden ? '' : e.label;
}
