/**
 * What a phase cost this process (CPU, event-loop delay, memory) and what else the machine
 * was doing meanwhile: the mock's CPU and the whole machine's busy time, because on a
 * shared 2-core box other people's work is part of every figure.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { LoopDelayMonitor } from './loop-delay.js';

export interface ResourceFigures {
  wallMs: number;
  /** User + system CPU of this process, ms. */
  cpuMs: number;
  /** Highest RSS and V8 heap in use seen during the phase (sampled every 50 ms), bytes. */
  rssPeak: number;
  heapPeak: number;
  /** CPU of the mock's process during the phase, ms; null when it runs in this process. */
  mockCpuMs: number | null;
  /** Busy CPU time of the whole machine during the phase, ms (all cores); null off Linux. */
  machineBusyMs: number | null;
}

const MEMORY_SAMPLE_MS = 50;

/**
 * Measures one phase. `loopDelay` is the reader's event-loop delay monitor, running only
 * while that reader's phases run, so its phases add up in one histogram.
 */
export function startMeter(loopDelay: LoopDelayMonitor, mockCpuMs: () => number | null) {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const mock0 = mockCpuMs();
  const machine0 = machineBusyMs();
  let rssPeak = 0;
  let heapPeak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > rssPeak) rssPeak = m.rss;
    if (m.heapUsed > heapPeak) heapPeak = m.heapUsed;
  };
  sample();
  const sampler = setInterval(sample, MEMORY_SAMPLE_MS);
  loopDelay.start();
  return {
    stop(): ResourceFigures {
      loopDelay.stop();
      clearInterval(sampler);
      sample();
      const cpu = process.cpuUsage(cpu0);
      const mock1 = mockCpuMs();
      const machine1 = machineBusyMs();
      return {
        wallMs: performance.now() - wall0,
        cpuMs: (cpu.user + cpu.system) / 1000,
        rssPeak,
        heapPeak,
        mockCpuMs: mock0 === null || mock1 === null ? null : mock1 - mock0,
        machineBusyMs: machine0 === null || machine1 === null ? null : machine1 - machine0,
      };
    },
  };
}

/** Adds up the figures of several phases of one reader (peaks take the maximum). */
export function sumFigures(parts: readonly ResourceFigures[]): ResourceFigures {
  const sumOrNull = (pick: (f: ResourceFigures) => number | null): number | null =>
    parts.some((f) => pick(f) === null) ? null : parts.reduce((s, f) => s + (pick(f) as number), 0);
  return {
    wallMs: parts.reduce((s, f) => s + f.wallMs, 0),
    cpuMs: parts.reduce((s, f) => s + f.cpuMs, 0),
    rssPeak: Math.max(0, ...parts.map((f) => f.rssPeak)),
    heapPeak: Math.max(0, ...parts.map((f) => f.heapPeak)),
    mockCpuMs: sumOrNull((f) => f.mockCpuMs),
    machineBusyMs: sumOrNull((f) => f.machineBusyMs),
  };
}

/**
 * Busy CPU time of all cores since boot, ms, from the first line of /proc/stat (user, nice,
 * system, idle, iowait, irq, softirq, steal, in 10 ms ticks): everything but idle and iowait.
 * Steal counts as busy: it is time a hypervisor gave to someone else.
 */
function machineBusyMs(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const t = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (t.length < 8 || t.some((n) => !Number.isFinite(n))) return null;
    const busy = t[0]! + t[1]! + t[2]! + t[5]! + t[6]! + t[7]!;
    return busy * 10;
  } catch {
    return null;
  }
}
