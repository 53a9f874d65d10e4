/**
 * Latency reference numbers, rounded for memory: only their orders of magnitude are meant
 * to stick. Figures follow Jeff Dean's "numbers everyone should know" brought up to current
 * servers (NVMe SSDs, DDR5, 2020s networks); the docs list where each comes from.
 */
import { finish, step } from './build';
import type { EstimatorSpec } from './types';
import { formatDuration, powerOfTen } from './units';

export interface LatencyReference {
  key: string;
  label: string;
  seconds: number;
}

/** Fastest first. */
export const LATENCIES: readonly LatencyReference[] = [
  { key: 'l1CacheReference', label: 'L1 cache reference', seconds: 1e-9 },
  { key: 'l2CacheReference', label: 'L2 cache reference', seconds: 4e-9 },
  { key: 'memoryReference', label: 'Main memory reference', seconds: 100e-9 },
  { key: 'ssdRandomRead', label: 'SSD random read (4 KB, NVMe)', seconds: 20e-6 },
  { key: 'memoryRead1MB', label: 'Read 1 MB sequentially from memory', seconds: 50e-6 },
  { key: 'ssdRead1MB', label: 'Read 1 MB sequentially from SSD', seconds: 250e-6 },
  { key: 'datacenterRoundTrip', label: 'Round trip within the same datacenter', seconds: 500e-6 },
  { key: 'zoneRoundTrip', label: 'Round trip between zones of one region', seconds: 1e-3 },
  { key: 'diskSeek', label: 'Disk (HDD) seek', seconds: 5e-3 },
  { key: 'diskRead1MB', label: 'Read 1 MB sequentially from disk (HDD)', seconds: 5e-3 },
  { key: 'regionRoundTrip', label: 'Round trip across a continent (US east ↔ west)', seconds: 60e-3 },
  { key: 'crossContinentRoundTrip', label: 'Cross-continent round trip (California ↔ Netherlands)', seconds: 150e-3 },
];

/** "If 1 ns were 1 s": two significant digits in the largest fitting unit. */
export function humanScale(seconds: number): string {
  const units: [number, string][] = [
    [365.2425 * 86_400, 'years'],
    [86_400, 'days'],
    [3600, 'hours'],
    [60, 'minutes'],
    [1, 'seconds'],
  ];
  for (const [s, name] of units) {
    if (seconds >= s) {
      const v = seconds / s;
      const text = v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
      return `${text} ${text === '1' ? name.slice(0, -1) : name}`;
    }
  }
  return `${Math.round(seconds * 10) / 10} seconds`;
}

export const latency: EstimatorSpec = {
  name: 'latency',
  title: 'Estimate Latency (Reference Numbers)',
  summary: 'latency reference numbers: memory, SSD, disk, datacenter and cross-continent round trips',
  fields: [],
  forms: [{ id: 'latency', label: 'Latency reference numbers', detail: 'memory, SSD, disk, network', fields: [] }],
  compute(_values, inputs) {
    const steps = LATENCIES.map((l) => {
      const ns = l.seconds * 1e9;
      // The nearest power of ten: 4 ns is ~10¹ ns, 500 µs ~10⁶ ns.
      const order = Math.round(Math.log10(ns));
      return step(l.label, `≈ ${powerOfTen(order)} ns; ${humanScale(ns)} if 1 ns were 1 s`, formatDuration(l.seconds), l.seconds, l.key);
    });
    return finish({
      estimator: 'latency',
      title: 'Latency reference numbers',
      summary: 'Memory is ~100 ns, an SSD read ~10–100 µs, a datacenter round trip ~0.5 ms, a disk seek ~5 ms, a cross-continent round trip ~150 ms.',
      inputs,
      steps,
      reference: true,
      notes: [
        'Rounded for memory on current server hardware; real figures vary by a factor of two or more. Remember the orders of magnitude.',
        'Network round trips are bounded by light in fibre, about 200,000 km/s: 5 µs per km each way.',
        'Sequential reads are throughput-bound: 1 MB at ~20 GB/s (memory, one thread), ~4 GB/s (NVMe SSD), ~200 MB/s (HDD).',
      ],
    });
  },
};
