// Typed access to what onnx-tensorrt's importer source decides about tensor types (scripts/gen-trt-importer-types.mjs
// -> tensorrt-importer-types.json): types an op's importer rejects or explicitly accepts, and Cast's targets.
import raw from './tensorrt-importer-types.json';

export interface ImporterTypeCheck {
  input: number;
  /** ONNX data type names. */
  types: string[];
  /** Source line, e.g. "onnxOpImporters.cpp:1926". */
  at: string;
  /** The helper holding the check, when the op's importer delegates to one. */
  via?: string;
}

interface ImporterTypesFile {
  source: { repository: string; commit: string | null };
  castTargets: { types: string[]; at: string };
  operators: Record<string, { rejects?: ImporterTypeCheck[]; accepts?: ImporterTypeCheck[] }>;
}

export const importerTypes = raw as unknown as ImporterTypesFile;

/** The importer's verdict on `type` at input `input` of `opType`, with the source line that says so. */
export function importerVerdict(
  opType: string,
  input: number,
  type: string,
): { verdict: 'accepts' | 'rejects'; at: string } | undefined {
  const op = importerTypes.operators[opType];
  // An explicit accept list wins: it is a path of the importer taking the type (Clip's INT32 path skips
  // the activation helper that rejects INT32).
  const accept = op?.accepts?.find((c) => c.input === input && c.types.includes(type));
  if (accept) return { verdict: 'accepts', at: accept.at };
  const reject = op?.rejects?.find((c) => c.input === input && c.types.includes(type));
  return reject && { verdict: 'rejects', at: reject.via ? `${reject.at} (${reject.via})` : reject.at };
}
