// `modelready profiles <model.onnx> [--strategy s]... [--batch min,opt,max] [--sequence min,opt,max] [--other min,opt,max]
//   [--format text|json|trtexec|triton-trt|triton-ort] [--config file] [--target-trt X.Y] [--target-triton YY.MM] [--target-gpu NAME] [--save]`
// Without --strategy or ranges, the profiles saved in .modelready.json are shown (a proposal when none are saved).
import { ConfigError, withTargetFlags } from '../config/config';
import { OnnxReadError } from '../onnx/reader';
import { openProfileSession, profilesView, ProfilesRejectedError, saveProfiles } from '../shape-profiles/service';
import {
  PROFILE_STRATEGIES,
  type DimKind,
  type DimRange,
  type Profile,
  type ProfileStrategy,
} from '../contract/shape-profiles';
import { CliUsageError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, parseCliArgs, requireOneModelFile } from './usage';

const FORMATS = ['text', 'json', 'trtexec', 'triton-trt', 'triton-ort'] as const;

function parseRange(flag: string, text: string): DimRange {
  const parts = text.split(',').map((s) => s.trim());
  const [min, opt, max] = parts.map(Number);
  if (
    parts.length !== 3 ||
    ![min, opt, max].every((n) => Number.isInteger(n) && n >= 0) ||
    !(min <= opt && opt <= max)
  ) {
    throw new CliUsageError(`--${flag} expects min,opt,max (non-negative integers, min <= opt <= max); got "${text}"`);
  }
  return { min, opt, max };
}

function formatProfiles(profiles: Profile[]): string {
  return profiles
    .map((p, i) =>
      [
        `profile ${i}:`,
        ...Object.entries(p).map(
          ([name, r]) =>
            `  ${name}: min ${r.min.join('x') || 'scalar'}  opt ${r.opt.join('x') || 'scalar'}  max ${r.max.join('x') || 'scalar'}`,
        ),
      ].join('\n'),
    )
    .join('\n');
}

export function runProfiles(args: string[]): number {
  const { values, positionals } = parseCliArgs({
    args,
    allowPositionals: true,
    options: {
      strategy: { type: 'string', multiple: true },
      batch: { type: 'string' },
      sequence: { type: 'string' },
      other: { type: 'string' },
      format: { type: 'string', default: 'text' },
      config: { type: 'string' },
      save: { type: 'boolean' },
      'target-trt': { type: 'string' },
      'target-triton': { type: 'string' },
      'target-gpu': { type: 'string' },
    },
  });
  const modelFile = requireOneModelFile(positionals);
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliUsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const strategies = (values.strategy ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()) as ProfileStrategy[];
  for (const s of strategies)
    if (!PROFILE_STRATEGIES.includes(s))
      throw new CliUsageError(`unknown strategy "${s}" (one of ${PROFILE_STRATEGIES.join(', ')})`);
  const settings: Partial<Record<DimKind, DimRange>> = {};
  for (const kind of ['batch', 'sequence', 'other'] as const) {
    const text = values[kind];
    if (text !== undefined) settings[kind] = parseRange(kind, text);
  }
  const propose = strategies.length > 0 || Object.keys(settings).length > 0;

  try {
    let session = openProfileSession(modelFile, { configFile: values.config, defaultRoot: process.cwd() });
    // The --target-* flags decide which trtexec flags the profiles are printed with (that release's own).
    const flags = {
      targetTrt: values['target-trt'],
      targetTriton: values['target-triton'],
      targetGpu: values['target-gpu'],
    };
    try {
      session = { ...session, config: withTargetFlags({ ...session.config }, flags) };
    } catch (error) {
      if (error instanceof ConfigError) throw new CliUsageError(error.message);
      throw error;
    }
    const first = profilesView(session, modelFile, { strategies, settings });
    const source = propose || first.saved.length === 0 ? 'proposal' : 'saved';
    const shown = source === 'proposal' ? first.proposal : first.saved;
    if (values.save) {
      session = saveProfiles(session, shown);
      process.stderr.write(`saved ${shown.length} profile(s) for ${session.modelKey} in ${session.configFile}\n`);
    }
    const view = profilesView(session, modelFile, { strategies, settings, profiles: shown });
    const out = view.outputs;
    if (view.dims.length === 0 && format !== 'json') {
      process.stderr.write(
        `modelready profiles: ${view.modelKey} has no dynamic input dimension; TensorRT needs no optimization profile for it\n`,
      );
      return EXIT_OK;
    }
    const pick = (text: string | undefined, what: string): number => {
      if (text === undefined) {
        process.stderr.write(
          `modelready profiles: ${out.errors.find((e) => e.startsWith(what)) ?? `${what}: nothing to print (the model has no dynamic input)`}\n`,
        );
        return EXIT_FINDINGS;
      }
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      return EXIT_OK;
    };
    switch (format) {
      case 'json':
        process.stdout.write(
          JSON.stringify(
            {
              model: view.modelKey,
              configFile: view.configFile,
              source,
              strategies: view.strategies,
              dims: view.dims,
              profiles: shown,
              outputs: out,
              problems: view.problems,
              notes: view.notes,
            },
            null,
            2,
          ) + '\n',
        );
        return view.problems.length > 0 ? EXIT_FINDINGS : EXIT_OK;
      case 'trtexec':
        return pick(out.trtexecShell, 'trtexec');
      case 'triton-trt':
        return pick(out.tritonTensorrt, 'Triton TensorRT plan');
      case 'triton-ort':
        return pick(out.tritonOnnxruntime, 'Triton ONNX Runtime');
      case 'text': {
        const lines = [
          `${view.modelKey}: ${source === 'proposal' ? `proposed (${view.strategies.join(', ')})` : `saved in ${view.configFile}`}`,
          ...view.dims.map(
            (d) => `  dim ${d.key} (${d.kind}) on ${d.uses.map((u) => `${u.input}[${u.axis}]`).join(', ')}`,
          ),
          formatProfiles(shown),
          ...(out.trtexecShell ? ['', out.trtexecShell] : []),
          ...[...view.notes, ...out.errors, ...view.problems].map((n) => `note: ${n}`),
        ];
        process.stdout.write(lines.join('\n') + '\n');
        return view.problems.length > 0 ? EXIT_FINDINGS : EXIT_OK;
      }
    }
  } catch (error) {
    if (error instanceof ProfilesRejectedError) {
      process.stderr.write(`modelready profiles: ${error.message}\n`);
      return EXIT_FINDINGS;
    }
    if (error instanceof OnnxReadError || error instanceof ConfigError || error instanceof RangeError) {
      process.stderr.write(`modelready profiles: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
