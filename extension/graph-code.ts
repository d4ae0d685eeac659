// The graph editor's model code (ONNX reader, graph view model, operator docs with the ONNX schemas: most of what
// the client would parse at activation), bundled on its own as dist/extension-graph.js and required when a graph
// first opens.
export { opDocsFor } from '../server/graph/op-docs';
export { GraphSession } from '../server/graph/session';
export { readOnnxModel, readOnnxModelFromBuffer } from '../server/onnx/reader';
export { DiffGraphSession } from '../server/graph/diff-session';
