// A profile matrix: trtexec over the cross product hosts × images × shape profiles of one model. Cells whose result is
// already in the run store are not run again (so a matrix cut short resumes where it stopped); the cells of a Slurm
// host go as one job array, the cells of any other host one after the other; at most `concurrency` hosts (and array
// cells) at a time. Every finished cell is stored at once, with its key, before the next is reported.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MatrixRow, MatrixTable } from '../contract/profile-matrix';
import type { ImportedRun } from '../contract/trtexec-results';
import { matrixTable, rowMetrics } from './matrix-table';
import { planMatrix, type MatrixCell, type MatrixSpec } from './matrix-spec';
import type { RunStore } from './run-store';
import { runProfileOn, slurmTargetOf } from './run-targets';
import { runSlurmArray, type ArrayCellOutcome } from './slurm-array';
import type { SshKeeper } from './ssh-keeper';
import { ProfileCancelledError } from './trtexec-run';

export type CellEvent =
  | { kind: 'stored' }
  | { kind: 'submitted'; slurmJob?: string }
  | { kind: 'pending'; reason?: string }
  | { kind: 'running'; node?: string }
  | { kind: 'done'; row: MatrixRow };

export interface MatrixHooks {
  /** Per-cell progress, in the order things happen. */
  onCell?: (cell: MatrixCell, event: CellEvent) => void;
  signal?: AbortSignal;
  /** Keeps SSH connections: a login node's runs and arrays share one (and its command shell). */
  connections?: SshKeeper;
}

/** A cell's event in words, for progress lines. */
export function describeCellEvent(event: CellEvent): string {
  switch (event.kind) {
    case 'stored':
      return 'already in the run store, not run again';
    case 'submitted':
      return event.slurmJob ? `submitted as Slurm array ${event.slurmJob}` : 'submitted';
    case 'pending':
      return `queued${event.reason ? ` (${event.reason})` : ''}`;
    case 'running':
      return `running${event.node ? ` on ${event.node}` : ''}`;
    case 'done':
      return event.row.ok
        ? `done: p50 ${event.row.p50Ms ?? '?'} ms, ${event.row.throughputQps ?? '?'} qps`
        : `failed: ${event.row.failure}`;
  }
}

function labelOf(cell: MatrixCell, tensorrtVersion?: string): string {
  const parts = [cell.host.name, cell.image, cell.profile, cell.request.choices.precision ?? 'fp32'];
  return [...parts, tensorrtVersion && `TensorRT ${tensorrtVersion}`].filter(Boolean).join(' · ');
}

const baseRow = (cell: MatrixCell) => ({
  key: cell.key,
  host: cell.host.name,
  image: cell.image,
  profile: cell.profile,
});

/** Runs at most `limit` of `jobs` at a time. */
async function pool(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  const queue = [...jobs];
  const workers = Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  });
  await Promise.all(workers);
}

export async function runProfileMatrix(
  spec: MatrixSpec,
  store: RunStore,
  hooks: MatrixHooks = {},
): Promise<MatrixTable> {
  const cells = await planMatrix(spec);
  const rows = new Map<string, MatrixRow>();
  const finish = (cell: MatrixCell, row: MatrixRow) => {
    rows.set(cell.key, row);
    hooks.onCell?.(cell, { kind: 'done', row });
  };
  const store1 = (cell: MatrixCell, run: ImportedRun, latencySamplesMs?: number[], tensorrtVersion?: string) =>
    store.save(spec.modelPath, labelOf(cell, tensorrtVersion), run, new Date(), {
      engine: 'trtexec',
      latencySamplesMs,
      matrixCell: cell.key,
    });

  const todo: MatrixCell[] = [];
  for (const cell of cells) {
    const stored = store.findMatrixCell(spec.modelPath, cell.key);
    if (!stored) todo.push(cell);
    else {
      hooks.onCell?.(cell, { kind: 'stored' });
      finish(cell, {
        ...baseRow(cell),
        ok: true,
        fromStore: true,
        ...rowMetrics(stored.run, stored.latencySamplesMs),
        storedRunId: stored.id,
      });
    }
  }
  const byHost = new Map<string, MatrixCell[]>();
  for (const cell of todo) byHost.set(cell.host.name, [...(byHost.get(cell.host.name) ?? []), cell]);

  const sequential = (hostCells: MatrixCell[]) => async () => {
    for (const cell of hostCells) {
      if (hooks.signal?.aborted) throw new ProfileCancelledError('profile matrix cancelled');
      hooks.onCell?.(cell, { kind: 'running' });
      const host = { ...cell.host, containerImage: cell.image ?? cell.host.containerImage };
      try {
        const result = await runProfileOn(host, cell.request, { signal: hooks.signal, connections: hooks.connections });
        const saved = store1(cell, result.run, result.latencySamplesMs, result.tensorrtVersion);
        finish(cell, {
          ...baseRow(cell),
          ok: true,
          fromStore: false,
          ...rowMetrics(result.run, result.latencySamplesMs),
          storedRunId: saved.id,
        });
      } catch (error) {
        if (error instanceof ProfileCancelledError) throw error;
        finish(cell, { ...baseRow(cell), ok: false, fromStore: false, failure: messageOf(error) });
      }
    }
  };

  const asArray = (hostCells: MatrixCell[]) => async () => {
    const host = hostCells[0].host;
    const byKey = new Map(hostCells.map((c) => [c.key, c]));
    const journal = store.sideFile(spec.modelPath, `matrix-${hashOf(host.name)}.slurm-journal`);
    fs.mkdirSync(path.dirname(journal), { recursive: true });
    const onCellDone = (key: string, outcome: ArrayCellOutcome) => {
      const cell = byKey.get(key)!;
      const slurmJob = outcome.slurm?.jobId;
      if (!outcome.ok)
        return finish(cell, { ...baseRow(cell), ok: false, fromStore: false, failure: outcome.message, slurmJob });
      const saved = store1(cell, outcome.run, outcome.latencySamplesMs, outcome.run.summary.tensorrtVersion);
      finish(cell, {
        ...baseRow(cell),
        ok: true,
        fromStore: false,
        ...rowMetrics(outcome.run, outcome.latencySamplesMs),
        storedRunId: saved.id,
        slurmJob,
      });
    };
    try {
      await runSlurmArray(
        slurmTargetOf(host),
        hostCells.map((c) => ({ key: c.key, request: c.request, image: c.image })),
        journal,
        {
          signal: hooks.signal,
          connections: hooks.connections,
          onCellDone,
          onSubmitted: (jobId) => hostCells.forEach((c) => hooks.onCell?.(c, { kind: 'submitted', slurmJob: jobId })),
          onCellState: (key, status) => {
            const cell = byKey.get(key)!;
            if (status.state === 'PENDING') hooks.onCell?.(cell, { kind: 'pending', reason: status.reason });
            else if (status.state === 'RUNNING') hooks.onCell?.(cell, { kind: 'running', node: status.node });
          },
        },
        spec.concurrency,
      );
    } catch (error) {
      if (error instanceof ProfileCancelledError) throw error;
      // The host failed as a whole (login refused, sbatch refused, connection lost): its open cells fail with it.
      for (const cell of hostCells)
        if (!rows.has(cell.key))
          finish(cell, { ...baseRow(cell), ok: false, fromStore: false, failure: messageOf(error) });
    }
  };

  await pool(
    [...byHost.values()].map((hostCells) => (hostCells[0].host.kind === 'slurm' ? asArray : sequential)(hostCells)),
    spec.concurrency,
  );
  return matrixTable(
    spec.modelPath,
    cells.map((c) => rows.get(c.key)!),
  );
}

const hashOf = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
