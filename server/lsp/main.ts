// Entry of dist/server.js, kept small: the first analysis worker starts (and parses its bundle) while this thread
// loads the server's bundle (dist/server-core.js, run.ts), so the first analysis waits for neither one after the other.
import path from 'node:path';
import type * as Core from './run';
import { startWorker } from './worker-pool';

const first = startWorker(path.join(__dirname, 'analysis-worker.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require(path.join(__dirname, 'server-core.js')) as typeof Core;
core.runLanguageServer([first]);
