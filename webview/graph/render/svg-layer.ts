// The SVG back end: d3 joins of the boxes and edges on screen, with text, tooltips and marks (accessible, and the
// DOM the browser tests read). Model strings only ever reach the DOM through textContent (d3 .text()).
// A pan or zoom within one scene and style only creates what comes into view: boxes already drawn keep their
// attributes (rewriting hundreds of unchanged ones made each wheel step restyle the whole SVG).
import { select, type Selection } from 'd3';
import { WEIGHT_LINE, type SceneBox, type SceneEdge } from '../../../common/graph-drawing/scene';
import type { RenderHooks } from './hooks';
import { badgeText, boxSubtitle, boxTooltip, clip, edgeLabelAnchor, edgeLabelText } from './labels';

export function drawSvgLayer(
  viewport: Selection<SVGGElement, unknown, null, undefined>,
  boxes: SceneBox[],
  edges: SceneEdge[],
  hooks: RenderHooks,
  /**
   * Everything drawn changes (a new scene, marks, selection); else only entering items. Text shown or hidden is
   * not a change here: the SVG's no-text class hides it (graph-elements.css), so a wheel step across the text
   * threshold rewrites nothing.
   */
  full: boolean,
): void {
  const edgeJoin = viewport
    .select<SVGGElement>('g.edges')
    .selectAll<SVGGElement, SceneEdge>('g.edge')
    .data(edges, (e) => `${e.from}>${e.to}@${e.points[0]?.x},${e.points[0]?.y}`);
  edgeJoin.exit().remove();
  const edgesEntered = edgeJoin.enter().append('g').attr('class', 'edge');
  edgesEntered.append('path').attr('marker-end', 'url(#arrow)');
  edgesEntered.append('title');
  edgesEntered.append('text').attr('class', 'edge-label');
  (full ? edgesEntered.merge(edgeJoin) : edgesEntered).call((g) => {
    g.select('path').attr('d', (e) => (e.points.length ? 'M' + e.points.map((p) => `${p.x},${p.y}`).join('L') : ''));
    g.select('title').text((e) => e.label);
    g.select('text')
      .attr('x', (e) => edgeLabelAnchor(e).x)
      .attr('y', (e) => edgeLabelAnchor(e).y)
      .text(edgeLabelText);
  });

  const boxJoin = viewport
    .select<SVGGElement>('g.boxes')
    .selectAll<SVGGElement, SceneBox>('g.box')
    .data(boxes, (b) => b.key);
  boxJoin.exit().remove();
  const entered = boxJoin.enter().append('g');
  entered.append('rect');
  entered.append('text').attr('class', 'title');
  entered.append('text').attr('class', 'subtitle');
  entered.append('title');
  entered.on('click', (event: MouseEvent, b) => {
    event.stopPropagation();
    hooks.onActivate(b, 'click');
  });
  entered.on('dblclick', (event: MouseEvent, b) => {
    event.stopPropagation();
    hooks.onActivate(b, 'dblclick');
  });
  // Frames before the nodes they hold, in the scene's order.
  entered.merge(boxJoin).order();
  (full ? entered.merge(boxJoin) : entered)
    .attr('class', (b) => `box ${b.kind}${b.nodeKind && b.nodeKind !== 'op' ? ' io' : ''}`)
    .attr('data-key', (b) => b.key)
    .attr('data-severity', (b) => hooks.problemsOf(b)?.severity ?? null)
    .attr('data-selected', (b) => (hooks.isSelected(b) ? 'true' : null))
    .attr('data-match', (b) => (hooks.isMatch(b) ? 'true' : null))
    .attr('data-problems', (b) => (hooks.problemsOf(b) ? String(hooks.problemsOf(b)!.count) : null))
    .call((g) => {
      g.select('rect')
        .attr('x', (b) => b.x)
        .attr('y', (b) => b.y)
        .attr('width', (b) => b.w)
        .attr('height', (b) => b.h)
        .attr('rx', (b) => (b.kind === 'frame' ? 6 : 4))
        .style('fill', (b) => hooks.overlayColor(b) ?? null);
      g.select('text.title')
        .attr('x', (b) => (b.kind === 'frame' ? b.x + 8 : b.x + b.w / 2))
        .attr('y', (b) => b.y + (b.kind === 'frame' ? 15 : 14))
        .text((b) => clip(b.title, 36));
      g.select('text.subtitle')
        .attr('x', (b) => b.x + b.w / 2)
        .attr('y', (b) => b.y + (b.kind === 'group' ? 32 : 27))
        .text(boxSubtitle);
      g.select('title').text(boxTooltip);
      g.each(function (b) {
        drawOptionalParts(select<SVGGElement, SceneBox>(this), b, hooks.problemsOf(b)?.count);
      });
    });
}

/** Late types relabelled the scene's edges (late-shapes.ts): the drawn edges take their texts, nothing else changes. */
export function relabelSvgEdges(viewport: Selection<SVGGElement, unknown, null, undefined>): void {
  const edges = viewport.select('g.edges').selectAll<SVGGElement, SceneEdge>('g.edge');
  edges.select('title').text((e) => e.label);
  edges.select('text').text(edgeLabelText);
}

/**
 * Weight lines and the problem badge exist only on the boxes that have them: most boxes have neither, and every
 * element costs style and layout on each zoom step.
 */
function drawOptionalParts(g: Selection<SVGGElement, SceneBox, null, undefined>, b: SceneBox, problems?: number): void {
  const weights = b.weights ?? [];
  let lines = g.select<SVGTextElement>('text.weights');
  if (weights.length > 0 && lines.empty()) lines = g.insert<SVGTextElement>('text', 'title').attr('class', 'weights');
  lines
    .selectAll('tspan')
    .data(weights)
    .join('tspan')
    .attr('x', b.x + b.w / 2)
    .attr('y', (_, i) => b.y + 27 + WEIGHT_LINE * (i + 1))
    .text((line) => line);
  let badge = g.select<SVGCircleElement>('circle.badge');
  let count = g.select<SVGTextElement>('text.badge-count');
  if (!problems) {
    badge.remove();
    count.remove();
    return;
  }
  if (badge.empty()) {
    badge = g.append('circle').attr('class', 'badge').attr('r', 8);
    count = g.append('text').attr('class', 'badge-count');
  }
  badge.attr('cx', b.x + b.w).attr('cy', b.y);
  count
    .attr('x', b.x + b.w)
    .attr('y', b.y + 3.5)
    .text(badgeText(problems));
}
