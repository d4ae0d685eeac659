// The analysis worker thread (bundled as dist/analysis-worker.js). Reading a large model or checking a
// repository happens here, so the server's thread keeps answering completion and hover meanwhile.
// Every job answers, with a result or an error message: an exception never ends the worker.
import { parentPort } from 'node:worker_threads';
import { analyzePath, configCodeActions, contextData, generateConfig, modelSummary } from './analysis';
import { runEditProfiles } from '../shape-profiles/service';
import { openEngineFiles } from './engine-open';
import { applyModelFix, convertModelOpset, modelOpsetTargets } from './model-fixes';
import { smallestFirst, walkAnalyzable } from '../workspace-files';
import { diffFiles } from '../diff/diff-files';
import type { WorkerJob, WorkerReply } from './worker-jobs';

function run(job: WorkerJob): unknown {
  switch (job.kind) {
    case 'analyze':
      return analyzePath(job.file, job.overlays, job.settings);
    case 'summary':
      return modelSummary(job.file);
    case 'context':
      return contextData(job.file);
    case 'codeActions':
      return configCodeActions(job.file, job.text, job.findings);
    case 'generateConfig':
      return generateConfig(job.target);
    case 'editProfiles':
      return runEditProfiles(job.params, job.modelFile, {
        defaultRoot: job.defaultRoot,
        configText: job.configText,
        ranges: job.ranges,
      });
    case 'convertOpset':
      return convertModelOpset(job.file, job.opset);
    case 'opsetTargets':
      return modelOpsetTargets(job.file);
    case 'applyModelFix':
      return applyModelFix(job.file, job.fixId);
    case 'diff':
      return diffFiles(job.a, job.b);
    case 'walk':
      // The workspace is analyzed in this order: the first diagnostics come sooner.
      return smallestFirst(walkAnalyzable(job.root));
    case 'openEngine':
      return openEngineFiles(job.files, job.settings);
  }
}

parentPort!.on('message', (message: { id: number; job: WorkerJob }) => {
  let reply: WorkerReply;
  try {
    reply = { id: message.id, ok: true, result: run(message.job) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
