// What bench/shape-inference.ts times: the reader and shape inference, bundled by the bench as dist/ ships them.
export { readOnnxModel } from '../server/onnx/reader';
export { inferModelShapes } from '../server/shape-inference/engine';
