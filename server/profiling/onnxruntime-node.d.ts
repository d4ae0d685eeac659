// onnxruntime-node is an optional peer that a checkout installs only with `npm run ort:install`; its API is
// onnxruntime-common's (its own index.d.ts re-exports it), which is a development dependency, so types check without it.
declare module 'onnxruntime-node' {
  export * from 'onnxruntime-common';
}
