// Files of one import must come from one trtexec run: what each file says about its run (TensorRT version,
// GPU, the performance figures trtexec printed, the engine's layer names, profiled iterations) has to agree,
// otherwise the import is refused naming the two files, instead of silently keeping the first run's numbers.
import type { LayerProfile, TrtexecFileKind, TrtexecSummary } from '../contract/trtexec-results';

export interface RunFacts {
  file: string;
  kind: TrtexecFileKind;
  tensorrtVersion?: string;
  device?: string;
  /** Figures trtexec printed (log, TREx profile metadata parsed from the log): throughput, mean latency. */
  printed?: { throughputQps?: number; latencyMeanMs?: number };
  profileIterations?: number;
  profileLayers?: string[];
  engineLayers?: string[];
}

export class MixedRunsError extends Error {
  constructor(
    readonly files: [string, string],
    what: string,
  ) {
    super(`these files come from different trtexec runs (${what}); import the files of one run at a time`);
  }
}

export function factsOfSummary(file: string, kind: TrtexecFileKind, part: Partial<TrtexecSummary>): RunFacts {
  const printed = kind === 'log' || kind === 'trex-profile-metadata';
  return {
    file,
    kind,
    tensorrtVersion: part.tensorrtVersion,
    device: part.device?.name,
    printed: printed ? { throughputQps: part.throughputQps, latencyMeanMs: part.latency?.meanMs } : undefined,
    profileIterations: part.dumpedProfile?.iterations,
  };
}

export function factsOfProfile(file: string, profile: LayerProfile): RunFacts {
  return {
    file,
    kind: 'profile',
    profileIterations: profile.iterations,
    profileLayers: profile.layers.map((l) => l.name),
  };
}

const differ = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && Math.abs(a - b) > 1e-6 * Math.max(Math.abs(a), Math.abs(b));

/** Throws MixedRunsError at the first pair of files that cannot come from the same run. */
export function assertOneRun(facts: RunFacts[]): void {
  for (let i = 0; i < facts.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [facts[j], facts[i]];
      const files: [string, string] = [a.file, b.file];
      if (a.tensorrtVersion && b.tensorrtVersion && a.tensorrtVersion !== b.tensorrtVersion)
        throw new MixedRunsError(files, `TensorRT ${a.tensorrtVersion} and ${b.tensorrtVersion}`);
      if (a.device && b.device && a.device !== b.device)
        throw new MixedRunsError(files, `GPU "${a.device}" and "${b.device}"`);
      if (a.printed && b.printed) {
        if (differ(a.printed.throughputQps, b.printed.throughputQps))
          throw new MixedRunsError(files, `throughput ${a.printed.throughputQps} and ${b.printed.throughputQps} qps`);
        if (differ(a.printed.latencyMeanMs, b.printed.latencyMeanMs))
          throw new MixedRunsError(files, `mean latency ${a.printed.latencyMeanMs} and ${b.printed.latencyMeanMs} ms`);
      }
      if (
        a.profileIterations !== undefined &&
        b.profileIterations !== undefined &&
        a.profileIterations !== b.profileIterations
      )
        throw new MixedRunsError(files, `profiles of ${a.profileIterations} and ${b.profileIterations} iterations`);
      for (const [profile, info] of [
        [a, b],
        [b, a],
      ])
        if (profile.profileLayers?.length && info.engineLayers?.length) {
          const names = new Set(info.engineLayers);
          if (!profile.profileLayers.some((n) => names.has(n)))
            throw new MixedRunsError(files, 'the profile names no layer of the engine the layer info describes');
        }
    }
  }
}
