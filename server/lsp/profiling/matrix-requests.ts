// The profile matrix from the editor: `profiles` lists the model's shape profiles for the picker; `start` checks
// hosts, images, profiles and choices, plans the cells and answers at once; each cell event streams as a progress
// notification and exactly one result ends the matrix, with the table of what finished (also when cancelled or
// failed). Cancel is `modelready/profile/cancel` with the matrix id.
import crypto from 'node:crypto';
import { profilesFor } from '../../config/config';
import { checkPinnedImage } from '../../config/container-image';
import { checkHostConfig, HostConfigError } from '../../config/hosts';
import {
  ProfileMatrixProgressNotification,
  ProfileMatrixResultNotification,
  type MatrixCellInfo,
  type MatrixRow,
  type ProfileMatrixProfilesParams,
  type ProfileMatrixProfilesResult,
  type ProfileMatrixResultParams,
  type ProfileMatrixStartParams,
  type ProfileMatrixStartResult,
} from '../../contract/profile-matrix';
import { matrixTable } from '../../profiling/matrix-table';
import {
  matrixSpecFor,
  namedProfiles,
  planMatrix,
  profileSummary,
  type MatrixCell,
  type MatrixSpec,
} from '../../profiling/matrix-spec';
import { describeCellEvent, runProfileMatrix } from '../../profiling/profile-matrix';
import { checkProfileChoices } from '../../profiling/run-targets';
import { ProfileCancelledError } from '../../profiling/trtexec-run';
import { configFor, refusal, type ProfilingSession } from './session';

const MAX_HOSTS = 16;
const MAX_IMAGES = 8;
const MAX_CONCURRENCY = 64;

export function listMatrixProfiles(
  session: ProfilingSession,
  params: ProfileMatrixProfilesParams,
): ProfileMatrixProfilesResult {
  try {
    const file = session.modelFile(params.modelUri);
    const config = configFor(file);
    const profiles = namedProfiles(config && profilesFor(config, file));
    return { profiles: profiles.map((p) => ({ name: p.name, summary: profileSummary(p.shapes) })) };
  } catch (error) {
    return { profiles: [], problem: error instanceof Error ? error.message : String(error) };
  }
}

/** A list param: an array of at most `max` entries, each checked by `check`. */
function listOf<T>(raw: unknown, what: string, max: number, check: (v: unknown) => T): T[] {
  if (!Array.isArray(raw) || raw.length > max) throw new HostConfigError(`${what} must be a list of at most ${max}`);
  return raw.map(check);
}

const text = (what: string) => (v: unknown) => {
  if (typeof v !== 'string' || v === '') throw new HostConfigError(`each of ${what} must be a non-empty string`);
  return v;
};

/** The checked spec of a start request; throws, naming what is wrong. */
function specOf(session: ProfilingSession, params: ProfileMatrixStartParams): MatrixSpec {
  const file = session.modelFile(params.modelUri);
  const hosts = listOf(params.hosts, 'hosts', MAX_HOSTS, checkHostConfig);
  if (hosts.length === 0) throw new HostConfigError('pick at least one host');
  if (new Set(hosts.map((h) => h.name)).size !== hosts.length) throw new HostConfigError('a host is named twice');
  const images = listOf(params.images, 'images', MAX_IMAGES, (v) => {
    checkPinnedImage(text('images')(v));
    return v as string;
  });
  const concurrency = params.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY)
    throw new HostConfigError(`concurrency must be an integer from 1 to ${MAX_CONCURRENCY}`);
  return matrixSpecFor(file, configFor(file), {
    hosts,
    images,
    profiles: listOf(params.profiles, 'profiles', 64, text('profiles')),
    choices: checkProfileChoices(params.choices),
    concurrency,
  });
}

const infoOf = (cell: MatrixCell): MatrixCellInfo => ({
  key: cell.key,
  host: cell.host.name,
  ...(cell.image && { image: cell.image }),
  profile: cell.profile,
});

export async function startMatrix(
  session: ProfilingSession,
  params: ProfileMatrixStartParams,
): Promise<ProfileMatrixStartResult> {
  try {
    session.deps.checkExecution('Profiling with trtexec');
    const spec = specOf(session, params);
    const cells = await planMatrix(spec);
    const matrixId = crypto.randomUUID();
    const controller = new AbortController();
    session.running.set(matrixId, controller);
    runInBackground(session, matrixId, spec, cells, controller.signal);
    return { ok: true, matrixId, cells: cells.map(infoOf) };
  } catch (error) {
    return refusal(error);
  }
}

function runInBackground(
  session: ProfilingSession,
  matrixId: string,
  spec: MatrixSpec,
  cells: MatrixCell[],
  signal: AbortSignal,
): void {
  const { connection, log } = session.deps;
  const rows = new Map<string, MatrixRow>();
  runProfileMatrix(spec, session.store, {
    signal,
    connections: session.connections,
    onCell: (cell, event) => {
      if (event.kind === 'done') rows.set(cell.key, event.row);
      void connection.sendNotification(ProfileMatrixProgressNotification, {
        matrixId,
        cell: infoOf(cell),
        event: event.kind,
        detail: describeCellEvent(event),
        ...(event.kind === 'done' && { row: event.row }),
        done: rows.size,
        total: cells.length,
      });
    },
  })
    .then((table): ProfileMatrixResultParams => ({ matrixId, ok: true, table }))
    .catch((error: unknown): ProfileMatrixResultParams => {
      const cancelled = error instanceof ProfileCancelledError;
      const message = error instanceof Error ? error.message : String(error);
      log(`profile matrix ${matrixId} ${cancelled ? 'cancelled' : `failed: ${message}`}`);
      // What finished is in the store and in the table; the rest says why it has no result.
      const failure = cancelled ? 'not run: the matrix was cancelled' : `not run: ${message}`;
      const table = matrixTable(
        spec.modelPath,
        cells.map((c) => rows.get(c.key) ?? { ...infoOf(c), ok: false, fromStore: false, failure }),
      );
      return { matrixId, ok: false, cancelled, message, table };
    })
    .then((result) => {
      session.running.delete(matrixId);
      void connection.sendNotification(ProfileMatrixResultNotification, result);
    });
}
