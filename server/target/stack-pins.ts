// The versions a workspace pins outside the target: NGC base images in Dockerfile/Containerfile (`FROM
// nvcr.io/nvidia/tritonserver:25.01-py3`), and Python packages in requirements*.txt, pyproject.toml,
// environment.yml and `pip install` lines of a Dockerfile. Line-based readers: each pin carries its line and the
// character range of the version (or of the package name when it has none) for diagnostics and quick fixes.
import path from 'node:path';
import type { Range } from '../findings';

/** The packages whose versions decide whether a model builds and loads on the target. */
export const TRACKED_PACKAGES = [
  'tensorrt',
  'onnx',
  'onnxruntime',
  'onnxruntime-gpu',
  'torch',
  'tritonclient',
  'polygraphy',
  'nvidia-modelopt',
] as const;
export type TrackedPackage = (typeof TRACKED_PACKAGES)[number];

export type StackFileKind = 'dockerfile' | 'requirements' | 'pyproject' | 'conda';

export interface PackagePin {
  kind: 'package';
  file: string;
  package: TrackedPackage;
  /** The version after `==`/`=`/`~=` (or a bare Poetry version); null when unpinned or only bounded (`>=`). */
  version: string | null;
  /** The requirement as written ("tensorrt>=10"). */
  text: string;
  range: Range;
  /** Where a version would go for an unpinned package (right after the name). */
  insertAt: { line: number; character: number };
}

export interface ImagePin {
  kind: 'image';
  file: string;
  /** nvcr.io/nvidia/<repository>: tritonserver, tensorrt, pytorch, ... */
  repository: string;
  /** YY.MM */
  release: string;
  /** The tag after the release: "py3", "trtllm-python-py3", ... */
  variant: string;
  text: string;
  range: Range;
}

export type Pin = PackagePin | ImagePin;

export function stackFileKind(file: string): StackFileKind | undefined {
  const name = path.basename(file);
  if (/^(Dockerfile|Containerfile)(\..+)?$/.test(name) || /\.(Dockerfile|Containerfile)$/.test(name))
    return 'dockerfile';
  if (/^requirements.*\.txt$/.test(name)) return 'requirements';
  if (name === 'pyproject.toml') return 'pyproject';
  if (/^environment\.ya?ml$/.test(name)) return 'conda';
  return undefined;
}

export function isStackFile(file: string): boolean {
  return stackFileKind(file) !== undefined;
}

/** A serialized TensorRT engine as Triton's model repositories hold them (`model.plan`). */
export function isPlanFile(file: string): boolean {
  return /\.(plan|engine)$/.test(path.basename(file));
}

/** pip normalizes names: case-insensitive, runs of -_. are one '-'. */
function trackedName(name: string): TrackedPackage | undefined {
  const normalized = name.toLowerCase().replace(/[-_.]+/g, '-');
  // tensorrt-cu12 / tensorrt-cu13 are the CUDA-specific wheels of tensorrt.
  const base = /^tensorrt-cu\d+$/.test(normalized) ? 'tensorrt' : normalized;
  return (TRACKED_PACKAGES as readonly string[]).includes(base) ? (base as TrackedPackage) : undefined;
}

/** One PEP 508-ish requirement at `column` of `line`; undefined when it names no tracked package. */
function requirementPin(file: string, requirement: string, line: number, column: number): PackagePin | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(requirement);
  if (!m) return undefined;
  const pkg = trackedName(m[1]);
  if (!pkg) return undefined;
  const spec = m[3].replace(/\s*;.*$/, '').trim();
  const exact = /^(?:===?|~=)\s*([0-9][0-9A-Za-z.+*-]*)/.exec(spec) ?? /^=\s*([0-9][0-9A-Za-z.+*-]*)/.exec(spec);
  const nameEnd = column + m[1].length + (m[2]?.length ?? 0);
  const text = requirement.replace(/\s*;.*$/, '').trim();
  return {
    kind: 'package',
    file,
    package: pkg,
    version: exact ? exact[1].replace(/\.\*$/, '') : null,
    text,
    range: { start: { line, character: column }, end: { line, character: column + text.length } },
    insertAt: { line, character: nameEnd },
  };
}

const IMAGE = /\bnvcr\.io\/nvidia\/([a-z0-9-]+):(\d{2}\.\d{2})-([A-Za-z0-9._-]+)/;

function dockerfilePins(file: string, lines: string[]): Pin[] {
  const pins: Pin[] = [];
  let inPipInstall = false;
  lines.forEach((text, line) => {
    const from = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(text);
    if (from) {
      const image = IMAGE.exec(from[1]);
      if (image) {
        const character = text.indexOf(image[0]);
        pins.push({
          kind: 'image',
          file,
          repository: image[1],
          release: image[2],
          variant: image[3],
          text: image[0],
          range: { start: { line, character }, end: { line, character: character + image[0].length } },
        });
      }
    }
    // `RUN pip install a==1 b` (also after `&&`), and the `\`-continued lines of that command.
    const install = /\bpip3?\s+install\s+(.*)$/.exec(text);
    if (install) pins.push(...wordsPins(file, text, install.index + install[0].length - install[1].length, line));
    else if (inPipInstall) pins.push(...wordsPins(file, text, 0, line));
    inPipInstall =
      (install !== null || inPipInstall) && /\\\s*$/.test(text) && !/&&/.test(text.replace(/^.*pip3?\s+install/, ''));
  });
  return pins;
}

/** Space-separated requirements (a pip command line) starting at `start` of `text`. */
function wordsPins(file: string, text: string, start: number, line: number): PackagePin[] {
  const pins: PackagePin[] = [];
  for (const m of text.slice(start).matchAll(/(["']?)([A-Za-z0-9][^\s"'\\&|;]*)\1/g)) {
    if (m[2].startsWith('-')) continue;
    const pin = requirementPin(file, m[2], line, start + m.index + m[1].length);
    if (pin) pins.push(pin);
  }
  return pins;
}

function requirementsPins(file: string, lines: string[]): Pin[] {
  const pins: Pin[] = [];
  lines.forEach((text, line) => {
    const body = text.replace(/\s+#.*$/, '');
    const start = body.search(/\S/);
    if (start < 0 || body[start] === '#' || body[start] === '-') return;
    const pin = requirementPin(file, body.slice(start).trimEnd(), line, start);
    if (pin) pins.push(pin);
  });
  return pins;
}

/** PEP 621 `"pkg==1.0"` strings anywhere (dependencies, optional-dependencies), Poetry `pkg = "1.0"` lines. */
function pyprojectPins(file: string, lines: string[]): Pin[] {
  const pins: Pin[] = [];
  lines.forEach((text, line) => {
    const poetry = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*(?:"([^"]*)"|\{[^}]*version\s*=\s*"([^"]*)")/.exec(text);
    if (poetry && trackedName(poetry[1])) {
      const spec = (poetry[2] ?? poetry[3]).trim();
      const column = text.indexOf(poetry[1]);
      const requirement = `${poetry[1]}${/^[0-9]/.test(spec) ? `==${spec}` : spec === '*' ? '' : spec}`;
      const pin = requirementPin(file, requirement, line, column);
      if (pin)
        pins.push({
          ...pin,
          text: text.trim(),
          range: { start: { line, character: column }, end: { line, character: text.trimEnd().length } },
        });
      return;
    }
    for (const m of text.matchAll(/"([A-Za-z0-9][^"]*)"/g)) {
      const pin = requirementPin(file, m[1], line, m.index + 1);
      if (pin) pins.push(pin);
    }
  });
  return pins;
}

/** `- pkg=1.0` / `- pkg==1.0` list items (conda dependencies and their `pip:` list). */
function condaPins(file: string, lines: string[]): Pin[] {
  const pins: Pin[] = [];
  lines.forEach((text, line) => {
    const item = /^(\s*-\s+)(["']?)([^"'#\s]+)/.exec(text);
    if (!item) return;
    const pin = requirementPin(file, item[3], line, item[1].length + item[2].length);
    if (pin) pins.push(pin);
  });
  return pins;
}

/** Every pin of a stack file's text. */
export function readPins(file: string, text: string): Pin[] {
  const lines = text.split(/\r?\n/);
  switch (stackFileKind(file)) {
    case 'dockerfile':
      return dockerfilePins(file, lines);
    case 'requirements':
      return requirementsPins(file, lines);
    case 'pyproject':
      return pyprojectPins(file, lines);
    case 'conda':
      return condaPins(file, lines);
    default:
      return [];
  }
}
