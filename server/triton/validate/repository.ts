// Triton model folders on disk: what makes a folder one (config.pbtxt, configs/, or version folders holding a
// model file), how it is loaded, and its sibling models. Walking a tree for them is server/workspace-walk.ts's job.
import fs from 'node:fs';
import path from 'node:path';
import { readDirEntries as entries, type DirEntry } from '../../workspace-walk';
import type { ModelFolder } from './model';

const isVersionName = (n: string) => /^\d+$/.test(n);

/** True when `dir` looks like a Triton model folder. */
export function isModelFolder(dir: string, list: readonly DirEntry[] = entries(dir)): boolean {
  if (list.some((e) => e.isFile && e.name === 'config.pbtxt')) return true;
  if (list.some((e) => e.isDirectory && e.name === 'configs')) return true;
  return isConfiglessModelFolder(dir, list);
}

/** A folder with no config but version folders holding a model file (auto-complete can make its config). */
export function isConfiglessModelFolder(dir: string, list: readonly DirEntry[] = entries(dir)): boolean {
  if (list.some((e) => (e.isFile && e.name === 'config.pbtxt') || (e.isDirectory && e.name === 'configs')))
    return false;
  return list.some(
    (e) =>
      e.isDirectory && isVersionName(e.name) && entries(path.join(dir, e.name)).some((f) => /^model\./.test(f.name)),
  );
}

export function loadModelFolder(dir: string, configPath = path.join(dir, 'config.pbtxt')): ModelFolder {
  const list = entries(dir);
  const versions = list
    .filter((e) => e.isDirectory && isVersionName(e.name))
    .map((e) => e.name)
    .sort((a, b) => Number(a) - Number(b));
  const versionEntries = new Map(versions.map((v) => [v, entries(path.join(dir, v)).map((e) => e.name)]));
  const ignoredDirs = list
    .filter((e) => e.isDirectory && !isVersionName(e.name) && e.name !== 'configs')
    .map((e) => e.name);
  const first = list.find((e) => e.isDirectory)?.name; // readDirEntries sorts by code unit, as std::set orders bytes
  const firstSubdir = first === undefined ? undefined : { name: first, entries: entries(path.join(dir, first)) };
  return {
    name: path.basename(dir),
    dir,
    firstSubdir,
    configPath,
    hasConfigFile: fs.existsSync(configPath),
    versions,
    versionEntries,
    ignoredDirs,
  };
}

/** The other model folders of the repository a model folder sits in (for ensemble members). */
export function siblingModels(modelDir: string): string[] {
  const repo = path.dirname(modelDir);
  return entries(repo)
    .filter((e) => e.isDirectory)
    .map((e) => path.join(repo, e.name))
    .filter((d) => isModelFolder(d));
}
