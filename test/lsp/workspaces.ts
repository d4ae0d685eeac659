// Scratch workspaces for the language-server tests, built from corpus files (copied into test/.tmp, never into
// the repository): a Triton repository with a broken config and an .onnx model.
import fs from 'node:fs';
import path from 'node:path';
import { corpusDir, scratchDir } from '../support/paths';

export interface BrokenRepository {
  root: string;
  config: string;
  model: string;
  brokenText: string;
}

/** `repo/simple` from Triton's examples with INPUT0 renamed to INPUT9 (the model has no such input). */
export function brokenRepository(name: string): BrokenRepository {
  const root = scratchDir(name);
  const modelDir = path.join(root, 'model_repository/simple');
  fs.mkdirSync(path.join(modelDir, '1'), { recursive: true });
  const source = path.join(corpusDir, 'triton/examples/simple');
  fs.copyFileSync(path.join(source, '1/model.onnx'), path.join(modelDir, '1/model.onnx'));
  const original = fs.readFileSync(path.join(source, 'config.pbtxt'), 'utf8');
  const brokenText = original.replace('name: "INPUT0"', 'name: "INPUT9"');
  if (brokenText === original) throw new Error('corpus config changed: INPUT0 not found');
  const config = path.join(modelDir, 'config.pbtxt');
  fs.writeFileSync(config, brokenText);
  return { root, config, model: path.join(modelDir, '1/model.onnx'), brokenText };
}
