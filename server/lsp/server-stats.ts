// The server's own health for benchmarks and soak tests (`modelready/serverStats`): how long the event loop was
// held up (perf_hooks.monitorEventLoopDelay, 10 ms resolution) and the process memory, workers included.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerStats, ServerStatsParams } from '../contract/analysis';

const NS_PER_MS = 1e6;

/** Peak resident set size from /proc (Linux); elsewhere the current RSS is the best available figure. */
function peakRssBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage.rss();
}

export class ServerStatsMonitor {
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.delay.enable();
  }

  read({ reset }: ServerStatsParams = {}): ServerStats {
    const stats: ServerStats = {
      eventLoopDelayMaxMs: this.delay.max / NS_PER_MS,
      eventLoopDelayP99Ms: this.delay.percentile(99) / NS_PER_MS,
      rssBytes: process.memoryUsage.rss(),
      peakRssBytes: peakRssBytes(),
      heapUsedBytes: process.memoryUsage().heapUsed,
    };
    if (reset) this.delay.reset();
    return stats;
  }

  dispose(): void {
    this.delay.disable();
  }
}
