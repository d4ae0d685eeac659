// The side panel: details of the selected node or group, built with @vscode-elements/elements so it looks
// like the rest of VS Code. Every model string is set as textContent (names and attributes are untrusted).
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import type { GraphDiagnostic, GraphGroupInfo, GraphNode, GraphPort, OpDocs } from '../../server/contract/graph-view';
import { custom, el } from '../shared/dom';

export interface PanelActions {
  /** `nodeName` is empty for a finding about the whole model. */
  applyFix(nodeName: string, diagnostic: GraphDiagnostic, fixId: string): void;
  openSubgraph(node: GraphNode, attribute: string): void;
  toggleGroup(group: GraphGroupInfo): void;
  revealNode(nodeId: number): void;
  revealInEngine(node: GraphNode): void;
  /** Open the node's Python source line (the host resolves the file; offered only when it is in the workspace). */
  openSource(node: GraphNode): void;
  /** What else to show about a node (diff mode: its change). */
  nodeNotes?(node: GraphNode): HTMLElement[];
}

function section(title: string, open = true): { root: HTMLElement; body: HTMLElement } {
  const root = custom('vscode-collapsible', open ? { title, open: '' } : { title });
  const body = el('div', undefined, 'section-body');
  root.append(body);
  return { root, body };
}

function portRow(port: GraphPort): HTMLElement {
  const row = el('div', undefined, 'port');
  row.append(el('span', port.tensor, 'tensor'));
  const type = [port.dtype, port.shape ? `[${port.shape}]` : undefined].filter(Boolean).join(' ');
  if (type) row.append(el('span', type, 'type'));
  if (port.initializer) row.append(custom('vscode-badge', { variant: 'default' }, 'initializer'));
  return row;
}

export class SidePanel {
  readonly root: HTMLElement;
  private docsTarget?: { op: string; domain: string; el: HTMLElement };
  /** An engine view of this model is open: op nodes offer "Reveal in engine". */
  private engineLinked = false;

  constructor(private readonly actions: PanelActions) {
    this.root = el('aside', undefined, 'side-panel');
    this.root.setAttribute('aria-label', 'Selection details');
    this.clear();
  }

  /** Nothing selected: the findings about the whole model (where a Problems click on them lands), then a hint. */
  clear(modelFindings: GraphDiagnostic[] = []): void {
    const parts: HTMLElement[] = [];
    if (modelFindings.length > 0) {
      parts.push(el('h2', 'This model', 'op'), this.problems('', modelFindings, 'Findings about the whole model'));
    }
    parts.push(el('p', 'Select a node to see its details.', 'hint'));
    this.root.replaceChildren(...parts);
    this.docsTarget = undefined;
  }

  /** One finding about the whole model (◀/▶ Problem stepped onto it, or it was picked in the banner). */
  showModelFinding(d: GraphDiagnostic, concerns: string[]): void {
    const parts: HTMLElement[] = [
      el('h2', 'This model', 'op'),
      this.problems('', [d], 'Finding about the whole model'),
    ];
    if (concerns.length > 0) parts.push(el('div', `Concerns ${concerns.join(', ')}`, 'concerns'));
    this.root.replaceChildren(...parts);
    this.docsTarget = undefined;
  }

  private problems(nodeName: string, diagnostics: GraphDiagnostic[], title: string): HTMLElement {
    const s = section(`${title} (${diagnostics.length})`);
    for (const d of diagnostics) {
      const item = el('div', undefined, `diagnostic severity-${d.severity}`);
      item.append(el('span', d.severity, 'severity'), el('span', d.ruleId, 'rule'), el('div', d.message, 'message'));
      for (const fix of d.fixes) {
        const button = custom('vscode-button', { secondary: '', 'data-fix': fix.id }, fix.title);
        button.addEventListener('click', () => this.actions.applyFix(nodeName, d, fix.id));
        item.append(button);
      }
      s.body.append(item);
    }
    return s.root;
  }

  showNode(node: GraphNode, diagnostics: GraphDiagnostic[]): void {
    const header = el('header');
    header.append(el('h2', node.op, 'op'), el('div', node.name || '(unnamed)', 'node-name'));
    if (node.domain) header.append(el('div', `domain ${node.domain}`, 'domain'));
    if (node.source) header.append(this.sourceRow(node));
    const parts: HTMLElement[] = [header, ...(this.actions.nodeNotes?.(node) ?? [])];

    if (node.kind === 'op') {
      const docs = el('p', 'Loading op documentation…', 'docs');
      this.docsTarget = { op: node.op, domain: node.domain, el: docs };
      parts.push(docs);
    }

    if (node.kind === 'op' && this.engineLinked) {
      const reveal = custom('vscode-button', { secondary: '', 'data-action': 'reveal-in-engine' }, 'Reveal in engine');
      reveal.addEventListener('click', () => this.actions.revealInEngine(node));
      parts.push(reveal);
    }

    if (diagnostics.length > 0) parts.push(this.problems(node.name, diagnostics, 'Problems'));

    const io = section('Inputs and outputs');
    io.body.append(el('h3', 'Inputs'));
    for (const p of node.inputs) io.body.append(portRow(p));
    if (node.inputs.length === 0) io.body.append(el('div', 'none', 'hint'));
    io.body.append(el('h3', 'Outputs'));
    for (const p of node.outputs) io.body.append(portRow(p));
    if (node.outputs.length === 0) io.body.append(el('div', 'none', 'hint'));
    parts.push(io.root);

    if (node.attributes.length > 0) {
      const s = section(`Attributes (${node.attributes.length})`);
      const dl = el('dl', undefined, 'attributes');
      for (const a of node.attributes) dl.append(el('dt', a.name), el('dd', a.value));
      s.body.append(dl);
      parts.push(s.root);
    }

    if (node.subgraphs.length > 0) {
      const s = section('Subgraphs');
      for (const key of node.subgraphs) {
        const button = custom('vscode-button', { 'data-subgraph': key }, `Open ${key}`);
        button.addEventListener('click', () => this.actions.openSubgraph(node, key));
        s.body.append(button);
      }
      parts.push(s.root);
    }
    this.root.replaceChildren(...parts);
  }

  /** Module path and `file:line` of the Python code that made the node; a link when the file is in the workspace. */
  private sourceRow(node: GraphNode): HTMLElement {
    const { modulePath, location, linked } = node.source!;
    const row = el('div', undefined, 'source');
    if (modulePath) row.append(el('div', `module ${modulePath}`, 'module-path'));
    if (location && linked) {
      const link = el('button', location, 'link source-link');
      link.title = `Open ${location}`;
      link.addEventListener('click', () => this.actions.openSource(node));
      row.append(link);
    } else if (location) row.append(el('div', location, 'source-location'));
    return row;
  }

  showGroup(group: GraphGroupInfo, expanded: boolean, problemNodes: { id: number; name: string }[]): void {
    const header = el('header');
    header.append(el('h2', group.label, 'op'), el('div', group.path || '/', 'node-name'));
    const counts = el('div', undefined, 'counts');
    counts.append(el('span', `${group.nodeCount} nodes`));
    for (const sev of ['error', 'warning', 'info'] as const) {
      if (group.problems[sev] > 0)
        counts.append(custom('vscode-badge', { class: `severity-${sev}` }, `${group.problems[sev]} ${sev}`));
    }
    const toggle = custom('vscode-button', { 'data-action': 'toggle-group' }, expanded ? 'Collapse' : 'Expand');
    toggle.addEventListener('click', () => this.actions.toggleGroup(group));
    const parts: HTMLElement[] = [header, counts, toggle];
    if (problemNodes.length > 0) {
      const s = section('Nodes with problems');
      for (const n of problemNodes.slice(0, 100)) {
        const link = el('button', n.name || `node ${n.id}`, 'link');
        link.addEventListener('click', () => this.actions.revealNode(n.id));
        s.body.append(link);
      }
      parts.push(s.root);
    }
    this.root.replaceChildren(...parts);
    this.docsTarget = undefined;
  }

  setEngineLinked(linked: boolean): void {
    this.engineLinked = linked;
  }

  /** Docs arrive asynchronously from the host; only shown if the same op is still displayed. */
  showDocs(op: string, domain: string, docs: OpDocs | null): void {
    const target = this.docsTarget;
    if (!target || target.op !== op || target.domain !== domain) return;
    target.el.textContent = docs
      ? docs.summary + (docs.sinceVersion !== undefined ? ` (since opset ${docs.sinceVersion})` : '')
      : 'No documentation for this op.';
  }
}
