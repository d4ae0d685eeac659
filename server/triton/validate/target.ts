// One Triton target, as the analysis pipeline sees it: a config file (`<model>/config.pbtxt` or an alternative
// `<model>/configs/<name>.pbtxt`) or a model folder without any config. It is checked within its repository
// (its layout, its own model file, and the sibling models an ensemble names), and only its own findings come out.
import path from 'node:path';
import type { Finding } from '../../findings';
import type { DirEntry } from '../../workspace-walk';
import { ENSEMBLE_PLATFORM } from './platforms';
import { str } from './config';
import { readConfigFile, Repository } from './index';
import type { ValidateOptions } from './model';
import { isConfiglessModelFolder, loadModelFolder, siblingModels } from './repository';

/** Texts of open editor buffers by file path: they win over the file on disk. */
export type Overlays = Readonly<Record<string, string>>;

export function isTritonConfig(file: string): boolean {
  const base = path.basename(file);
  return base === 'config.pbtxt' || (path.basename(path.dirname(file)) === 'configs' && base.endsWith('.pbtxt'));
}

/** A model folder Triton would load without a config file (auto-complete), matched while walking. */
export function isTritonFolderTarget(dir: string, entries: readonly DirEntry[]): boolean {
  return isConfiglessModelFolder(dir, entries);
}

/** The model folder a Triton config belongs to (`m/config.pbtxt` and `m/configs/x.pbtxt` both give `m`). */
export function modelDirOf(configPath: string): string {
  const dir = path.dirname(configPath);
  return path.basename(dir) === 'configs' ? path.dirname(dir) : dir;
}

/** Findings for one target (a config file, or a model folder without one); `isFolder` says which it is. */
export function checkTritonTarget(
  target: string,
  options: ValidateOptions = {},
  overlays: Overlays = {},
  isFolder = false,
): Finding[] {
  const modelDir = isFolder ? target : modelDirOf(target);
  const configPath = isFolder ? path.join(target, 'config.pbtxt') : target;
  const own = loadModelFolder(modelDir, configPath);
  // An unsaved new buffer counts as the folder's config even before it exists on disk.
  if (overlays[configPath] !== undefined) own.hasConfigFile = true;
  const repository = new Repository([own], options, (file) => overlays[file] ?? readConfigFile(file));
  // Other model folders matter only to an ensemble (its steps name them); others are checked on their own.
  if (str(repository.state(own).parsed?.config, 'platform') === ENSEMBLE_PLATFORM)
    repository.add(siblingModels(modelDir).map((d) => loadModelFolder(d)));
  const file = own.hasConfigFile ? configPath : modelDir;
  return repository.check(own).filter((f) => f.file === file);
}

/**
 * Findings for an editor buffer of a config that lives in a model folder on disk: the buffer's text is checked
 * with the folder's layout, model file and sibling models (what the language server publishes while typing).
 */
export function checkConfigBuffer(configPath: string, text: string, options: ValidateOptions = {}): Finding[] {
  return checkTritonTarget(configPath, options, { [configPath]: text });
}
