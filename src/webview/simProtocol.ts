// Runs in the panel's page and in its simulation worker. Messages between the two: the page
// drives the run (load, play, pause, step, faults); the worker streams frames of state back.
// Both sides are our own bundle, so these are typed but not re-validated; the worker still
// ignores anything it does not recognise.
import type { Design } from '../core/design/types';

/** What the controls set. Names follow the scenario format (DESIGN.md §5). */
export interface SimSettings {
  preset: string;
  rps: number;
  readRatio: number;
  /** `design`: each database cluster replicates the way its links are drawn. */
  replication: 'design' | 'async' | 'semi-sync' | 'sync' | 'quorum';
  reads: 'primary' | 'replica' | 'read-your-writes' | 'quorum';
  partitionMode: 'CP' | 'AP';
  seed: number;
  durationS: number;
  /** Virtual seconds per real second. */
  speed: number;
}

export type NodeStateName = 'leader' | 'follower' | 'up' | 'down' | 'partitioned' | 'slow';

export type UserFault =
  | { kind: 'crash'; target: string }
  | { kind: 'restart'; target: string }
  | { kind: 'slow'; target: string }
  | { kind: 'partition'; groups: string[][] }
  | { kind: 'heal' };

export type PageToWorker =
  | { readonly type: 'load'; runId: number; design: Design; settings: SimSettings }
  | { readonly type: 'play'; runId: number; speed: number }
  | { readonly type: 'pause'; runId: number }
  | { readonly type: 'step'; runId: number; ms: number }
  | { readonly type: 'speed'; runId: number; speed: number }
  | { readonly type: 'fault'; runId: number; fault: UserFault };

/** One point per virtual second. */
export interface SeriesPoint {
  t: number;
  throughput: number;
  errors: number;
  p99Ms: number;
  staleRate: number;
  lagMs: number;
}

export interface MetricsView {
  requests: number;
  ok: number;
  failed: number;
  availability: number;
  readP99Ms: number;
  writeP99Ms: number;
  staleReads: number;
  staleReadRate: number;
  maxStalenessMs: number;
  rywViolations: number;
  lostWrites: number;
  leaderChanges: number;
  maxConcurrentLeaders: number;
  failoverMs: number;
  maxReplicationLagMs: number;
}

export interface EventView {
  atMs: number;
  kind: string;
  text: string;
}

export interface VerdictView {
  /** What was checked, e.g. `linearizability (key k3)`, `read-your-writes`. */
  name: string;
  /** true: holds; false: violated; undefined: could not decide. */
  ok: boolean | undefined;
  text: string;
  /** A Mermaid sequence diagram of the violation, when there is one. */
  witness?: string;
}

export type WorkerToPage =
  | {
      readonly type: 'frame';
      runId: number;
      nowMs: number;
      durationMs: number;
      playing: boolean;
      /** [component id, state, note]: every simulated component, every frame (cheap to diff on the page). */
      nodes: [string, NodeStateName, string][];
      /** Points completed since the previous frame. */
      points: SeriesPoint[];
      metrics: MetricsView;
      /** Events since the previous frame. */
      events: EventView[];
      finished: boolean;
    }
  | { readonly type: 'summary'; runId: number; metrics: MetricsView; verdicts: VerdictView[]; checkNote?: string }
  | { readonly type: 'error'; runId: number; message: string };
