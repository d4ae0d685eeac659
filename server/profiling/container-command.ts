// Running trtexec inside a container image (e.g. NGC's nvcr.io/nvidia/tensorrt:25.01-py3) instead of a host install:
// the trtexec argv is wrapped in `docker run --rm --gpus all …` with the work folder mounted at the same path, so every
// path trtexec gets (model, exports, timing cache, engine) means the same inside and outside. The result is still an
// argv array: the remote side quotes it with shellQuote, the local side spawns it directly.
import { checkPinnedImage, ContainerImageError } from '../config/container-image';

export interface ContainerRun {
  image: string;
  /** Absolute folders mounted read-write at the same path inside the container. */
  mounts: string[];
  /** "uid:gid" to run as, so files trtexec writes in the mounts belong to the user (and can be cleaned up). */
  user?: string;
}

/** `docker run --rm --gpus all [--user u:g] -v a:a … <image> <trtexec argv…>`. */
export function containerArgs(container: ContainerRun, trtexecArgs: string[]): string[] {
  checkPinnedImage(container.image);
  const args = ['docker', 'run', '--rm', '--gpus', 'all'];
  if (container.user !== undefined) {
    if (!/^\d+:\d+$/.test(container.user))
      throw new ContainerImageError(`container user must be "uid:gid", got ${JSON.stringify(container.user)}`);
    args.push('--user', container.user);
  }
  for (const mount of [...new Set(container.mounts)]) {
    // docker splits -v on ':' and cannot mount a relative path; refuse what it would misread.
    if (!mount.startsWith('/') || mount.includes(':') || mount.includes(','))
      throw new ContainerImageError(
        `cannot mount ${JSON.stringify(mount)} into the container: it must be an absolute path without ':' or ','`,
      );
    args.push('-v', `${mount}:${mount}`);
  }
  return [...args, container.image, ...trtexecArgs];
}
