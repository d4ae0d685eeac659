// Contract, profile matrix: the results table of a cross product hosts × images × shape profiles, as the CLI prints
// it (text, JSON, CSV) and the results view draws it, and the LSP messages that run a matrix from the editor.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { ProfileChoices, ProfileHostConfig } from './profiling';

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

/** A cell as the client lists it before it runs. */
export interface MatrixCellInfo {
  key: string;
  host: string;
  image?: string;
  profile: string;
}

/** Request `modelready/profileMatrix/profiles` (client -> server): the model's shape profiles, named p1, p2, …. */
export const ProfileMatrixProfilesRequest = new RequestType<
  ProfileMatrixProfilesParams,
  ProfileMatrixProfilesResult,
  void
>('modelready/profileMatrix/profiles');
export interface ProfileMatrixProfilesParams {
  modelUri: string;
}
export interface ProfileMatrixProfilesResult {
  /** In `.modelready.json` order; `summary` is each input's min → max shape. Empty: one static cell per host/image. */
  profiles: { name: string; summary: string }[];
  /** Why the profiles could not be read (the file named), if so. */
  problem?: string;
}

/**
 * Request `modelready/profileMatrix/start` (client -> server): plans the cells, answers at once with the matrix id
 * and the cells; progress comes per cell and exactly one result ends the matrix. Cancel with
 * `modelready/profile/cancel` naming the matrix id as `runId`.
 */
export const ProfileMatrixStartRequest = new RequestType<ProfileMatrixStartParams, ProfileMatrixStartResult, void>(
  'modelready/profileMatrix/start',
);
export interface ProfileMatrixStartParams {
  modelUri: string;
  hosts: ProfileHostConfig[];
  /** Pinned container images; empty: each host's own trtexec or image. */
  images: string[];
  /** Profile names from `modelready/profileMatrix/profiles`; empty: all of them. */
  profiles: string[];
  /** Precision, iterations, …; shapes come from each cell's profile. */
  choices: ProfileChoices;
  /** Hosts (and Slurm array tasks) at a time; default 2. */
  concurrency?: number;
}
export type ProfileMatrixStartResult =
  { ok: true; matrixId: string; cells: MatrixCellInfo[] } | { ok: false; message: string };

/** Notification `modelready/profileMatrix/progress` (server -> client): one per cell event, in the order they happen. */
export const ProfileMatrixProgressNotification = new NotificationType<ProfileMatrixProgressParams>(
  'modelready/profileMatrix/progress',
);
export interface ProfileMatrixProgressParams {
  matrixId: string;
  cell: MatrixCellInfo;
  event: 'stored' | 'submitted' | 'pending' | 'running' | 'done';
  /** The event in words ("queued (Resources)", "failed: …"). */
  detail: string;
  /** `done` events: the cell's row. */
  row?: MatrixRow;
  /** Cells finished so far, of `total`. */
  done: number;
  total: number;
}

/**
 * Notification `modelready/profileMatrix/result` (server -> client): exactly one per matrix. A cancelled or failed
 * matrix still carries the table of what finished; cells that never ran are failures saying why.
 */
export const ProfileMatrixResultNotification = new NotificationType<ProfileMatrixResultParams>(
  'modelready/profileMatrix/result',
);
export type ProfileMatrixResultParams =
  | { matrixId: string; ok: true; table: MatrixTable }
  | { matrixId: string; ok: false; cancelled: boolean; message: string; table: MatrixTable };
