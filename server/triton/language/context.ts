// What the editor features know beyond the text: the repository's models, the model file's tensors and
// what auto-complete would fill in. Built from disk for a config path; tests can build it by hand.
import path from 'node:path';
import { loadModelFolder, siblingModels } from '../validate/repository';
import { Repository } from '../validate';
import type { ValidateOptions } from '../validate/model';
import type { OnnxSignature } from '../validate/onnx-signature';
import type { AutoCompleted } from '../validate/onnx-check';
import type { MemberIO } from '../validate/ensemble-rules';
import type { InstanceMemory } from '../../memory/fit';

export interface LanguageContext {
  /** Names of the models in the same repository (ensemble step completion). */
  modelNames?: string[];
  /** The config file of a model of the repository (go to definition from an ensemble step). */
  configPathOf?: (model: string) => string | undefined;
  /** Inputs/outputs declared by the model file in the version folder. */
  signature?: OnnxSignature;
  /** What Triton's auto-complete adds to this config. */
  autoCompleted?: AutoCompleted;
  /** Inputs/outputs of another model of the repository, as Triton sees them (ensemble steps). */
  memberIO?: (model: string) => MemberIO | undefined;
  /** One instance's estimated GPU memory and the target GPU (hover on instance_group). */
  instanceMemory?: InstanceMemory;
}

export function languageContextFor(configPath: string, options: ValidateOptions = {}): LanguageContext {
  const modelDir =
    path.basename(path.dirname(configPath)) === 'configs'
      ? path.dirname(path.dirname(configPath))
      : path.dirname(configPath);
  const folders = [modelDir, ...siblingModels(modelDir).filter((d) => d !== modelDir)];
  const repository = new Repository(
    folders.map((d) => (d === modelDir ? loadModelFolder(d, configPath) : loadModelFolder(d))),
    options,
  );
  const model = repository.models.get(path.basename(modelDir))!;
  const state = repository.state(model);
  return {
    modelNames: [...repository.models.keys()].filter((n) => n !== model.name),
    configPathOf: (name) => {
      const m = repository.models.get(name);
      return m?.hasConfigFile ? m.configPath : undefined;
    },
    memberIO: (name) => {
      const m = repository.models.get(name);
      return m ? repository.ioOf(m) : undefined;
    },
    signature: state.signature instanceof Error ? undefined : state.signature,
    autoCompleted: state.effective,
  };
}
