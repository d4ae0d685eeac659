// Findings about the whole model (missing external data, dynamic inputs without a profile, opset/IR findings) have no
// node to sit on: a banner above the graph counts every finding by severity and lists these with their fix buttons.
// A finding that concerns graph inputs/outputs reveals them when clicked.
import type { GraphDiagnostic, GraphSkeleton } from '../../server/contract/graph-view';
import { button, el } from '../shared/dom';
import { SEVERITIES } from './problems';

export interface BannerActions {
  applyFix(diagnostic: GraphDiagnostic, fixId: string): void;
  /** Selects a whole-model finding (by its index in the skeleton's diagnostics). */
  select(index: number): void;
}

export class FindingsBanner {
  readonly root: HTMLElement;

  constructor(private readonly actions: BannerActions) {
    this.root = el('section', undefined, 'findings-banner');
    this.root.setAttribute('aria-label', 'Findings about the whole model');
    this.root.hidden = true;
  }

  show(skeleton: GraphSkeleton, selected: string | undefined): void {
    const all = skeleton.diagnostics;
    const model = all.map((d, index) => ({ d, index })).filter(({ d }) => d.node < 0);
    this.root.hidden = all.length === 0;
    if (all.length === 0) return;
    const counts = el('div', undefined, 'counts');
    counts.append(el('strong', `${all.length} finding${all.length === 1 ? '' : 's'}`));
    for (const s of SEVERITIES) {
      const n = all.filter((d) => d.severity === s).length;
      if (n > 0) counts.append(el('span', `${n} ${s}`, `count severity-${s}`));
    }
    counts.append(el('span', `${model.length} about the whole model`, 'count model'));
    const list = el('ul', undefined, 'model-findings');
    for (const { d, index } of model) {
      const item = el('li', undefined, `diagnostic severity-${d.severity}`);
      item.dataset.finding = String(index);
      if (selected === `m${index}`) item.dataset.selected = 'true';
      const pick = button(d.message, 'select-finding', () => this.actions.select(index));
      pick.className = 'message';
      item.append(el('span', d.severity, 'severity'), el('span', d.ruleId, 'rule'), pick);
      for (const fix of d.fixes) {
        const b = button(fix.title, 'fix', () => this.actions.applyFix(d, fix.id));
        b.dataset.fix = fix.id;
        item.append(b);
      }
      list.append(item);
    }
    this.root.replaceChildren(counts, list);
  }
}
