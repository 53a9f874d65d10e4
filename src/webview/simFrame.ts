// Runs in the simulation worker (pure: no DOM). Turns the simulator's plain data into what the
// panel draws: chart points, metrics, event lines.
import type { Metrics, Series, SimEvent } from '../core/sim/types';
import type { EventView, MetricsView, SeriesPoint } from './simProtocol';

/** Points for seconds [from, series.t.length): one per completed virtual second. */
export function seriesPoints(series: Series, from: number): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (let i = from; i < series.t.length; i++) {
    const ok = series.ok[i] ?? 0;
    const requests = series.requests[i] ?? 0;
    out.push({
      t: series.t[i]! + 1,
      throughput: ok,
      errors: series.failed[i] ?? 0,
      p99Ms: series.p99Ms[i] ?? 0,
      staleRate: ok > 0 && requests > 0 ? (series.staleReads[i] ?? 0) / Math.max(1, ok) : 0,
      lagMs: series.maxLagMs[i] ?? 0,
    });
  }
  return out;
}

export function metricsView(m: Metrics): MetricsView {
  return {
    requests: m.requests,
    ok: m.ok,
    failed: m.failed,
    availability: m.availability,
    readP99Ms: m.readLatencyMs.p99,
    writeP99Ms: m.writeLatencyMs.p99,
    staleReads: m.staleReads,
    staleReadRate: m.staleReadRate,
    maxStalenessMs: m.maxStalenessMs,
    rywViolations: m.rywViolations,
    lostWrites: m.lostWrites,
    leaderChanges: m.leaderChanges,
    maxConcurrentLeaders: m.maxConcurrentLeaders,
    failoverMs: m.failoverMs ?? 0,
    maxReplicationLagMs: m.maxReplicationLagMs,
  };
}

export function eventView(e: SimEvent): EventView {
  return { atMs: e.atMs, kind: e.kind, text: e.node ? `${e.node}: ${e.message}` : e.message };
}
