// Which boxes carry problems that pass the filter (worst severity and count per node and per group, groups counting
// everything inside them), and the order ◀/▶ Problem walks them in.
import type { Severity } from '../../server/contract/findings';
import type { SceneBox } from '../../common/graph-drawing/scene';
import type { GraphDiagnostic, GraphSkeleton } from '../../server/contract/graph-view';
import type { Filter } from './view-state';

export const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export interface Mark {
  severity: Severity;
  count: number;
}

export function passes(filter: Filter, d: GraphDiagnostic): boolean {
  return (
    (filter.severity === 'all' || d.severity === filter.severity) && (filter.rule === 'all' || d.ruleId === filter.rule)
  );
}

export function worse(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) < SEVERITIES.indexOf(b);
}

export class ProblemMarks {
  private nodes = new Map<number, Mark>();
  private groups = new Map<number, Mark>();

  /** `chain(g)`: the ids of g's ancestors, parent first. */
  compute(skeleton: GraphSkeleton, filter: Filter, chain: (groupId: number) => number[]): void {
    this.nodes = new Map();
    this.groups = new Map();
    for (const d of skeleton.diagnostics) {
      if (d.node < 0 || !passes(filter, d)) continue;
      add(this.nodes, d.node, d.severity);
      const g = skeleton.index.groupOf[d.node];
      for (const a of [g, ...chain(g)]) add(this.groups, a, d.severity);
    }
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  of(b: SceneBox): Mark | undefined {
    // An expanded group's frame is not marked: the nodes and collapsed groups inside it are.
    if (b.kind === 'frame') return undefined;
    return b.kind === 'node' ? this.nodes.get(b.id) : this.groups.get(b.id);
  }

  ofNode(nodeId: number): Mark | undefined {
    return this.nodes.get(nodeId);
  }

  /** Marked node ids in walking order: worst severity first, then by position in the graph (node id order). */
  order(): number[] {
    return [...this.nodes.entries()]
      .sort(([a, ma], [b, mb]) => SEVERITIES.indexOf(ma.severity) - SEVERITIES.indexOf(mb.severity) || a - b)
      .map(([id]) => id);
  }
}

function add(map: Map<number, Mark>, id: number, severity: Severity): void {
  const known = map.get(id);
  if (!known) map.set(id, { severity, count: 1 });
  else {
    known.count++;
    if (worse(severity, known.severity)) known.severity = severity;
  }
}
