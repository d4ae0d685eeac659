// `modelready` command line: dispatches to one module per command.
import { runCheck } from './check';
import { runDiff } from './diff';
import { runGraph } from './graph';
import { runConvertOpset } from './convert-opset';
import { runInspect } from './inspect';
import { runProfiles } from './profiles';
import { runSimplify } from './simplify';
import { runTrtexec } from './trtexec-import';
import { runEngine } from './engine';
import { runRules } from './rules';
import { runTarget } from './target';
import { CliUsageError, EXIT_USAGE } from './usage';
import { packageVersion } from './version';

type Command = (args: string[]) => Promise<number> | number;

// The language server and the profile matrix (ssh2, vscode-languageserver) load when their command runs: the other
// commands (a `check` or a `diff` in CI) do not initialize those libraries at start-up.
const runLsp: Command = async (args) => (await import('./lsp')).runLsp(args);
const runProfileMatrixCommand: Command = async (args) =>
  (await import('./profile-matrix')).runProfileMatrixCommand(args);

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  inspect: {
    run: runInspect,
    summary:
      "inspect <model.onnx> [--json] [--tensors]  summary of a model (inputs, outputs, opsets, ops, external data; --tensors: every tensor's inferred type and shape)",
  },
  check: {
    run: runCheck,
    summary:
      'check <paths...> [--format text|json|sarif] [--target-trt X.Y] [--target-triton YY.MM] [--target-gpu NAME] [--config file]   diagnostics for models, Triton configs and pinned stack files',
  },
  diff: {
    run: runDiff,
    summary:
      'diff <a.onnx> <b.onnx> [--json]          what changed between two models (nodes matched across renames), with source lines',
  },
  target: {
    run: runTarget,
    summary:
      'target [--config file] [--target-triton YY.MM] [--target-trt X.Y] [--target-gpu NAME] [--json]   the resolved deployment stack with the source of each fact',
  },
  rules: {
    run: runRules,
    summary: 'rules [--json | --markdown]               the ONNX rules: ids, default severities, what they report',
  },
  lsp: {
    run: runLsp,
    summary: 'lsp --stdio | --node-ipc                 the language server (for Neovim, Helix, Emacs, VS Code)',
  },
  graph: {
    run: runGraph,
    summary: 'graph <model.onnx> --out graph.svg [--expand all|none|N]   static SVG of the graph with problem marks',
  },
  'convert-opset': {
    run: runConvertOpset,
    summary:
      'convert-opset <model.onnx> --to N [--out path] [--plan] [--in-place]   convert the default-domain opset step by step',
  },
  simplify: {
    run: runSimplify,
    summary:
      'simplify <model.onnx> [--out path] [--in-place] [--json]   fold shape arithmetic, drop Identity/Dropout/dead nodes/unused and duplicate initializers',
  },
  profiles: {
    run: runProfiles,
    summary:
      'profiles <model.onnx> [--strategy dynamic|min-latency|max-throughput|static]... [--batch|--sequence|--other min,opt,max] [--format text|json|trtexec|triton-trt|triton-ort] [--target-trt X.Y] [--save]   dynamic-shape profiles, trtexec flags, Triton stanzas',
  },
  'profile-matrix': {
    run: runProfileMatrixCommand,
    summary:
      'profile-matrix <model.onnx> --hosts a,b [--images x,y] [--profiles p1,p2] [--concurrency N] [--precision P] [--iterations N] [--store dir] [--json|--csv]   trtexec over hosts × images × shape profiles (Slurm hosts as one job array); resumable',
  },
  trtexec: {
    run: runTrtexec,
    summary:
      'trtexec import <files...> [--onnx m.onnx] [--json]   trtexec log/exports -> summary and per-layer times on ONNX nodes',
  },
  engine: {
    run: runEngine,
    summary:
      'engine <layers.json> [--profile p.json] [--onnx m.onnx] [--compare other.json [--compare-profile p.json]] [--json]   TensorRT engine layers (precision, formats, tactic, time, ONNX nodes) and findings',
  },
};

function usage(): string {
  return [
    'usage: modelready <command> [options]',
    '',
    'commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.summary}`),
  ].join('\n');
}

const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`modelready ${packageVersion()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : EXIT_USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`modelready: unknown command "${name}"\n\n${usage()}\n`);
    return EXIT_USAGE;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(`usage: modelready ${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`modelready ${name}: ${error.message}\n(modelready ${name} --help shows its options)\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

// A reader that stops early (`modelready rules | head`) closes the pipe: end quietly, as other CLI tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`modelready: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
