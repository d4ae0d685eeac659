// A one-model Triton repository in a scratch folder: <root>/<name>/1/model.onnx (a corpus model) and its config.pbtxt.
import fs from 'node:fs';
import path from 'node:path';
import { corpusOnnxDir, scratchDir } from '../support/paths';

export function repoWith(name: string, source: string, config: string): string {
  const root = scratchDir('profiles-repo');
  fs.mkdirSync(path.join(root, name, '1'), { recursive: true });
  fs.copyFileSync(path.join(corpusOnnxDir, `${source}.onnx`), path.join(root, name, '1/model.onnx'));
  fs.writeFileSync(path.join(root, name, 'config.pbtxt'), config);
  return root;
}
