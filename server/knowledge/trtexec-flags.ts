// trtexec's options per TensorRT release (scripts/gen-trtexec-flags.mjs -> trtexec-flags.json, from the help texts),
// so command lines built without asking a host still use only the target release's own flags.
import raw from './trtexec-flags.json';
import { compareVersions } from './triton-releases';

interface FlagsFile {
  releases: Record<string, { helpFile: string; commit: string; flags: string[] }>;
}

const file = raw as unknown as FlagsFile;
export const trtexecReleases = Object.keys(file.releases).sort(compareVersions);

/** The help text's release for a TensorRT version: the newest release branch at or below it. */
export function trtexecReleaseFor(version: string): string | undefined {
  const usable = trtexecReleases.filter((r) => compareVersions(r, version) <= 0);
  return usable[usable.length - 1];
}

/** What `parseTrtexecHelp` would learn from that release's `trtexec --help` (flags without dashes). */
export function trtexecCapabilitiesFor(version: string): { version: string; major: number; flags: Set<string> } {
  const release = trtexecReleaseFor(version);
  return {
    version,
    major: Number(version.split('.')[0]),
    flags: new Set(release ? file.releases[release].flags : []),
  };
}
