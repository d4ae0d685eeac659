// SFTP upload of a model and its external-data files into a remote folder named by their content hash, so an
// unchanged model is never sent twice. Files land under a temporary name and are renamed; a `.complete` marker is
// written last, so a folder cut short by a dropped connection is never mistaken for a finished one.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import type { SshConnection } from './ssh-connection';

export interface UploadFile {
  localPath: string;
  /** Path relative to the model folder on the host (external data keeps its location relative to the model). */
  remoteName: string;
}

export interface UploadResult {
  remoteDir: string;
  bytesUploaded: number;
  skipped: boolean;
}

export class UploadError extends Error {}

const COMPLETE_MARKER = '.complete';

function checkRemoteName(name: string): void {
  const parts = name.split('/');
  if (name.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..') || name.includes('\0')) {
    throw new UploadError(`remote file name ${JSON.stringify(name)} must be a relative path without "." or ".." parts`);
  }
}

function fileSha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    fs.createReadStream(file)
      .on('error', (e: NodeJS.ErrnoException) =>
        reject(new UploadError(`cannot read ${file} (${e.code ?? e.message})`)),
      )
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Hash over every file's name and content: the same model with the same data always maps to the same folder. */
export async function contentHash(files: UploadFile[]): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.remoteName < b.remoteName ? -1 : 1))) {
    hash.update(`${f.remoteName}\0${await fileSha256(f.localPath)}\0`);
  }
  return hash.digest('hex');
}

function call<T>(fn: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}

export function sftpStat(sftp: SFTPWrapper, p: string): Promise<Stats | undefined> {
  return new Promise((resolve) => sftp.stat(p, (err, stats) => resolve(err ? undefined : stats)));
}

/** mkdir -p over SFTP. */
export async function sftpMkdirs(sftp: SFTPWrapper, dir: string): Promise<void> {
  let current = dir.startsWith('/') ? '' : '.';
  for (const part of dir.split('/').filter(Boolean)) {
    current = current === '' ? `/${part}` : `${current}/${part}`;
    if (await sftpStat(sftp, current)) continue;
    await call<void>((cb) => sftp.mkdir(current, cb)).catch(async (e) => {
      if (!(await sftpStat(sftp, current)))
        throw new UploadError(`cannot create remote folder ${current}: ${(e as Error).message}`);
    });
  }
}

export async function uploadModel(
  conn: SshConnection,
  files: UploadFile[],
  workDir: string,
  onBytes?: (sent: number, total: number) => void,
): Promise<UploadResult> {
  if (files.length === 0) throw new UploadError('nothing to upload');
  for (const f of files) checkRemoteName(f.remoteName);
  const remoteDir = `${workDir}/models/${(await contentHash(files)).slice(0, 32)}`;
  const sftp = await conn.sftp();
  if (await conn.guard(sftpStat(sftp, `${remoteDir}/${COMPLETE_MARKER}`), 'checking the remote model folder')) {
    return { remoteDir, bytesUploaded: 0, skipped: true };
  }
  const sizes = files.map((f) => fs.statSync(f.localPath).size);
  const total = sizes.reduce((s, n) => s + n, 0);
  let sent = 0;
  for (const [i, f] of files.entries()) {
    const target = `${remoteDir}/${f.remoteName}`;
    const partial = `${target}.partial`;
    await conn.guard(sftpMkdirs(sftp, path.posix.dirname(target)), 'creating the remote model folder');
    const before = sent;
    await conn.guard(
      call<void>((cb) =>
        sftp.fastPut(f.localPath, partial, { step: (done: number) => onBytes?.(before + done, total) }, cb),
      ),
      `uploading ${f.remoteName}`,
    );
    sent += sizes[i];
    // SFTP rename refuses to overwrite; a leftover from an earlier cut-short run may be there.
    await conn.guard(
      call<void>((cb) => sftp.unlink(target, cb)).catch(() => undefined),
      `replacing ${f.remoteName}`,
    );
    await conn.guard(
      call<void>((cb) => sftp.rename(partial, target, cb)),
      `finishing ${f.remoteName}`,
    );
  }
  await conn.guard(
    call<void>((cb) => sftp.writeFile(`${remoteDir}/${COMPLETE_MARKER}`, new Date().toISOString(), cb)),
    'marking the upload complete',
  );
  return { remoteDir, bytesUploaded: sent, skipped: false };
}

/** Reads a remote file into memory, refusing files above `maxBytes`. */
export async function sftpReadFile(conn: SshConnection, remotePath: string, maxBytes: number): Promise<Buffer> {
  const sftp = await conn.sftp();
  const stats = await conn.guard(sftpStat(sftp, remotePath), `reading ${remotePath}`);
  if (!stats) throw new UploadError(`trtexec did not write ${remotePath}`);
  if (stats.size > maxBytes)
    throw new UploadError(`${remotePath} is ${stats.size} bytes, above the ${maxBytes}-byte limit`);
  return conn.guard(
    call<Buffer>((cb) => sftp.readFile(remotePath, cb)),
    `reading ${remotePath}`,
  );
}
