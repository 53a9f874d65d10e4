/**
 * Everything a run reports, accumulated as the engine goes: totals, latency histograms, the
 * per-second series, the event log and the operation history. Definitions of every figure are
 * in docs/simulator.md; this file only counts.
 *
 * Memory stays bounded on long runs: histograms have a fixed size, the event log and the
 * in-memory history stop at their caps (what was left out is counted), and a history consumer
 * (`onOp`) can take every operation as it completes instead of keeping them.
 */
import { bucketFor, Histogram } from './histogram';
import type { HistoryOp } from './history';
import type { LatencySummary, Metrics, Series, SimEvent, SimEventKind } from './types';

/** Lost-write ids kept in the metrics (the count is exact beyond this). */
export const LOST_IDS_CAP = 10_000;

export interface RecorderOptions {
  /** Operations kept in `history` (0: none). */
  historyLimit: number;
  /** Called with every completed operation, whether or not it is kept. */
  onOp?: (op: HistoryOp) => void;
  eventLimit: number;
}

export class Recorder {
  requests = 0;
  ok = 0;
  failed = 0;
  refused = 0;
  timedOut = 0;
  reads = 0;
  writes = 0;
  okReads = 0;
  staleReads = 0;
  maxStalenessMs = 0;
  rywViolations = 0;
  lostWrites = 0;
  readonly lostWriteIds: number[] = [];
  conflicts = 0;
  leaderChanges = 0;
  maxConcurrentLeaders = 0;
  failoverMs = -1;
  maxReplicationLagMs = 0;
  skipped = 0;

  readonly readLatency = new Histogram();
  readonly writeLatency = new Histogram();

  // The second being filled.
  private sec = 0;
  private secRequests = 0;
  private secOk = 0;
  private secFailed = 0;
  private secOkReads = 0;
  private secStale = 0;
  private secMaxLag = 0;
  private readonly secLatency = new Histogram();
  readonly series: Series = { t: [], requests: [], ok: [], failed: [], okReads: [], staleReads: [], p50Ms: [], p99Ms: [], maxLagMs: [], leaders: [], queueDepth: [] };

  readonly events: SimEvent[] = [];
  eventsDropped = 0;
  readonly history: HistoryOp[] = [];
  historyDropped = 0;

  constructor(private readonly options: RecorderOptions) {}

  /** A completed operation (ok or failed). `latencyMs` is the client's view. */
  complete(isWrite: boolean, ok: boolean, timedOut: boolean, latencyMs: number): void {
    this.requests++;
    this.secRequests++;
    if (isWrite) this.writes++;
    else this.reads++;
    if (ok) {
      this.ok++;
      this.secOk++;
      const bucket = bucketFor(latencyMs);
      this.secLatency.add(bucket, latencyMs);
      if (isWrite) this.writeLatency.add(bucket, latencyMs);
      else {
        this.readLatency.add(bucket, latencyMs);
        this.okReads++;
        this.secOkReads++;
      }
    } else {
      this.failed++;
      this.secFailed++;
      if (timedOut) this.timedOut++;
      else this.refused++;
    }
  }

  staleRead(stalenessMs: number): void {
    this.staleReads++;
    this.secStale++;
    if (stalenessMs > this.maxStalenessMs) this.maxStalenessMs = stalenessMs;
  }

  lag(ms: number): void {
    if (ms > this.maxReplicationLagMs) this.maxReplicationLagMs = ms;
    if (ms > this.secMaxLag) this.secMaxLag = ms;
  }

  lost(opId: number): void {
    this.lostWrites++;
    if (this.lostWriteIds.length < LOST_IDS_CAP) this.lostWriteIds.push(opId);
  }

  wantsHistory(): boolean {
    return this.options.onOp !== undefined || this.history.length < this.options.historyLimit;
  }

  op(op: HistoryOp): void {
    this.options.onOp?.(op);
    if (this.history.length < this.options.historyLimit) this.history.push(op);
    else this.historyDropped++;
  }

  /** An operation the history cap left out (counted without building it). */
  opDropped(): void {
    this.historyDropped++;
  }

  event(atMs: number, kind: SimEventKind, message: string, node?: string, cluster?: string, term?: number): void {
    if (this.events.length >= this.options.eventLimit) {
      this.eventsDropped++;
      return;
    }
    const e: SimEvent = { atMs: round3(atMs), kind, message };
    if (node !== undefined) e.node = node;
    if (cluster !== undefined) e.cluster = cluster;
    if (term !== undefined) e.term = term;
    this.events.push(e);
  }

  /** Closes the current second; `leaders` and `queueDepth` are sampled now. */
  closeSecond(leaders: number, queueDepth: number): void {
    const s = this.series;
    s.t.push(this.sec);
    s.requests.push(this.secRequests);
    s.ok.push(this.secOk);
    s.failed.push(this.secFailed);
    s.okReads.push(this.secOkReads);
    s.staleReads.push(this.secStale);
    s.p50Ms.push(round3(this.secLatency.quantile(0.5)));
    s.p99Ms.push(round3(this.secLatency.quantile(0.99)));
    s.maxLagMs.push(round3(this.secMaxLag));
    s.leaders.push(leaders);
    s.queueDepth.push(queueDepth);
    this.sec++;
    this.secRequests = 0;
    this.secOk = 0;
    this.secFailed = 0;
    this.secOkReads = 0;
    this.secStale = 0;
    this.secMaxLag = 0;
    this.secLatency.reset();
  }

  metrics(inFlight: number): Metrics {
    return {
      requests: this.requests,
      ok: this.ok,
      failed: this.failed,
      availability: this.requests === 0 ? 1 : this.ok / this.requests,
      readLatencyMs: summary(this.readLatency),
      writeLatencyMs: summary(this.writeLatency),
      staleReads: this.staleReads,
      staleReadRate: this.okReads === 0 ? 0 : this.staleReads / this.okReads,
      maxStalenessMs: round3(this.maxStalenessMs),
      rywViolations: this.rywViolations,
      lostWrites: this.lostWrites,
      conflicts: this.conflicts,
      leaderChanges: this.leaderChanges,
      maxConcurrentLeaders: this.maxConcurrentLeaders,
      failoverMs: this.failoverMs < 0 ? null : round3(this.failoverMs),
      maxReplicationLagMs: round3(this.maxReplicationLagMs),
      reads: this.reads,
      writes: this.writes,
      refused: this.refused,
      timedOut: this.timedOut,
      inFlight,
      skipped: this.skipped,
      lostWriteIds: this.lostWriteIds.slice(),
    };
  }
}

function summary(h: Histogram): LatencySummary {
  return { p50: round3(h.quantile(0.5)), p95: round3(h.quantile(0.95)), p99: round3(h.quantile(0.99)), mean: round3(h.mean()) };
}

/** Microsecond resolution in reports: enough for latencies, and JSON stays short. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * An operation's time in the history: `round3`, except that it never rounds up into the next
 * second (2999.9997 ms is 2999.999, not 3000), so an operation falls in the same second of
 * the history as of the per-second series, which bins the exact time. Never decreasing, so
 * an operation's interval stays in order.
 */
export function historyMs(x: number): number {
  const r = round3(x);
  return Math.floor(r / 1000) === Math.floor(x / 1000) ? r : Math.floor(x * 1000) / 1000;
}
