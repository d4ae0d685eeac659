// The graph view's toolbar: title and Back, search, problem filter and stepping, expand/collapse/fit, overlay
// toggle, export. Builds the controls and wires them to the actions; holds no state of its own.
import { button, div, el, option, select } from '../shared/dom';
import { SEVERITIES } from './problems';

export interface ToolbarActions {
  back(): void;
  search(query: string): void;
  filterChanged(): void;
  stepProblem(direction: 1 | -1): void;
  expandAll(): void;
  collapseAll(): void;
  fit(): void;
  overlayToggled(on: boolean): void;
  togglePanel(): void;
  toggleMinimap(): void;
  exportSvg(): void;
  exportPng(): void;
}

export class Toolbar {
  readonly header: HTMLElement;
  readonly title: HTMLHeadingElement;
  readonly back: HTMLButtonElement;
  readonly searchInput: HTMLInputElement;
  readonly searchResults: HTMLElement;
  readonly severity: HTMLSelectElement;
  readonly rule: HTMLSelectElement;
  readonly overlay: HTMLInputElement;
  readonly panelToggle: HTMLButtonElement;
  readonly minimapToggle: HTMLButtonElement;

  constructor(actions: ToolbarActions) {
    this.header = el('header');
    const toolbar = div('toolbar');
    toolbar.setAttribute('role', 'toolbar');
    this.header.append(toolbar);
    this.back = button('Back', 'back', () => actions.back());
    this.back.hidden = true;
    this.title = el('h1', undefined, 'title');
    this.searchInput = el('input', undefined, 'search');
    this.searchInput.type = 'search';
    this.searchInput.placeholder = 'Search name or op';
    this.searchInput.setAttribute('aria-label', 'Search nodes by name or op type');
    this.searchInput.addEventListener('input', () => actions.search(this.searchInput.value));
    this.searchInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.searchResults.querySelector<HTMLButtonElement>('button')?.click();
    });
    this.searchResults = div('search-results');
    this.searchResults.setAttribute('role', 'listbox');
    this.searchResults.setAttribute('aria-label', 'Search results');
    const searchBox = div('search-box');
    searchBox.append(this.searchInput, this.searchResults);
    this.severity = select(
      'Filter problems by severity',
      [['all', 'All severities'], ...SEVERITIES.map((s) => [s, s] as [string, string])],
      () => actions.filterChanged(),
    );
    this.rule = select('Filter problems by rule', [['all', 'All rules']], () => actions.filterChanged());
    this.overlay = el('input');
    this.overlay.type = 'checkbox';
    this.overlay.checked = true;
    this.overlay.disabled = true;
    this.overlay.addEventListener('change', () => actions.overlayToggled(this.overlay.checked));
    const overlayLabel = el('label', undefined, 'overlay-toggle');
    overlayLabel.append(this.overlay, document.createTextNode(' Overlay'));
    this.panelToggle = button('Details', 'toggle-panel', () => actions.togglePanel(), 'Show or hide the details panel');
    this.minimapToggle = button('Minimap', 'toggle-minimap', () => actions.toggleMinimap(), 'Show or hide the minimap');
    toolbar.append(
      this.back,
      this.title,
      searchBox,
      this.severity,
      this.rule,
      button('◀ Problem', 'prev-problem', () => actions.stepProblem(-1), 'Previous problem'),
      button('Problem ▶', 'next-problem', () => actions.stepProblem(1), 'Next problem'),
      button('Expand all', 'expand-all', () => actions.expandAll()),
      button('Collapse all', 'collapse-all', () => actions.collapseAll()),
      button('Fit', 'fit', () => actions.fit()),
      overlayLabel,
      this.panelToggle,
      this.minimapToggle,
      button('SVG', 'export-svg', () => actions.exportSvg(), 'Export the view as SVG'),
      button('PNG', 'export-png', () => actions.exportPng(), 'Export the view as PNG'),
    );
  }

  /** The rule filter lists the rules of the graph shown. */
  setRules(rules: string[]): void {
    this.rule.replaceChildren(...[['all', 'All rules'], ...rules.map((r) => [r, r])].map(([v, t]) => option(v, t)));
  }
}
