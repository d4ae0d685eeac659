// The colours the canvas back end paints with, read from the theme's CSS variables (style.css).
import type { Severity } from '../../../server/contract/findings';

export type Palette = {
  edge: string;
  nodeFill: string;
  groupFill: string;
  ioFill: string;
  stroke: string;
  frame: string;
  severity: Record<Severity, string>;
  selected: string;
};

export function readPalette(themed: Element): Palette {
  const css = getComputedStyle(themed);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    edge: v('--graph-edge', '#888'),
    nodeFill: v('--graph-node-fill', '#f3f3f3'),
    groupFill: v('--graph-group-fill', '#e8eef7'),
    ioFill: v('--graph-io-fill', '#dff0d8'),
    stroke: v('--graph-node-stroke', '#888'),
    frame: v('--graph-frame-stroke', '#aaa'),
    selected: v('--graph-selected', '#0066cc'),
    severity: {
      error: v('--graph-error', '#e51400'),
      warning: v('--graph-warning', '#bf8803'),
      info: v('--graph-info', '#1a85ff'),
    },
  };
}
