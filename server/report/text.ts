// The terminal report: findings grouped by file (counts on the file's line), one finding per line where it fits,
// wrapped with a hanging indent at the terminal's width where it does not, the rule id never cut. Colour only when
// asked for (the CLI asks on a TTY without NO_COLOR); `verbose` adds the rule's "how to fix" under each finding.
import { severityRank, type Finding, type Severity } from '../findings';
import type { FindingSummary } from './summary';

export interface TextOptions {
  /** Wrap at this many columns; undefined: never wrap (output piped into other tools stays one line per finding). */
  width?: number;
  color?: boolean;
  /** How to fix a rule's findings, for `--verbose`. */
  howToFix?: (ruleId: string) => string | undefined;
}

const SGR = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36', underline: '4' } as const;
const SEVERITY_COLOR: Record<Severity, keyof typeof SGR> = { error: 'red', warning: 'yellow', info: 'cyan' };
const INDENT = 2;
const SEVERITY_WIDTH = 8;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatText(findings: Finding[], summary: FindingSummary, options: TextOptions = {}): string {
  const paint = (code: keyof typeof SGR, s: string) => (options.color ? `\x1b[${SGR[code]}m${s}\x1b[0m` : s);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push('', `${paint('bold', paint('underline', file))}  ${paint('dim', countsOf(list))}`);
    const sorted = [...list].sort(
      (a, b) =>
        severityRank[a.severity] - severityRank[b.severity] ||
        (a.range?.start.line ?? -1) - (b.range?.start.line ?? -1),
    );
    for (const f of sorted) {
      const severity = paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(SEVERITY_WIDTH));
      const text = `${where(f)}${f.message}`;
      lines.push(...wrapFinding(text, f.ruleId, severity, options.width, paint));
      const source = f.related?.find((r) => r.source && r.range);
      if (source) lines.push(paint('dim', `${hanging()}source: ${source.file}:${source.range!.start.line + 1}`));
      const fix = options.howToFix?.(f.ruleId);
      if (fix) lines.push(...wrapWords(`how to fix: ${fix}`, hanging(), options.width).map((l) => paint('dim', l)));
    }
  }
  const total = summary.errors + summary.warnings + summary.infos;
  const withProblems = byFile.size;
  lines.push(
    '',
    `${plural(total, 'problem')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.infos} info) ` +
      `in ${withProblems} of ${plural(summary.files, 'checked file')}`,
  );
  return lines.join('\n');
}

function countsOf(list: Finding[]): string {
  const n = (s: Severity) => list.filter((f) => f.severity === s).length;
  return [
    n('error') && plural(n('error'), 'error'),
    n('warning') && plural(n('warning'), 'warning'),
    n('info') && `${n('info')} info`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** `12:5 ` in a text file, `node X: ` on a model node, nothing for a finding about the whole file. */
function where(f: Finding): string {
  if (f.range) return `${f.range.start.line + 1}:${f.range.start.character + 1} `;
  if (f.node) return `node ${f.node}: `;
  return '';
}

const hanging = () => ' '.repeat(INDENT + SEVERITY_WIDTH + 1);

/** The finding's lines: message words wrapped, the rule id at the end of the last line or alone on the next. */
function wrapFinding(
  text: string,
  ruleId: string,
  severity: string,
  width: number | undefined,
  paint: (code: keyof typeof SGR, s: string) => string,
): string[] {
  const first = ' '.repeat(INDENT) + severity + ' ';
  const lines = wrapWords(text, hanging(), width, first.length);
  lines[0] = first + lines[0].trimStart();
  const last = lines.length - 1;
  // The severity word is the only painted part of the first line; measure it unpainted.
  const visibleLength = (s: string, i: number) => (i === 0 ? s.length - severity.length + SEVERITY_WIDTH : s.length);
  if (width === undefined || visibleLength(lines[last], last) + 2 + ruleId.length <= width)
    lines[last] += `  ${paint('dim', ruleId)}`;
  else lines.push(hanging() + paint('dim', ruleId));
  return lines;
}

/** Greedy word wrap; words longer than a line are kept whole (names and paths must stay copyable). */
function wrapWords(text: string, indent: string, width: number | undefined, firstPrefix = indent.length): string[] {
  if (width === undefined) return [indent + text];
  const lines: string[] = [];
  let line = '';
  let room = Math.max(20, width - firstPrefix);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = Math.max(20, width - indent.length);
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? indent + l : indent + l));
}
