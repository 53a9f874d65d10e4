// Runs in the simulation worker (pure: no DOM). Turns the simulator's plain data into what the
// panel draws: one state per component (instances folded together), chart points, metrics.
import type { Metrics, NodeSnapshot, Series, SimEvent } from '../core/sim/types';
import type { EventView, MetricsView, NodeStateName, SeriesPoint } from './simProtocol';

/**
 * One state and a short note per component. Instances (`api#1`, `api#2`, …) fold into their
 * component: all down is `down`; a partition shows over a role; a database shows its role
 * (leader, or follower with its lag); a node that is only partly down says how many are up.
 */
export function componentStates(nodes: readonly NodeSnapshot[]): [string, NodeStateName, string][] {
  const byComponent = new Map<string, NodeSnapshot[]>();
  for (const n of nodes) {
    const list = byComponent.get(n.component);
    if (list) list.push(n);
    else byComponent.set(n.component, [n]);
  }
  const out: [string, NodeStateName, string][] = [];
  for (const [component, list] of byComponent) out.push([component, ...fold(list)]);
  return out;
}

function fold(list: readonly NodeSnapshot[]): [NodeStateName, string] {
  const total = list.length;
  const up = list.filter((n) => n.status === 'up');
  const upNote = total > 1 && up.length < total ? `${up.length}/${total} up` : '';
  if (up.length === 0) return ['down', total > 1 ? `0/${total} up` : 'down'];
  const join = (...parts: string[]): string => parts.filter(Boolean).join(' · ');
  if (up.some((n) => n.partitioned)) return ['partitioned', join('partitioned', upNote)];
  const leader = up.find((n) => n.role === 'leader');
  if (leader) return ['leader', join(up.some((n) => n.slow > 1) ? `leader · slow ×${maxSlow(up)}` : 'leader', upNote)];
  const followers = up.filter((n) => n.role === 'follower' || n.role === 'replica' || n.role === 'candidate');
  if (followers.length > 0) {
    const lag = Math.max(0, ...followers.map((n) => n.lagMs ?? 0));
    const role = followers.some((n) => n.role === 'candidate') ? 'candidate' : 'follower';
    return ['follower', join(role, lag >= 1 ? `lag ${formatLag(lag)}` : '', upNote)];
  }
  if (up.some((n) => n.slow > 1)) return ['slow', join(`slow ×${maxSlow(up)}`, upNote)];
  if (up.some((n) => n.breaker === 'open')) return ['up', join('breaker open', upNote)];
  return ['up', upNote];
}

function maxSlow(list: readonly NodeSnapshot[]): number {
  return Math.round(Math.max(...list.map((n) => n.slow)) * 10) / 10;
}

function formatLag(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

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
