// Entry of dist/server.js (see run.ts).
import { runLanguageServer } from './run';

runLanguageServer();
