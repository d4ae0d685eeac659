// The contract's areas in one import, for code written before the split into server/contract/ (one module per area:
// analysis, commands, settings, graph view, profiling, runs, results view, shape profiles, findings, trtexec results).
// New code imports the area module it needs.
export * from './contract/analysis';
export * from './contract/commands';
export * from './contract/findings';
export * from './contract/graph-view';
export * from './contract/profiling';
export * from './contract/results-view';
export * from './contract/runs';
export * from './contract/settings';
export * from './contract/shape-profiles';
export * from './contract/trtexec-results';
