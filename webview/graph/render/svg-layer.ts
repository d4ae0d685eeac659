// The SVG back end: the boxes and edges on screen, with text, tooltips and marks (accessible, and the DOM the browser
// tests read). Model strings only ever reach the DOM through textContent.
// A pan or zoom within one scene and style only creates what comes into view: boxes already drawn keep their
// attributes (rewriting hundreds of unchanged ones made each wheel step restyle the whole SVG).
// Plain DOM calls keyed by box and edge, not d3 joins: a graph's first screen runs this code cold, where d3's
// per-attribute callbacks cost about as much again as the DOM work itself.
import type { Selection } from 'd3';
import { WEIGHT_LINE, edgeLabelAnchor, type SceneBox, type SceneEdge } from '../../../common/graph-drawing/scene';
import type { RenderHooks } from './hooks';
import { badgeText, boxSubtitle, boxTooltip, clip, edgeLabelText } from './labels';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** What one layer (the edges' or the boxes' group) shows: its element per key, and each element's item. */
interface Drawn<T> {
  byKey: Map<string, SVGGElement>;
  item: WeakMap<Element, T>;
}

const layers = new WeakMap<SVGGElement, Drawn<unknown>>();

function drawnIn<T>(layer: SVGGElement): Drawn<T> {
  let drawn = layers.get(layer);
  if (!drawn) layers.set(layer, (drawn = { byKey: new Map(), item: new WeakMap() }));
  return drawn as Drawn<T>;
}

function child<K extends keyof SVGElementTagNameMap>(
  parent: Element,
  tag: K,
  className?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  if (className) el.setAttribute('class', className);
  parent.appendChild(el);
  return el;
}

/** An attribute set, or removed for null (as d3's attr does). */
function attr(el: Element, name: string, value: string | number | null): void {
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, String(value));
}

/**
 * Shows `items` in `layer` by key: elements of keys no longer shown go, new keys get `create`d, and `update` runs on
 * the new ones (on all of them when `full`). Returns the elements in the items' order.
 */
function join<T>(
  layer: SVGGElement,
  items: T[],
  keyOf: (item: T) => string,
  create: (g: SVGGElement) => void,
  update: (g: SVGGElement, item: T) => void,
  full: boolean,
): SVGGElement[] {
  const drawn = drawnIn<T>(layer);
  const next = new Map<string, SVGGElement>();
  const els: SVGGElement[] = [];
  const fresh: boolean[] = [];
  for (const item of items) {
    let key = keyOf(item);
    // Items with the same key are each drawn (as d3's join puts duplicates into its enter selection).
    for (let n = 1; next.has(key); n++) key = `${keyOf(item)}#${n}`;
    let g = drawn.byKey.get(key);
    const created = !g;
    if (!g) {
      g = document.createElementNS(SVG_NS, 'g');
      create(g);
    }
    drawn.byKey.delete(key);
    next.set(key, g);
    drawn.item.set(g, item);
    els.push(g);
    fresh.push(created);
  }
  for (const gone of drawn.byKey.values()) gone.remove();
  drawn.byKey = next;
  // New elements go in after the kept ones, then everything is put in the items' order (frames before their nodes).
  for (let i = 0; i < els.length; i++) if (fresh[i]) layer.appendChild(els[i]);
  for (let i = els.length - 2; i >= 0; i--)
    if (els[i].nextSibling !== els[i + 1]) layer.insertBefore(els[i], els[i + 1]);
  for (let i = 0; i < els.length; i++) if (full || fresh[i]) update(els[i], items[i]);
  return els;
}

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
  const root = viewport.node()!;
  const edgeLayer = root.querySelector<SVGGElement>('g.edges')!;
  join(
    edgeLayer,
    edges,
    (e) => `${e.from}>${e.to}@${e.points[0]?.x},${e.points[0]?.y}`,
    (g) => {
      g.setAttribute('class', 'edge');
      child(g, 'path').setAttribute('marker-end', 'url(#arrow)');
      child(g, 'title');
      child(g, 'text', 'edge-label');
    },
    (g, e) => {
      const [path, , text] = g.children;
      path.setAttribute('d', e.points.length ? 'M' + e.points.map((p) => `${p.x},${p.y}`).join('L') : '');
      const at = edgeLabelAnchor(e);
      text.setAttribute('x', String(at.x));
      text.setAttribute('y', String(at.y));
      labelEdge(g, e);
    },
    full,
  );

  const boxLayer = root.querySelector<SVGGElement>('g.boxes')!;
  const drawn = drawnIn<SceneBox>(boxLayer);
  join(
    boxLayer,
    boxes,
    (b) => b.key,
    (g) => {
      child(g, 'rect');
      child(g, 'text', 'title');
      child(g, 'text', 'subtitle');
      child(g, 'title');
      for (const how of ['click', 'dblclick'] as const)
        g.addEventListener(how, (event) => {
          event.stopPropagation();
          hooks.onActivate(drawn.item.get(g)!, how);
        });
    },
    (g, b) => drawBox(g, b, hooks),
    full,
  );
}

function drawBox(g: SVGGElement, b: SceneBox, hooks: RenderHooks): void {
  const problems = hooks.problemsOf(b);
  attr(g, 'class', `box ${b.kind}${b.nodeKind && b.nodeKind !== 'op' ? ' io' : ''}`);
  attr(g, 'data-key', b.key);
  attr(g, 'data-severity', problems?.severity ?? null);
  attr(g, 'data-selected', hooks.isSelected(b) ? 'true' : null);
  attr(g, 'data-match', hooks.isMatch(b) ? 'true' : null);
  attr(g, 'data-problems', problems ? String(problems.count) : null);
  const [rect, title, subtitle, afterSubtitle, next] = g.children;
  attr(rect, 'x', b.x);
  attr(rect, 'y', b.y);
  attr(rect, 'width', b.w);
  attr(rect, 'height', b.h);
  attr(rect, 'rx', b.kind === 'frame' ? 6 : 4);
  const fill = hooks.overlayColor(b);
  const style = (rect as SVGRectElement).style;
  if (fill) style.setProperty('fill', fill);
  else style.removeProperty('fill');
  attr(title, 'x', b.kind === 'frame' ? b.x + 8 : b.x + b.w / 2);
  attr(title, 'y', b.y + (b.kind === 'frame' ? 15 : 14));
  title.textContent = clip(b.title, 36);
  attr(subtitle, 'x', b.x + b.w / 2);
  attr(subtitle, 'y', b.y + (b.kind === 'group' ? 32 : 27));
  subtitle.textContent = boxSubtitle(b);
  // The tooltip follows the weight lines when the box has them.
  (afterSubtitle.tagName === 'title' ? afterSubtitle : next).textContent = boxTooltip(b);
  drawOptionalParts(g, b, problems?.count);
}

/** Late types relabelled the scene's edges (late-shapes.ts): the drawn edges take their texts, nothing else changes. */
export function relabelSvgEdges(viewport: Selection<SVGGElement, unknown, null, undefined>): void {
  const edgeLayer = viewport.node()!.querySelector<SVGGElement>('g.edges')!;
  const drawn = drawnIn<SceneEdge>(edgeLayer);
  for (const g of drawn.byKey.values()) labelEdge(g, drawn.item.get(g)!);
}

/** An edge's tooltip and label texts (its type, which late shapes may change). */
function labelEdge(g: SVGGElement, e: SceneEdge): void {
  const [, title, text] = g.children;
  title.textContent = e.label;
  text.textContent = edgeLabelText(e);
  // Left out where it would cover another label (scene.ts: declutterEdgeLabels); the class says so to tests.
  if (e.labelHidden) g.classList.add('label-hidden');
  else g.classList.remove('label-hidden');
}

/**
 * Weight lines and the problem badge exist only on the boxes that have them: most boxes have neither, and every
 * element costs style and layout on each zoom step.
 */
function drawOptionalParts(g: SVGGElement, b: SceneBox, problems?: number): void {
  const weights = b.weights ?? [];
  let lines = g.querySelector('text.weights');
  if (weights.length > 0 && !lines) {
    lines = document.createElementNS(SVG_NS, 'text');
    lines.setAttribute('class', 'weights');
    g.insertBefore(lines, g.querySelector(':scope > title'));
  }
  if (lines) {
    while (lines.childElementCount > weights.length) lines.lastElementChild!.remove();
    while (lines.childElementCount < weights.length) child(lines, 'tspan');
    weights.forEach((line, i) => {
      const tspan = lines.children[i];
      attr(tspan, 'x', b.x + b.w / 2);
      attr(tspan, 'y', b.y + 27 + WEIGHT_LINE * (i + 1));
      tspan.textContent = line;
    });
  }
  let badge = g.querySelector('circle.badge');
  let count = g.querySelector('text.badge-count');
  if (!problems) {
    badge?.remove();
    count?.remove();
    return;
  }
  if (!badge || !count) {
    badge = child(g, 'circle', 'badge');
    badge.setAttribute('r', '8');
    count = child(g, 'text', 'badge-count');
  }
  attr(badge, 'cx', b.x + b.w);
  attr(badge, 'cy', b.y);
  attr(count, 'x', b.x + b.w);
  attr(count, 'y', b.y + 3.5);
  count.textContent = badgeText(problems);
}
