// Reads the text log trtexec prints (TensorRT 8.x to 11): version, performance summary, device section,
// build/inference options, warnings and the final PASSED/FAILED line. Lines may carry a
// "[MM/DD/YYYY-HH:MM:SS] [I] " prefix (8.x+) or only the "[I] " level tag.
import type { DeviceInfo, LayerTime, TimingStats, TrtexecSummary, TrtexecWarning } from '../contract/trtexec-results';

const LINE_PREFIX = /^(?:\[\d{2}\/\d{2}\/\d{4}-\d{2}:\d{2}:\d{2}\]\s*)?\[([IWEVF])\]\s?/;
/** A pathological log must not grow our memory without bound: further warnings are counted, not kept. */
const MAX_WARNINGS = 100;

interface LogLine {
  level: string;
  text: string;
}

function splitLines(log: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of log.split(/\r?\n/)) {
    const m = LINE_PREFIX.exec(raw);
    lines.push(m ? { level: m[1], text: raw.slice(m[0].length) } : { level: '', text: raw });
  }
  return lines;
}

/** "min = 1 ms, max = 2 ms, mean = …, median = …, percentile(99%) = … ms" -> TimingStats, or undefined if malformed. */
export function parseStatsLine(rest: string): TimingStats | undefined {
  const values: Record<string, number> = {};
  const percentilesMs: Record<string, number> = {};
  for (const part of rest.split(',')) {
    const m = /^\s*([a-z]+|percentile\((\d+(?:\.\d+)?)%\))\s*=\s*(-?[\d.]+(?:e[-+]?\d+)?)\s*ms\s*$/i.exec(part);
    if (!m) return undefined;
    const value = Number(m[3]);
    if (!Number.isFinite(value)) return undefined;
    if (m[2] !== undefined) percentilesMs[m[2]] = value;
    else values[m[1].toLowerCase()] = value;
  }
  const { min, max, mean, median } = values;
  if ([min, max, mean, median].some((v) => v === undefined)) return undefined;
  return { minMs: min, maxMs: max, meanMs: mean, medianMs: median, percentilesMs };
}

/** "v8601" -> "8.6.1", "v101300" -> "10.13.0" (TensorRT 10 widened the minor field to two digits). */
export function versionFromBannerTag(tag: string): string | undefined {
  const n = Number(tag);
  if (!Number.isInteger(n) || n <= 0) return undefined;
  return n >= 100000
    ? `${Math.floor(n / 10000)}.${Math.floor((n % 10000) / 100)}.${n % 100}`
    : `${Math.floor(n / 1000)}.${Math.floor((n % 1000) / 100)}.${n % 100}`;
}

/**
 * A "TensorRT version:" value as major.minor.patch: TensorRT 8.0-8.4 print the integer code (8003 = 8.0.3,
 * 8401 = 8.4.1), TensorRT 10+ codes have six digits (100300 = 10.3.0); dotted versions pass through.
 */
export function normalizeTrtVersion(value: string): string {
  return /^\d{4,6}$/.test(value) ? (versionFromBannerTag(value) ?? value) : value;
}

const STATS_FIELDS: Record<string, keyof TrtexecSummary> = {
  Latency: 'latency',
  // TensorRT 8.0 and older called the same figure "Host Latency".
  'Host Latency': 'latency',
  'End-to-End Host Latency': 'endToEndHostLatency',
  'Enqueue Time': 'enqueue',
  'H2D Latency': 'h2d',
  'GPU Compute Time': 'gpuCompute',
  'D2H Latency': 'd2h',
};

function numberWithUnit(text: string, unit: string): number | undefined {
  const m = new RegExp(`^(-?[\\d.]+(?:e[-+]?\\d+)?)\\s*${unit}\\b`, 'i').exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

function parseDeviceLine(device: DeviceInfo, key: string, value: string): void {
  switch (key) {
    case 'Selected Device':
      device.name = value;
      break;
    case 'Compute Capability':
      device.computeCapability = value;
      break;
    case 'SMs':
      device.sms = Number(value);
      break;
    case 'Device Global Memory':
      device.globalMemoryMiB = numberWithUnit(value, 'MiB');
      break;
    case 'Shared Memory per SM':
      device.sharedMemoryPerSmKiB = numberWithUnit(value, 'KiB');
      break;
    case 'Memory Bus Width':
      device.memoryBusWidthBits = numberWithUnit(value, 'bits');
      break;
    // 8.x says "Compute Clock Rate", 8.6+ says "Application Compute Clock Rate".
    case 'Compute Clock Rate':
    case 'Application Compute Clock Rate':
      device.computeClockGHz = numberWithUnit(value, 'GHz');
      break;
    case 'Memory Clock Rate':
    case 'Application Memory Clock Rate':
      device.memoryClockGHz = numberWithUnit(value, 'GHz');
      break;
  }
}

function classifyWarning(text: string): TrtexecWarning {
  const unstable = /GPU compute time is unstable, with coefficient of variance = ([\d.]+)%/.exec(text);
  if (unstable) return { kind: 'unstable-gpu-time', message: text, coefficientOfVariancePercent: Number(unstable[1]) };
  if (/bound by Enqueue Time/i.test(text)) return { kind: 'enqueue-bound', message: text };
  return { kind: 'other', message: text };
}

/**
 * The --dumpProfile table. TensorRT 8.6+ prints numbers first ("Time(ms) Avg.(ms) Median(ms) Time(%) Layer");
 * older versions print the right-aligned name first ("Layer Time (ms) Avg. Time (ms) [Median Time (ms)] Time %").
 */
interface ProfileTableState {
  iterations: number;
  nameFirst?: boolean;
  hasMedian?: boolean;
  layers: LayerTime[];
}

const NUM = '(-?\\d+(?:\\.\\d+)?)';

function parseProfileRow(state: ProfileTableState, text: string): boolean {
  if (state.nameFirst === undefined) {
    const header = text.trim();
    if (/^Layer\b/.test(header)) state.nameFirst = true;
    else if (/^Time\s*\(ms\)/.test(header)) state.nameFirst = false;
    else return false;
    state.hasMedian = /Median/.test(header);
    return true;
  }
  const numbers = state.hasMedian ? 4 : 3;
  const cols = Array(numbers).fill(NUM).join('\\s+');
  const m = state.nameFirst
    ? new RegExp(`^\\s*(.*?)\\s+${cols}\\s*$`).exec(text)
    : new RegExp(`^\\s*${cols}\\s+(.+)$`).exec(text);
  if (!m) return false;
  const values = (state.nameFirst ? m.slice(2) : m.slice(1, 1 + numbers)).map(Number);
  const name = state.nameFirst ? m[1] : m[1 + numbers];
  if (name === 'Total') return true;
  const [timeMs, averageMs] = values;
  state.layers.push({
    name,
    timeMs,
    averageMs,
    medianMs: state.hasMedian ? values[2] : null,
    percentage: values[numbers - 1],
  });
  return true;
}

/** Parses a whole trtexec log. Never throws on garbage: fields it cannot find stay absent. */
export function parseTrtexecLog(log: string): TrtexecSummary {
  const summary: TrtexecSummary = { warnings: [] };
  let section = '';
  let device: DeviceInfo | undefined;
  let lastWarning: TrtexecWarning | undefined;
  let droppedWarnings = 0;
  let table: ProfileTableState | undefined;

  for (const { level, text } of splitLines(log)) {
    const banner = /^&&&& (RUNNING|PASSED|FAILED) TensorRT\.trtexec \[TensorRT v(\d+)\]/.exec(text);
    if (banner) {
      summary.tensorrtVersion ??= versionFromBannerTag(banner[2]);
      if (banner[1] === 'PASSED') summary.status = 'passed';
      if (banner[1] === 'FAILED') summary.status = 'failed';
      continue;
    }
    const header = /^=== (.+?) ===\s*$/.exec(text);
    if (header) {
      section = header[1];
      const profile = /^Profile \((\d+) iterations ?\)$/.exec(section);
      if (profile) table = { iterations: Number(profile[1]), layers: [] };
      continue;
    }
    if (table && section.startsWith('Profile (') && level === 'I') {
      if (parseProfileRow(table, text)) continue;
      if (table.layers.length > 0) summary.dumpedProfile = { iterations: table.iterations, layers: table.layers };
      table = undefined;
    }
    if (level === 'W') {
      // A warning starts with "* "; the indented lines after it are its advice.
      const body = text.trim();
      if (/^\s{2,}\S/.test(text) && lastWarning) {
        lastWarning.message += ` ${body}`;
      } else if (body) {
        lastWarning = classifyWarning(body.replace(/^\*\s*/, ''));
        if (summary.warnings.length < MAX_WARNINGS) summary.warnings.push(lastWarning);
        else droppedWarnings++;
      }
      continue;
    }
    lastWarning = undefined;
    const kv = /^([A-Za-z][A-Za-z0-9 ()/.%-]*?):\s*(.*)$/.exec(text);
    if (!kv) continue;
    const [, key, value] = kv;
    if (key === 'TensorRT version') {
      summary.tensorrtVersion = normalizeTrtVersion(value.trim());
    } else if (section === 'Performance summary') {
      if (key === 'Throughput') summary.throughputQps = numberWithUnit(value, 'qps');
      else if (key === 'Total Host Walltime') summary.totalHostWalltimeS = numberWithUnit(value, 's');
      else if (key === 'Total GPU Compute Time') summary.totalGpuComputeS = numberWithUnit(value, 's');
      else if (key in STATS_FIELDS) {
        const stats = parseStatsLine(value);
        if (stats) (summary as unknown as Record<string, TimingStats>)[STATS_FIELDS[key]] = stats;
      }
    } else if (section === 'Device Information') {
      device ??= {};
      parseDeviceLine(device, key, value.trim());
    } else if (section === 'Inference Options' || section === 'Build Options') {
      const target =
        section === 'Inference Options' ? (summary.inferenceOptions ??= {}) : (summary.buildOptions ??= {});
      if (Object.keys(target).length < 200) target[key] = value.trim();
    }
  }
  if (table && table.layers.length > 0) summary.dumpedProfile = { iterations: table.iterations, layers: table.layers };
  if (device) summary.device = device;
  if (droppedWarnings > 0) {
    summary.warnings.push({ kind: 'other', message: `${droppedWarnings} more warnings not kept` });
  }
  return summary;
}

/** True when the text looks like a trtexec log at all (used to reject unrelated files with a clear error). */
export function looksLikeTrtexecLog(log: string): boolean {
  return /&&&& (RUNNING|PASSED|FAILED) TensorRT\.trtexec/.test(log) || /=== Performance summary ===/.test(log);
}
