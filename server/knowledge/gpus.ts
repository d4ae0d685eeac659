// Typed access to the generated GPU facts (scripts/gen-gpus.mjs -> gpus.json): compute capability and memory
// per GPU, found by full name or by a common short name ("T4", "a100"), case-insensitive.
import raw from './gpus.json';

export interface GpuFacts {
  name: string;
  /** "major.minor" */
  computeCapability: string;
  /** null where the corpus has no permissive source for it. */
  memoryBytes: number | null;
  memoryKind: 'nominal' | 'reported' | 'device-reported' | null;
  source: string;
}

interface GpusFile {
  gpus: GpuFacts[];
  shortNames: Record<string, string[]>;
}

const file = raw as unknown as GpusFile;
export const knownGpus: readonly GpuFacts[] = file.gpus;

const normalize = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export interface GpuMatch {
  /** Every GPU the name can mean (several for an ambiguous short name such as "A100"). */
  gpus: GpuFacts[];
  /** What all of them agree on; null where they differ. */
  computeCapability: string | null;
  memoryBytes: number | null;
}

/** The GPUs a user-typed name means, or undefined when it names none the knowledge holds. */
export function findGpu(name: string): GpuMatch | undefined {
  const wanted = normalize(name);
  const exact = knownGpus.filter(
    (g) => normalize(g.name) === wanted || normalize(g.name.replace(/^NVIDIA /, '')) === wanted,
  );
  const short = Object.entries(file.shortNames).find(([s]) => normalize(s) === wanted)?.[1] ?? [];
  const gpus = exact.length > 0 ? exact : knownGpus.filter((g) => short.includes(g.name));
  if (gpus.length === 0) return undefined;
  const agreed = <T>(values: T[]): T | null => (values.every((v) => v === values[0]) ? values[0] : null);
  return {
    gpus,
    computeCapability: agreed(gpus.map((g) => g.computeCapability)),
    memoryBytes: agreed(gpus.map((g) => g.memoryBytes)),
  };
}

/** Device memory of a GPU by name, or null when unknown or ambiguous (for memory estimates per target GPU). */
export function gpuMemoryBytes(name: string): number | null {
  return findGpu(name)?.memoryBytes ?? null;
}

/** The short names and full names a user can type, for messages and completion. */
export function gpuNames(): string[] {
  return [...Object.keys(file.shortNames), ...knownGpus.map((g) => g.name.replace(/^NVIDIA /, ''))];
}
