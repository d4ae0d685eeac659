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
  /** Whole-model findings that pass the filter: index in the skeleton's diagnostics, severity. */
  private model: { index: number; severity: Severity }[] = [];

  /** `chain(g)`: the ids of g's ancestors, parent first. */
  compute(skeleton: GraphSkeleton, filter: Filter, chain: (groupId: number) => number[]): void {
    this.nodes = new Map();
    this.groups = new Map();
    this.model = [];
    skeleton.diagnostics.forEach((d, index) => {
      if (!passes(filter, d)) return;
      if (d.node < 0) this.model.push({ index, severity: d.severity });
      // A whole-model finding marks the graph inputs/outputs it concerns.
      for (const id of d.node >= 0 ? [d.node] : (d.concerns ?? [])) {
        add(this.nodes, id, d.severity);
        const g = skeleton.index.groupOf[id];
        for (const a of [g, ...chain(g)]) add(this.groups, a, d.severity);
      }
    });
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  of(b: SceneBox): Mark | undefined {
    // An expanded group's frame is not marked: the nodes and collapsed groups inside it are.
    if (b.kind === 'frame') return undefined;
    return b.kind === 'node' ? this.nodes.get(b.id) : this.groups.get(b.id);
  }

  /**
   * What ◀/▶ Problem walks, as selection keys: worst severity first, then by position (whole-model findings, at the
   * top of the graph, before nodes; nodes in graph order).
   */
  order(): string[] {
    const items = [
      ...this.model.map((m) => ({ key: `m${m.index}`, severity: m.severity, at: -1 })),
      ...[...this.nodes.entries()].map(([id, m]) => ({ key: `n${id}`, severity: m.severity, at: id })),
    ];
    const rank = (s: Severity): number => SEVERITIES.indexOf(s);
    return items.sort((a, b) => rank(a.severity) - rank(b.severity) || a.at - b.at).map((i) => i.key);
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
