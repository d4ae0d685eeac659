// The architecture check (`npm run arch`): the import graph of extension/, server/, webview/, common/, bench/ and
// scripts/ must have no cycle (type-only imports count: tsPreCompilationDeps) and no wrong-way import. The layers, bottom
// up: server/contract (types and message names, imports nothing of ours) · common/ (code that runs in Node and in the
// browser) · server/ core · server/lsp and server/cli · extension/ and webview/ at the top, tests beside them.
const TEST = '(^test/|\\.test\\.ts$)';
const CONTRACT = '^server/contract/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'No import cycles, type-only imports included: a cycle means two modules cannot be understood apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-is-a-leaf',
      comment: 'The contract (server/contract/) declares types and typed LSP messages; it imports no implementation.',
      severity: 'error',
      from: { path: CONTRACT },
      to: { path: '^(server|extension|webview|common|test|bench|scripts)/', pathNot: CONTRACT },
    },
    {
      name: 'common-no-node',
      comment: 'common/ runs in Node and in the webview: no Node builtins.',
      severity: 'error',
      from: { path: '^common/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'common-only-contract',
      comment: 'common/ sits under the core and the webview: of our code it imports only the contract and common/.',
      severity: 'error',
      from: { path: '^common/' },
      to: { path: '^(server|extension|webview|test|bench|scripts)/', pathNot: CONTRACT },
    },
    {
      name: 'server-not-to-editor',
      comment:
        'server/ is the editor-agnostic core (CLI, language server, other editors): no vscode, extension/ or webview/.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '(^extension/|^webview/|^vscode$|node_modules/@types/vscode/)' },
    },
    {
      name: 'core-not-to-lsp-or-cli',
      comment:
        'The analysis core does not know who drives it: only server/lsp and server/cli import server/lsp or server/cli.',
      severity: 'error',
      from: { path: '^server/', pathNot: `(^server/(lsp|cli)/|${TEST})` },
      to: { path: '^server/(lsp|cli)/' },
    },
    {
      name: 'webview-no-node',
      comment: 'webview/ runs in the browser sandbox: no Node builtins.',
      severity: 'error',
      from: { path: '^webview/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'webview-no-vscode',
      comment: 'webview/ talks to VS Code only through postMessage (acquireVsCodeApi), never the vscode module.',
      severity: 'error',
      from: { path: '^webview/' },
      to: { path: '(^vscode$|node_modules/@types/vscode/)' },
    },
    {
      name: 'webview-only-contract',
      comment:
        'webview/ talks to the host through the contract; of our code it may import only the contract and common/.',
      severity: 'error',
      from: { path: '^webview/', pathNot: TEST },
      to: { path: '^(server|extension|test|bench|scripts)/', pathNot: CONTRACT },
    },
    {
      name: 'nothing-to-test',
      comment: 'Product code never imports test code (fixtures, harnesses, doubles).',
      severity: 'error',
      from: { pathNot: `(${TEST}|^bench/)` },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.tmp|\\.e2e|fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.mjs', '.js', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
