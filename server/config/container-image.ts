// Container images named in host entries must be pinned, so two runs compare the same TensorRT. Part of the
// configuration's checks (config/hosts.ts); profiling's container target (profiling/container-command.ts) uses it too.

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
