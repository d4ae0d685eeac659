// Finds Triton model folders on disk: a model folder (config.pbtxt and/or numeric version folders), a model
// repository (a folder of model folders) or any tree containing them. Bounded: depth and entry counts are capped
// so a hostile tree cannot make the walk unbounded.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelFolder } from './model';

const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);
const MAX_DEPTH = 12;
const MAX_DIRS = 20000;

const isVersionName = (n: string) => /^\d+$/.test(n);

interface Entry {
  name: string;
  isDirectory(): boolean;
  isFile(): boolean;
}

/** Folder entries with symbolic links resolved (model repositories often link model folders and versions in). */
function entries(dir: string): Entry[] {
  let list: fs.Dirent[];
  try {
    list = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
  return list.map((e) => {
    if (!e.isSymbolicLink()) return e;
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(path.join(dir, e.name));
    } catch {
      st = undefined; // dangling link: neither file nor folder
    }
    return { name: e.name, isDirectory: () => !!st?.isDirectory(), isFile: () => !!st?.isFile() };
  });
}

/** True when `dir` looks like a Triton model folder. */
export function isModelFolder(dir: string): boolean {
  const list = entries(dir);
  if (list.some((e) => e.isFile() && e.name === 'config.pbtxt')) return true;
  if (list.some((e) => e.isDirectory() && e.name === 'configs')) return true;
  // A folder with no config but version folders holding a model file (auto-complete can make its config).
  return list.some(
    (e) =>
      e.isDirectory() && isVersionName(e.name) && entries(path.join(dir, e.name)).some((f) => /^model\./.test(f.name)),
  );
}

export function loadModelFolder(dir: string, configPath = path.join(dir, 'config.pbtxt')): ModelFolder {
  const list = entries(dir);
  const versions = list
    .filter((e) => e.isDirectory() && isVersionName(e.name))
    .map((e) => e.name)
    .sort((a, b) => Number(a) - Number(b));
  const versionEntries = new Map(versions.map((v) => [v, entries(path.join(dir, v)).map((e) => e.name)]));
  const ignoredDirs = list
    .filter((e) => e.isDirectory() && !isVersionName(e.name) && e.name !== 'configs')
    .map((e) => e.name);
  return {
    name: path.basename(dir),
    dir,
    configPath,
    hasConfigFile: fs.existsSync(configPath),
    versions,
    versionEntries,
    ignoredDirs,
  };
}

/** All model folders under `root`, grouped by repository (their parent folder). */
export function findModelFolders(root: string): string[] {
  const found: string[] = [];
  let budget = MAX_DIRS;
  const seen = new Set<string>(); // real paths, so linked folders are not walked twice (or forever)
  const visit = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH || budget-- <= 0) return;
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    if (isModelFolder(dir)) {
      found.push(dir);
      return;
    }
    for (const e of entries(dir)) {
      if (e.isDirectory() && !SKIPPED.has(e.name) && !e.name.startsWith('.')) visit(path.join(dir, e.name), depth + 1);
    }
  };
  let start = path.resolve(root);
  try {
    if (fs.statSync(start).isFile())
      start =
        path.basename(path.dirname(start)) === 'configs' ? path.dirname(path.dirname(start)) : path.dirname(start);
  } catch {
    return [];
  }
  visit(start, 0);
  return found;
}

/** The other model folders of the repository a model folder sits in (for ensemble members). */
export function siblingModels(modelDir: string): string[] {
  const repo = path.dirname(modelDir);
  return entries(repo)
    .filter((e) => e.isDirectory())
    .map((e) => path.join(repo, e.name))
    .filter(isModelFolder);
}
