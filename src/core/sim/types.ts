/**
 * What a simulation run produces (DESIGN.md §5). Plain data only, so a run crosses a worker or
 * webview boundary by structured clone and prints as JSON. Every metric is defined in
 * docs/simulator.md.
 */
import type { History } from './history';
import type { Scenario } from './scenario';

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export interface Metrics {
  /** Operations that completed (ok or failed) during the run; `ok + failed = requests`. */
  requests: number;
  ok: number;
  failed: number;
  /** ok / requests (1 when there were no requests). */
  availability: number;
  /** Of successful reads / writes, as the client saw them. */
  readLatencyMs: LatencySummary;
  writeLatencyMs: LatencySummary;
  /** Successful reads that returned an older version than the one committed when they were served. */
  staleReads: number;
  /** staleReads / successful reads. */
  staleReadRate: number;
  /** The longest time a stale read's value had already been overwritten when it was served. */
  maxStalenessMs: number;
  /** Successful reads that missed the same session's own acknowledged write to that key. */
  rywViolations: number;
  /** Acknowledged writes that are no longer part of the committed state (failover or LWW reconcile). */
  lostWrites: number;
  /** Keys written on both sides of a split brain (or concurrently in quorum mode), reconciled by last-writer-wins. */
  conflicts: number;
  /** Elections won after the start. */
  leaderChanges: number;
  /** Most nodes of one cluster acting as leader at the same time (2+ is split brain). */
  maxConcurrentLeaders: number;
  /** Longest time from losing a leader to electing the next; null when no failover happened. */
  failoverMs: number | null;
  /** Longest time from a write's acceptance at the leader to its apply on a replica. */
  maxReplicationLagMs: number;
  // Beyond DESIGN.md §5 -----------------------------------------------------------------------
  reads: number;
  writes: number;
  /** Failed with an error response (no leader, overload, breaker open, ...). */
  refused: number;
  /** Failed because the client gave up waiting. */
  timedOut: number;
  /** Issued but not complete when the run ended (not in `requests`). */
  inFlight: number;
  /**
   * Operations the workload wanted to start while their session was busy with one and already
   * had the next one waiting (a session runs one operation at a time): load the clients could
   * not offer.
   */
  skipped: number;
  /** History ids of the lost writes (the first 10,000). */
  lostWriteIds: number[];
}

/** One value per simulated second, columnar (ready for a chart). */
export interface Series {
  /** Second index: values cover [t, t + 1) s. */
  t: number[];
  requests: number[];
  ok: number[];
  failed: number[];
  /** Successful reads: what `staleReads` is a share of (the run's `staleReadRate`, per second). */
  okReads: number[];
  staleReads: number[];
  p50Ms: number[];
  p99Ms: number[];
  /** Longest replication lag of the applies in that second. */
  maxLagMs: number[];
  /** Nodes acting as leader at the end of the second (all clusters). */
  leaders: number[];
  /** Messages waiting in queues at the end of the second. */
  queueDepth: number[];
}

export type SimEventKind =
  | 'fault'
  | 'recover'
  | 'election'
  | 'step-down'
  | 'lost-writes'
  | 'reconcile'
  | 'breaker'
  | 'health'
  | 'note';

export interface SimEvent {
  atMs: number;
  kind: SimEventKind;
  /** The node (instance) it is about, when it is about one. */
  node?: string;
  message: string;
  /** Elections and step-downs: the database cluster (its primary component's id) and the term. */
  cluster?: string;
  term?: number;
}

export interface Run {
  seed: number;
  durationS: number;
  scenario: Scenario;
  metrics: Metrics;
  series: Series;
  events: SimEvent[];
  /** Events left out once the log reached its cap. */
  eventsDropped: number;
  /** Present when history recording was on. */
  history?: History;
  /** Operations not kept because the history reached its cap. */
  historyDropped: number;
  /** Events the engine processed (for benchmarks). */
  eventCount: number;
}

export type NodeStatus = 'up' | 'down';
export type NodeRole = 'leader' | 'follower' | 'candidate' | 'replica';

/** One node, as the panel draws it on the diagram. */
export interface NodeSnapshot {
  /** Instance name: the component id, or `id#n` for one of several instances. */
  id: string;
  component: string;
  status: NodeStatus;
  /** Cut off from at least one other node by an active partition. */
  partitioned: boolean;
  /** Latency multiplier from a `slow` fault (1 when normal). */
  slow: number;
  /** Databases only. */
  role?: NodeRole;
  term?: number;
  /** Replication lag behind its leader, ms (followers). */
  lagMs?: number;
  /** Busy slots / concurrency (0..1). */
  load: number;
  queued: number;
  /** A load balancer's view of this node, when one health-checks it. */
  healthy?: boolean;
  /** The worst circuit-breaker state on this node's outgoing calls. */
  breaker?: 'closed' | 'open' | 'half-open';
}

/** One drawn component, summarised over its instances: what the panel paints on the node. */
export interface ComponentSnapshot {
  /** The component id (the Mermaid node id). */
  id: string;
  /** The most telling state of its instances: down (all down) > partitioned > slow > leader > follower > up. */
  state: 'leader' | 'follower' | 'up' | 'down' | 'partitioned' | 'slow';
  /** A short line for under the node: `2/3 up, lag 120 ms, breaker open`. */
  note: string;
  instances: number;
  up: number;
  /** The instance leading, when this component holds a database leader. */
  leader?: string;
  /** Largest replication lag among its live followers. */
  lagMs?: number;
  breaker?: 'open' | 'half-open';
  partitioned?: boolean;
  slow?: number;
  queued?: number;
}

export interface SimSnapshot {
  nowMs: number;
  durationMs: number;
  done: boolean;
  nodes: NodeSnapshot[];
  /** Filled by the facade: one entry per component, in design order. */
  components?: ComponentSnapshot[];
  requests: number;
  ok: number;
  failed: number;
  staleReads: number;
  lostWrites: number;
}
