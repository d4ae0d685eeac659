// Triton config benchmark: parse + validate a generated ~5 MB config.pbtxt (thousands of inputs, outputs,
// instance groups, parameters and warmups, with comments) and print the time; sizes 1/2/5 MB show it scales linearly.
// Usage: npx tsx bench/triton-config.ts [--runs 5]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { parseTextFormat } from '../server/triton/textformat/parser';
import { modelConfigHook } from '../server/triton/schema';
import { checkConfigText } from '../server/triton';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);

function makeConfig(targetBytes: number): string {
  const parts = ['# generated benchmark config\nname: "big"\nbackend: "identity"\nmax_batch_size: 8\n'];
  let size = parts[0].length;
  for (let i = 0; size < targetBytes; i++) {
    const block = [
      `input [\n  {\n    name: "INPUT_${i}"  # input ${i}\n    data_type: TYPE_FP32\n    dims: [ 3, -1, 224 ]\n    reshape { shape: [ 3, -1, 224 ] }\n  }\n]\n`,
      `output {\n  name: "OUTPUT_${i}"\n  data_type: TYPE_INT64\n  dims: [ 1000 ]\n  label_filename: "labels_${i}.txt"\n}\n`,
      `instance_group [ { name: "g${i}" kind: KIND_GPU count: 2 gpus: [ 0, 1 ] } ]\n`,
      `parameters { key: "p${i}" value: { string_value: "v\\t${i}" } }\n`,
      `model_warmup { name: "w${i}" batch_size: 4 inputs { key: "INPUT_${i}" value: { data_type: TYPE_FP32 dims: [ 3, 8, 224 ] zero_data: true } } }\n`,
    ].join('');
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

for (const mb of [1, 2, 5]) {
  const text = makeConfig(mb * 1024 * 1024);
  const parseTimes: number[] = [];
  const totalTimes: number[] = [];
  let findings = 0;
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    parseTextFormat(text, modelConfigHook);
    parseTimes.push(performance.now() - t);
    t = performance.now();
    findings = checkConfigText(text, '/bench/big/config.pbtxt').length;
    totalTimes.push(performance.now() - t);
  }
  console.log(`${(text.length / 1024 / 1024).toFixed(2)} MB config: parse ${median(parseTimes).toFixed(0)} ms, parse+validate ${median(totalTimes).toFixed(0)} ms (median of ${runs}), ${findings} findings`);
}
