// The one answer to "does this path lie in that folder?" (the folder itself counts). A bare '..' prefix test would
// also refuse a file named "..notes", and on Windows path.relative gives an absolute path for another drive.
import path from 'node:path';

/** `file` relative to `folder` ('' for the folder itself) when it lies inside it, else undefined. */
export function relativeInside(folder: string, file: string): string | undefined {
  const relative = path.relative(folder, file);
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative) ? undefined : relative;
}

export const isInsideFolder = (folder: string, file: string): boolean => relativeInside(folder, file) !== undefined;
