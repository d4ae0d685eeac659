// The toolbar's problem filter (severity, rule) and what follows from it: which boxes carry marks, and the order
// ◀/▶ Problem walks them in.
import type { GraphSkeleton } from '../../server/contract/graph-view';
import { ProblemMarks } from './problems';
import { ancestors } from './scope-tree';
import type { Toolbar } from './toolbar';
import type { Filter } from './view-state';

export class ProblemFilter {
  filter: Filter = { severity: 'all', rule: 'all' };
  readonly marks = new ProblemMarks();

  constructor(
    private readonly toolbar: Toolbar,
    /** `data-problem-nodes`: how many nodes carry a mark. */
    private readonly data: DOMStringMap,
  ) {}

  /** A graph opens: its rules in the toolbar, the filter it had (`restored`) or none. */
  open(skeleton: GraphSkeleton, restored: Filter | undefined): void {
    const rules = [...new Set(skeleton.diagnostics.map((d) => d.ruleId))].sort();
    this.toolbar.setRules(rules);
    // A rule filter whose rule has no findings any more (the fix removed them) would hide everything: reset it.
    this.filter =
      restored && (restored.rule === 'all' || rules.includes(restored.rule))
        ? { ...restored }
        : { severity: 'all', rule: 'all' };
    this.toolbar.severity.value = this.filter.severity;
    this.toolbar.rule.value = this.filter.rule;
    this.compute(skeleton);
  }

  /** The user changed the filter in the toolbar. */
  changed(skeleton: GraphSkeleton): void {
    this.filter = { severity: this.toolbar.severity.value as Filter['severity'], rule: this.toolbar.rule.value };
    this.compute(skeleton);
  }

  /** The selection key ◀/▶ Problem goes to from `current`; undefined when no problem passes the filter. */
  step(current: string | undefined, direction: 1 | -1): string | undefined {
    const ids = this.marks.order();
    if (ids.length === 0) return undefined;
    const at = current === undefined ? -1 : ids.indexOf(current);
    return ids[at < 0 ? (direction === 1 ? 0 : ids.length - 1) : (at + direction + ids.length) % ids.length];
  }

  private compute(skeleton: GraphSkeleton): void {
    this.marks.compute(skeleton, this.filter, (g) => ancestors(skeleton, g));
    this.data.problemNodes = String(this.marks.nodeCount);
  }
}
