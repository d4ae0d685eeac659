import { checkOnnxFile } from '../server/rules/index.ts';
import { defaultConfig } from '../server/config/config.ts';
import { onnxTestdataModels } from '../test/support/paths.ts';
const want = new Set(process.argv.slice(2));
const seen = new Map<string, number>();
for (const f of onnxTestdataModels()) {
  for (const x of checkOnnxFile(f, defaultConfig('/tmp'))) {
    if (!want.has(x.ruleId)) continue;
    const n = seen.get(x.ruleId) ?? 0; seen.set(x.ruleId, n + 1);
    if (n % 9 === 0) console.log(x.ruleId, f.split('/').slice(-2, -1)[0], '|', x.node ?? '', '|', x.message.slice(0, 230));
  }
}
