// Child process for the crash test: starts writing a model, reports the first copied chunk on
// stdout, then stalls mid-file so the parent can SIGKILL it while the output is half written.
import { readOnnxModel } from '../../server/onnx/reader';
import { writeModel } from '../../server/fixes/model-writer';
import { nodeSpecOf } from '../../server/fixes/node-spec';

const [modelPath, outPath, mode] = process.argv.slice(2);
const model = readOnnxModel(modelPath);
let reported = false;
writeModel(model, { graph: { replaceNodes: new Map([[0, [nodeSpecOf(model.graph!.nodes[0])]]]) } }, outPath, {
  inPlace: mode === 'in-place',
  onProgress: (written, total) => {
    if (reported || written >= total) return;
    reported = true;
    process.stdout.write(`started ${written} ${total}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  },
});
process.stdout.write('finished\n');
