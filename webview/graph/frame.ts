// The page around the graph view's parts, with landmarks for screen readers: the toolbar is the header, the graph
// the main region (focusable, keyboard driven), the details panel an aside, the status line the footer.
import { div, el } from '../shared/dom';

export interface Frame {
  /** Where the renderer draws; the minimap and the legend float in it. */
  canvasHost: HTMLElement;
  /** The main row: the graph, then the panel. */
  main: HTMLElement;
  legend: HTMLElement;
  status: HTMLElement;
}

export function buildFrame(root: HTMLElement, header: HTMLElement, onKey: (e: KeyboardEvent) => void): Frame {
  root.classList.add('graph-app');
  const main = div('main');
  const canvasHost = el('main', undefined, 'canvas-host');
  canvasHost.tabIndex = 0;
  canvasHost.setAttribute(
    'aria-label',
    'Graph; arrow keys move between connected nodes, Enter expands or collapses a group or opens a subgraph',
  );
  canvasHost.addEventListener('keydown', onKey);
  const legend = div('legend');
  legend.hidden = true;
  main.append(canvasHost);
  const status = div('status');
  status.setAttribute('role', 'status');
  const footer = el('footer');
  footer.append(status);
  root.append(header, main, footer);
  return { canvasHost, main, legend, status };
}

/** VS Code switches themes by changing body's class and the --vscode-* variables on <html>. */
export function onThemeChange(repaint: () => void): void {
  const theme = new MutationObserver(repaint);
  theme.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  theme.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}
