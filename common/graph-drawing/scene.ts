// Composes per-group layouts into one drawable scene: every expanded group is laid out on its own (at most
// MAX_GROUP_CHILDREN children), bottom-up, its size then fixed as a box in its parent's layout. Results are
// cached per group and the sizes of its expanded children, so expanding one group redoes only its ancestors.
// Pure and async (the webview lays out in a Worker, the CLI calls layoutGroup directly).
import type { Severity } from '../../server/contract/findings';
import type {
  GraphGroupContent,
  GraphGroupInfo,
  GraphNode,
  GraphSkeleton,
  ProblemCounts,
} from '../../server/contract/graph-view';
import { layoutGroup, type LayoutRequest, type LayoutResult, type Point } from './layout';

export const NODE_HEIGHT = 34;
export const GROUP_HEIGHT = 44;
export const FRAME_HEADER = 22;
export const FRAME_PAD = 10;

export interface SceneBox {
  /** "n12" (node), "g3" (collapsed group) or "f3" (frame of an expanded group). */
  key: string;
  kind: 'node' | 'group' | 'frame';
  id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Op type, or group label. */
  title: string;
  /** Node name, or "N nodes" for a group. */
  subtitle: string;
  /** Worst severity among the box's problems. */
  severity?: Severity;
  problemCount: number;
  nodeKind?: GraphNode['kind'];
  depth: number;
  /** Weight lines drawn inside a node box: `W ⟨768×2304⟩` (as Netron shows them). */
  weights?: string[];
  /** A node's attributes, `name = value`, for its tooltip. */
  attributes?: string[];
}

export interface SceneEdge {
  points: Point[];
  from: string;
  to: string;
  /** The first tensor on the connection (the one the label names): retyped when inferred types arrive. */
  tensor: string;
  label: string;
  count: number;
  /**
   * Its label is not drawn: it would cover another edge's label (often the same text: one tensor fanning out to
   * boxes side by side); the tooltip keeps it.
   */
  labelHidden?: true;
}

export interface Scene {
  width: number;
  height: number;
  boxes: SceneBox[];
  edges: SceneEdge[];
  /** Largest single layout (children) and the number of layouts computed vs. taken from the cache. */
  stats: { layouts: number; cached: number; largestLayout: number; layoutMs: number };
}

export type LayoutFn = (request: LayoutRequest) => Promise<LayoutResult>;

export interface SceneInput {
  skeleton: GraphSkeleton;
  /** Content of every expanded group (the caller loads them first). */
  content: (groupId: number) => GraphGroupContent | undefined;
  expanded: ReadonlySet<number>;
  layout: LayoutFn;
  /** Layouts by structure key; promises, so identical groups laid out at the same time share one run. */
  cache?: Map<string, Promise<LayoutResult>>;
}

/** Width of a box for its text; a monospace-ish estimate keeps CLI and browser layouts identical. */
export function textWidth(text: string, charWidth: number): number {
  return Math.min(text.length, 40) * charWidth;
}

/** Height of one weight line inside a node box. */
export const WEIGHT_LINE = 13;
const MAX_WEIGHT_LINES = 3;

/** The weight lines of a node: its initializer inputs with their shapes; past three, "+N more". */
export function weightLines(node: GraphNode): string[] {
  const weights = node.inputs.filter((p) => p.initializer);
  const lines = weights
    .slice(0, MAX_WEIGHT_LINES)
    .map((p) => `${p.param ?? p.tensor.split('/').pop()} ⟨${p.shape ?? '?'}⟩`);
  if (weights.length > MAX_WEIGHT_LINES) lines.push(`+${weights.length - MAX_WEIGHT_LINES} more`);
  return lines;
}

function nodeSize(node: GraphNode): { w: number; h: number } {
  const weights = weightLines(node);
  const w = Math.max(
    64,
    textWidth(node.op, 7.5) + 20,
    textWidth(node.name.split('/').pop() ?? '', 6) + 16,
    ...weights.map((l) => textWidth(l, 6) + 16),
  );
  return { w: Math.min(w, 260), h: NODE_HEIGHT + weights.length * WEIGHT_LINE };
}

function groupSize(info: GraphGroupInfo): { w: number; h: number } {
  return { w: Math.min(280, Math.max(120, textWidth(info.label, 7.5) + 40)), h: GROUP_HEIGHT };
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

function worst(counts: ProblemCounts): Severity | undefined {
  return SEVERITIES.find((s) => counts[s] > 0);
}

/** A group laid out, with its expanded children laid out inside it. */
interface Placed {
  result: LayoutResult;
  content: GraphGroupContent;
  keys: string[];
  children: Map<string, Placed>;
}

/** One group's layout request, given the layouts of its expanded children (`laidOut`, by key `g<id>`). */
function layoutRequest(
  skeleton: GraphSkeleton,
  content: GraphGroupContent,
  laidOut: (key: string) => LayoutResult | undefined,
): LayoutRequest {
  const items = [
    ...content.nodes.map((n) => ({ key: `n${n.id}`, ...nodeSize(n) })),
    ...content.childGroups.map((g) => {
      const inner = laidOut(`g${g}`);
      if (inner) return { key: `g${g}`, w: inner.width + 2 * FRAME_PAD, h: inner.height + FRAME_HEADER + FRAME_PAD };
      return { key: `g${g}`, ...groupSize(skeleton.groups[g]) };
    }),
  ].map((i) => ({ key: i.key, width: Math.ceil(i.w), height: Math.ceil(i.h) }));
  // Keyed by structure (sizes and edges by position), not by group: repeated blocks (transformer layers)
  // share one layout, and a group is laid out again only when the size of an expanded child changed.
  const index = new Map(items.map((item, i) => [item.key, i]));
  const id =
    items.map((i) => `${i.width}x${i.height}`).join(',') +
    '|' +
    content.edges.map((e) => `${index.get(e.from)}>${index.get(e.to)}`).join(',');
  return { id, items, edges: content.edges.map((e) => ({ from: e.from, to: e.to })) };
}

/**
 * The layouts of the groups `expanded` shows, computed at once (the host sends the first view's with its skeleton:
 * its JIT is warm, a fresh page's is not). Identical groups share one layout, as in the view's cache.
 */
export function layoutsNow(
  skeleton: GraphSkeleton,
  content: (groupId: number) => GraphGroupContent | undefined,
  expanded: ReadonlySet<number>,
): LayoutResult[] {
  const done = new Map<string, LayoutResult>();
  const layoutOf = (groupId: number): LayoutResult | undefined => {
    const group = content(groupId);
    if (!group) return undefined;
    const children = new Map<string, LayoutResult | undefined>();
    for (const g of group.childGroups) if (expanded.has(g)) children.set(`g${g}`, layoutOf(g));
    const request = layoutRequest(skeleton, group, (key) => children.get(key));
    let result = done.get(request.id);
    if (!result) done.set(request.id, (result = layoutGroup(request)));
    return result;
  };
  layoutOf(0);
  return [...done.values()];
}

/**
 * Lays out every expanded group (bottom-up) into the cache, placing nothing: the view warms the cache with it in the
 * background so that a later Expand all only composes.
 */
export async function layoutTree(input: SceneInput): Promise<{ root: Placed; stats: Scene['stats'] }> {
  const { skeleton, expanded } = input;
  const cache = input.cache ?? new Map<string, Promise<LayoutResult>>();
  const stats = { layouts: 0, cached: 0, largestLayout: 0, layoutMs: 0 };

  // Bottom-up: a group's layout needs the sizes of its expanded children first.
  const layoutOf = async (groupId: number): Promise<Placed> => {
    const content = input.content(groupId);
    if (!content) throw new Error(`group ${groupId} is expanded but its content is not loaded`);
    const children = new Map<string, Placed>();
    await Promise.all(
      content.childGroups.filter((g) => expanded.has(g)).map(async (g) => children.set(`g${g}`, await layoutOf(g))),
    );
    const request = layoutRequest(skeleton, content, (key) => children.get(key)?.result);
    const { id, items } = request;
    let pending = cache.get(id);
    if (pending) stats.cached++;
    else {
      pending = input.layout(request);
      cache.set(id, pending);
      stats.layouts++;
      pending.then(
        (r) => (stats.layoutMs += r.ms),
        () => cache.delete(id),
      );
    }
    const result = await pending;
    stats.largestLayout = Math.max(stats.largestLayout, items.length);
    return { result, content, keys: items.map((i) => i.key), children };
  };
  return { root: await layoutOf(0), stats };
}

export async function buildScene(input: SceneInput): Promise<Scene> {
  const { skeleton } = input;
  const nodeSeverity = (node: GraphNode): { severity?: Severity; count: number } => {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const d of node.diagnostics) counts[skeleton.diagnostics[d].severity]++;
    return { severity: worst(counts), count: node.diagnostics.length };
  };
  const { root, stats } = await layoutTree(input);
  const boxes: SceneBox[] = [];
  const edges: SceneEdge[] = [];
  const place = (placed: Placed, ox: number, oy: number): void => {
    const { result, content } = placed;
    const nodesByKey = new Map(content.nodes.map((n) => [`n${n.id}`, n]));
    placed.keys.forEach((key, i) => {
      const x = ox + result.positions[i].x;
      const y = oy + result.positions[i].y;
      const node = nodesByKey.get(key);
      if (node) {
        const { w, h } = nodeSize(node);
        const { severity, count } = nodeSeverity(node);
        boxes.push({
          key,
          kind: 'node',
          id: node.id,
          x,
          y,
          w,
          h,
          title: node.op,
          subtitle: node.name,
          severity,
          problemCount: count,
          nodeKind: node.kind,
          depth: skeleton.groups[content.groupId].depth + 1,
          weights: weightLines(node),
          attributes: node.attributes.map((a) => `${a.name} = ${a.value}`),
        });
        return;
      }
      const groupId = Number(key.slice(1));
      const info = skeleton.groups[groupId];
      const inner = placed.children.get(key);
      const common = {
        id: groupId,
        title: info.label,
        subtitle: `${info.nodeCount} nodes`,
        severity: worst(info.problems),
        problemCount: info.problems.error + info.problems.warning + info.problems.info,
        depth: info.depth,
      };
      if (inner) {
        boxes.push({
          key: `f${groupId}`,
          kind: 'frame',
          x,
          y,
          w: inner.result.width + 2 * FRAME_PAD,
          h: inner.result.height + FRAME_HEADER + FRAME_PAD,
          ...common,
        });
        place(inner, x + FRAME_PAD, y + FRAME_HEADER);
      } else {
        boxes.push({ key, kind: 'group', x, y, ...groupSize(info), ...common });
      }
    });
    content.edges.forEach((e, i) => {
      edges.push({
        points: result.edges[i].map((p) => ({ x: ox + p.x, y: oy + p.y })),
        from: e.from,
        to: e.to,
        tensor: e.tensor,
        label: bundleLabel(e.dtype, e.shape, e.count),
        count: e.count,
      });
    });
  };
  place(root, 0, 0);
  declutterEdgeLabels(edges);
  // Frames first so nodes draw on top of the frames that hold them.
  boxes.sort((a, b) => (a.kind === 'frame' ? 0 : 1) - (b.kind === 'frame' ? 0 : 1) || a.depth - b.depth);
  return { width: root.result.width, height: root.result.height, boxes, edges, stats };
}

/** Where an edge's label sits: beside the middle point of its route (the view and the CLI's SVG alike). */
export function edgeLabelAnchor(e: SceneEdge): Point {
  const mid = e.points[Math.floor(e.points.length / 2)];
  return { x: (mid?.x ?? 0) + 4, y: mid?.y ?? 0 };
}

/** A drawn label's height and width per character in the graph's units, a little more than the 9 px text takes. */
const LABEL = { h: 12, charW: 5.8, above: 9 };
/** Grid cells for the overlap search: about one label wide and one tall. */
const CELL = { w: 128, h: 16 };

/**
 * Labels that would be drawn over each other are not drawn (the edge's tooltip keeps its label). A tensor fanning
 * out of a box to boxes side by side puts the same label beside each edge: the rightmost is drawn, the others are
 * hidden. Otherwise the label further right or, level with it, further down wins. Run again when late types
 * change the labels' lengths. Label boxes are a little wider than the text (0.64 em a character, the widest digits
 * of the usual UI fonts), so boxes kept apart here are apart on screen; grid buckets keep it near linear.
 */
export function declutterEdgeLabels(edges: SceneEdge[]): void {
  const n = edges.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = edges[i];
    e.labelHidden = undefined;
    if (e.label === '' || e.points.length === 0) continue;
    const at = edgeLabelAnchor(e);
    x[i] = at.x;
    y[i] = at.y - LABEL.above;
    w[i] = e.label.length * LABEL.charW;
    order.push(i);
  }
  order.sort((p, q) => x[q] - x[p] || y[q] - y[p] || p - q);
  // Cell (cx, cy) as one number: graphs are far smaller than 2^20 cells across.
  const grid = new Map<number, number[]>();
  const keys: number[] = [];
  const covers = (i: number, o: number): boolean =>
    x[i] < x[o] + w[o] && x[o] < x[i] + w[i] && y[i] < y[o] + LABEL.h && y[o] < y[i] + LABEL.h;
  for (const i of order) {
    keys.length = 0;
    for (let cx = Math.floor(x[i] / CELL.w); cx <= Math.floor((x[i] + w[i]) / CELL.w); cx++)
      for (let cy = Math.floor(y[i] / CELL.h); cy <= Math.floor((y[i] + LABEL.h) / CELL.h); cy++)
        keys.push(cx * 1048576 + cy);
    if (keys.some((key) => grid.get(key)?.some((o) => covers(i, o)))) {
      edges[i].labelHidden = true;
      continue;
    }
    for (const key of keys) {
      const list = grid.get(key);
      if (list) list.push(i);
      else grid.set(key, [i]);
    }
  }
}

/** An edge's label with the number of other tensors bundled on it: `f32 [1,768] (+2)`. */
export function bundleLabel(dtype: string | undefined, shape: string | undefined, count: number): string {
  return edgeLabel(dtype, shape) + (count > 1 ? ` (+${count - 1})` : '');
}

/** ONNX element types as the short names Netron and PyTorch users read (`f32`, `i64`, `bf16`). */
const SHORT_DTYPE: Record<string, string> = {
  FLOAT: 'f32',
  DOUBLE: 'f64',
  FLOAT16: 'f16',
  BFLOAT16: 'bf16',
  INT64: 'i64',
  INT32: 'i32',
  INT16: 'i16',
  INT8: 'i8',
  UINT64: 'u64',
  UINT32: 'u32',
  UINT16: 'u16',
  UINT8: 'u8',
  BOOL: 'bool',
  STRING: 'str',
  FLOAT8E4M3FN: 'f8e4m3',
  FLOAT8E5M2: 'f8e5m2',
  INT4: 'i4',
  UINT4: 'u4',
};

/** An edge's label in short form, `f32 [N,3,224,224]` (symbolic dims by name, `?` unknown, `[]` a scalar). */
export function edgeLabel(dtype: string | undefined, shape: string | undefined): string {
  const type = dtype ? (SHORT_DTYPE[dtype] ?? dtype.toLowerCase()) : undefined;
  const dims = shape === undefined ? undefined : shape === 'scalar' ? '[]' : `[${shape.split('×').join(',')}]`;
  return [type, dims].filter(Boolean).join(' ');
}
