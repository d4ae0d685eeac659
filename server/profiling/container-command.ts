// Running trtexec inside a container image (e.g. NGC's nvcr.io/nvidia/tensorrt:25.01-py3) instead of a host install:
// the trtexec argv is wrapped in `docker run --rm --gpus all …` with the work folder mounted at the same path, so every
// path trtexec gets (model, exports, timing cache, engine) means the same inside and outside. The result is still an
// argv array: the remote side quotes it with shellQuote, the local side spawns it directly.

export class ContainerImageError extends Error {}

/**
 * An image must be pinned: `name:tag` (not `latest`) or `name@sha256:<64 hex>`, so two runs compare the same TensorRT.
 * The reference grammar is docker's (lower-case path components, optional registry with port).
 */
const IMAGE_REFERENCE =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@sha256:[a-f0-9]{64})?$/;

export function checkPinnedImage(image: string): void {
  const match = IMAGE_REFERENCE.exec(image);
  if (!match)
    throw new ContainerImageError(
      `container image ${JSON.stringify(image)} is not a valid image reference (like nvcr.io/nvidia/tensorrt:25.01-py3)`,
    );
  const tag = match[1];
  const digest = image.includes('@sha256:');
  if (!digest && (tag === undefined || tag === 'latest')) {
    throw new ContainerImageError(
      `container image ${JSON.stringify(image)} must be pinned by a tag other than "latest" (e.g. nvcr.io/nvidia/tensorrt:25.01-py3) or by @sha256 digest`,
    );
  }
}

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
