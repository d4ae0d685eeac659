// Contract, profile matrix: the results table of a cross product hosts × images × shape profiles, as the CLI prints
// it (text, JSON, CSV) and the results view draws it.

/** The metric columns; `best` names the winning row of each (lowest latency, highest throughput). */
export type MatrixColumn = 'p50Ms' | 'p90Ms' | 'p99Ms' | 'throughputQps';

export interface MatrixRow {
  /** The cell's key in the run store (model content, host, image, profile, choices). */
  key: string;
  host: string;
  /** Container image of the cell; absent: the host's own trtexec or image. */
  image?: string;
  /** Shape profile name ("p1", "p2", … in the order of `.modelready.json`; "static" without one). */
  profile: string;
  ok: boolean;
  /** The result came from the run store (an earlier, interrupted matrix), not from this run. */
  fromStore: boolean;
  p50Ms?: number;
  p90Ms?: number;
  p99Ms?: number;
  throughputQps?: number;
  /** Why the cell has no result. */
  failure?: string;
  storedRunId?: string;
  /** Slurm hosts: the array job and task that ran the cell ("123_4"). */
  slurmJob?: string;
}

export interface MatrixTable {
  model: string;
  rows: MatrixRow[];
  best: Partial<Record<MatrixColumn, string>>;
}
