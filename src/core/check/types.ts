/**
 * What the checker returns: plain data, so the CLI prints it, the panel draws it and a test
 * compares it, none of them knowing how it was computed.
 */
import type { HistoryOp } from '../sim/history';
import type { ModelName } from './model';

export type Verdict = 'linearizable' | 'not-linearizable' | 'unknown';

export type AnomalyKind =
  | 'not-linearizable'
  | 'read-your-writes'
  | 'monotonic-reads'
  | 'monotonic-writes'
  | 'writes-follow-reads'
  | 'stale-read'
  | 'lost-write';

export const ANOMALY_KINDS: readonly AnomalyKind[] = [
  'not-linearizable',
  'lost-write',
  'read-your-writes',
  'monotonic-reads',
  'monotonic-writes',
  'writes-follow-reads',
  'stale-read',
];

export interface Witness {
  /** The operations that show the violation, ordered by invocation time. */
  ops: HistoryOp[];
  /** The same as a Mermaid sequence diagram (sessions and nodes as participants). */
  mermaid: string;
  /**
   * not-linearizable only: false when shrinking stopped on its budget, so some operation in
   * `ops` may not be needed. The other kinds are built minimal.
   */
  minimal: boolean;
}

export interface Anomaly {
  kind: AnomalyKind;
  key: string;
  message: string;
  /** Ids of the operations the message is about, the main one last. */
  ops: number[];
  witness: Witness;
}

export interface KeyResult {
  key: string;
  verdict: Verdict;
  /** Operations on the key that took part in the search (failed ops and unknown reads do not). */
  ops: number;
  steps: number;
  /** Why the verdict is unknown, when it is. */
  note?: string;
}

export interface CheckStats {
  ops: number;
  keys: number;
  sessions: number;
  /** Search steps over all keys (the deterministic budget counts these). */
  steps: number;
  witnessSteps: number;
  /** Every anomaly found, per kind, including those left out of `anomalies`. */
  anomalyCounts: Record<AnomalyKind, number>;
  /** Anomalies found but not listed (beyond maxAnomaliesPerKind). */
  anomaliesOmitted: number;
  /** Reads the ground truth says returned an older version than the committed one. */
  staleReads: number;
  /** Reads that carried ground truth at all. */
  readsWithTruth: number;
  /**
   * Keys left out of the session, stale-read-witness and lost-write analyses because their
   * writes do not carry unique values (a read cannot say which write it saw).
   */
  keysWithoutUniqueWrites: number;
  stepLimitReached: boolean;
  timeLimitReached: boolean;
}

export interface CheckResult {
  verdict: Verdict;
  model: ModelName;
  anomalies: Anomaly[];
  keys: KeyResult[];
  stats: CheckStats;
  /** Set when the history could not be checked at all (an op the model cannot express, a malformed op). */
  error?: string;
}

export interface CheckOptions {
  /** Default: the smallest model covering the history's operations. */
  model?: ModelName;
  /** Deterministic budget: search steps over all keys. Default 100 million. */
  maxSteps?: number;
  /** Wall-clock budget; needs `now` (the core reads no clock of its own). */
  timeBudgetMs?: number;
  now?: () => number;
  /** Steps allowed for shrinking the witnesses of non-linearizable keys. Default 2 million. */
  witnessSteps?: number;
  /**
   * Shrink each non-linearizable key's failing prefix to a minimal witness (default true).
   * Off, the witness is the whole shortest failing prefix: for callers that only need verdicts.
   */
  shrinkWitnesses?: boolean;
  /** Anomalies listed per kind (all are counted in stats). Default 20. */
  maxAnomaliesPerKind?: number;
  /**
   * Keep searching the other keys once one is found not linearizable. Off by default, as in
   * Porcupine: the verdict is known, and a key's search can take exponential time.
   */
  decideAllKeys?: boolean;
}
