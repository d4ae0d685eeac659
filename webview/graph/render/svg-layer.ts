// The SVG back end: d3 joins of the boxes and edges on screen, with text, tooltips and marks (accessible, and the
// DOM the browser tests read). Model strings only ever reach the DOM through textContent (d3 .text()).
import { select, type Selection } from 'd3';
import { WEIGHT_LINE, type SceneBox, type SceneEdge } from '../../../common/graph-drawing/scene';
import type { RenderHooks } from './hooks';
import { badgeText, boxSubtitle, boxTooltip, clip, edgeLabelAnchor, edgeLabelText } from './labels';

export function drawSvgLayer(
  viewport: Selection<SVGGElement, unknown, null, undefined>,
  boxes: SceneBox[],
  edges: SceneEdge[],
  showText: boolean,
  hooks: RenderHooks,
): void {
  viewport
    .select<SVGGElement>('g.edges')
    .selectAll<SVGGElement, SceneEdge>('g.edge')
    .data(edges, (e) => `${e.from}>${e.to}@${e.points[0]?.x},${e.points[0]?.y}`)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'edge');
      g.append('path').attr('marker-end', 'url(#arrow)');
      g.append('title');
      g.append('text').attr('class', 'edge-label');
      return g;
    })
    .call((g) => {
      g.select('path').attr('d', (e) => (e.points.length ? 'M' + e.points.map((p) => `${p.x},${p.y}`).join('L') : ''));
      g.select('title').text((e) => e.label);
      g.select('text')
        .attr('x', (e) => edgeLabelAnchor(e).x)
        .attr('y', (e) => edgeLabelAnchor(e).y)
        .text((e) => (showText ? edgeLabelText(e) : ''));
    });

  viewport
    .select<SVGGElement>('g.boxes')
    .selectAll<SVGGElement, SceneBox>('g.box')
    .data(boxes, (b) => b.key)
    .join((enter) => {
      const g = enter.append('g');
      g.append('rect');
      g.append('text').attr('class', 'title');
      g.append('text').attr('class', 'subtitle');
      g.append('text').attr('class', 'weights');
      g.append('title');
      g.append('circle').attr('class', 'badge').attr('r', 8);
      g.append('text').attr('class', 'badge-count');
      g.on('click', (event: MouseEvent, b) => {
        event.stopPropagation();
        hooks.onActivate(b, 'click');
      });
      g.on('dblclick', (event: MouseEvent, b) => {
        event.stopPropagation();
        hooks.onActivate(b, 'dblclick');
      });
      return g;
    })
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
      g.select<SVGTextElement>('text.weights').each(function (b) {
        select(this)
          .selectAll('tspan')
          .data(b.weights ?? [])
          .join('tspan')
          .attr('x', b.x + b.w / 2)
          .attr('y', (_, i) => b.y + 27 + WEIGHT_LINE * (i + 1))
          .text((line) => line);
      });
      g.select('title').text(boxTooltip);
      g.select('circle.badge')
        .attr('cx', (b) => b.x + b.w)
        .attr('cy', (b) => b.y)
        .attr('display', (b) => (hooks.problemsOf(b) ? null : 'none'));
      g.select('text.badge-count')
        .attr('x', (b) => b.x + b.w)
        .attr('y', (b) => b.y + 3.5)
        .text((b) => badgeText(hooks.problemsOf(b)?.count));
    });
}
