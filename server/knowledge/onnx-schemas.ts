// Typed access to the generated ONNX operator schemas (scripts/gen-onnx-schemas.py ->
// onnx-schemas.json): which schema version applies to an op at an imported opset, and its details.

export interface FormalParameter {
  name: string;
  /** A type-constraint name ("T") or a concrete type ("tensor(int64)"). */
  type: string;
  option: 'single' | 'optional' | 'variadic';
  homogeneous?: boolean;
}

export interface AttributeSchema {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
}

export interface OpSchema {
  since: number;
  inputs: FormalParameter[];
  outputs: FormalParameter[];
  minInputs: number;
  maxInputs: number;
  minOutputs: number;
  maxOutputs: number;
  attributes: AttributeSchema[];
  typeConstraints: Record<string, string[]>;
  doc: string;
  deprecated?: boolean;
  experimental?: boolean;
}

export interface SchemaFile {
  onnxVersion: string;
  irVersion: number;
  /** Rows: [onnx release, IR version, ai.onnx opset, ai.onnx.ml opset, training opset]. */
  versionTable: [string, number, number, number, number][];
  domainOpsetRanges: Record<string, [number, number]>;
  domains: Record<string, Record<string, OpSchema[]>>;
}

let table: SchemaFile | undefined;

/**
 * The table (~0.6 MB of JSON), parsed on first use rather than when the bundle loads: the language server's first
 * diagnostics (configs, stack files) and the VS Code client never wait for it.
 */
export function onnxSchemas(): SchemaFile {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (table ??= require('./onnx-schemas.json') as SchemaFile);
}

/** "" and "ai.onnx" name the same default domain. */
export function canonicalDomain(domain: string): string {
  return domain === '' ? 'ai.onnx' : domain;
}

export function isStandardDomain(domain: string): boolean {
  return canonicalDomain(domain) in onnxSchemas().domains;
}

/** All versions of an op, oldest first; undefined when the domain does not define it. */
export function opVersions(domain: string, opType: string): OpSchema[] | undefined {
  return onnxSchemas().domains[canonicalDomain(domain)]?.[opType];
}

/** The schema in force at `opset`: the newest version whose since_version <= opset. */
export function schemaAt(domain: string, opType: string, opset: number): OpSchema | undefined {
  const versions = opVersions(domain, opType);
  if (!versions) return undefined;
  let found: OpSchema | undefined;
  // An indexed loop: the rules ask for every node of large models, in cold code where for-of costs an object per step.
  for (let i = 0; i < versions.length; i++) if (versions[i].since <= opset) found = versions[i];
  return found;
}

/** Versions introduced after `fromOpset` up to and including `toOpset`: where an upgrade changes the op. */
export function versionsBetween(domain: string, opType: string, fromOpset: number, toOpset: number): OpSchema[] {
  return (opVersions(domain, opType) ?? []).filter((v) => v.since > fromOpset && v.since <= toOpset);
}
