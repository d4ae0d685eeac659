// The one loader of the graph bundle (dist/extension-graph.js, graph-code.ts): required when a graph or a diff first
// opens, not at activation, so the client bundle stays small.
import path from 'node:path';
import type * as GraphCode from './graph-code';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const graphCode = (): typeof GraphCode => require(path.join(__dirname, 'extension-graph.js'));

/** An ONNX model's path or URI path (the graph editor's and the diff commands' files). */
export const isOnnxPath = (p: string): boolean => /\.onnx$/i.test(p);
