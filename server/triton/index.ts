// Public entry of the Triton support: check a path (model folder, model repository, or any tree holding them).
import path from 'node:path';
import type { Finding } from '../findings';
import { findModelFolders, loadModelFolder, siblingModels } from './validate/repository';
import { Repository } from './validate';
import type { ValidateOptions } from './validate/model';
import { isModelFolder } from './validate/repository';
import fs from 'node:fs';

export type { ValidateOptions } from './validate/model';
export { parseModelConfig, Repository, checkConfigText, checkConfigBuffer } from './validate';

/**
 * Findings for every Triton model under `target`. Each model is checked within its repository (its parent
 * folder), so ensemble steps resolve to their sibling models. Alternative configs in `configs/*.pbtxt` are
 * checked as well.
 */
export function checkTritonPath(target: string, options: ValidateOptions = {}): Finding[] {
  const folders = findModelFolders(target);
  const byRepo = new Map<string, string[]>();
  for (const dir of folders) {
    const repo = path.dirname(dir);
    if (!byRepo.has(repo)) byRepo.set(repo, []);
    byRepo.get(repo)!.push(dir);
  }
  const findings: Finding[] = [];
  for (const [repoDir, dirs] of byRepo) {
    // Members may live beside the checked folders even when only one model folder was named.
    const all = new Set([...dirs, ...siblingModels(dirs[0]).filter((d) => path.dirname(d) === repoDir)]);
    const repository = new Repository(
      [...all].map((d) => loadModelFolder(d)),
      options,
    );
    for (const dir of dirs) {
      const model = repository.models.get(path.basename(dir))!;
      findings.push(...repository.check(model));
      const configsDir = path.join(dir, 'configs');
      if (isModelFolder(dir) && fs.existsSync(configsDir)) {
        for (const f of fs
          .readdirSync(configsDir)
          .filter((n) => n.endsWith('.pbtxt'))
          .sort()) {
          const alt = new Repository(
            [...all].map((d) => (d === dir ? loadModelFolder(d, path.join(configsDir, f)) : loadModelFolder(d))),
            options,
          );
          findings.push(...alt.check(alt.models.get(path.basename(dir))!));
        }
      }
    }
  }
  return findings;
}
