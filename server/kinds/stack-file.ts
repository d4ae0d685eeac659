// Files that pin the deployment stack: Dockerfile/Containerfile, requirements*.txt, pyproject.toml,
// environment.yml (server/target/stack-check.ts). An open editor buffer wins over the file on disk.
import { checkStackFile } from '../target/stack-check';
import { isStackFile } from '../target/stack-pins';
import type { FileKind } from './file-kind';

export const stackFileKind: FileKind = {
  name: 'pinned stack file',
  matchesFile: isStackFile,
  analyze: (file, { config, overlays }) => checkStackFile(file, config, overlays[file]),
};
