// Every text file we write for the user (config edits, generated configs, run records, SVGs) goes through here:
// a temp file in the same folder, fsynced, then renamed over the target, so no reader ever sees half a file and a
// crash leaves the old file intact. (Models have their own streaming writer: server/fixes/model-writer.ts.)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** `mode` applies to a new file (e.g. 0o600 for known_hosts); the rename gives the target the temp file's mode. */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o666): void {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const fd = fs.openSync(tmp, 'wx', mode);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
