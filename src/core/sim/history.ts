/**
 * The operation history: what clients saw, recorded by the simulator (or read from another
 * system's log) and verified independently by core/check. DESIGN.md §5; the file format is
 * documented in docs/history.md.
 *
 * Times are virtual milliseconds. An operation's interval [invokeMs, completeMs] is closed:
 * two operations whose intervals touch are concurrent.
 */

export type Value = string | number;

export type OpKind = 'read' | 'write' | 'cas' | 'append';

/**
 * - `ok`: completed; its response is known (for a read, `value` is what it returned; for a
 *   cas, `swapped` says whether it applied).
 * - `fail`: definitely did not take effect (refused, rejected before applying).
 * - `unknown`: may or may not have taken effect (timed out, connection lost).
 */
export type Outcome = 'ok' | 'fail' | 'unknown';

export interface HistoryOp {
  /** Unique within the history; also the id lost writes are reported by. */
  id: number;
  /** The client session that issued it. A session has at most one operation outstanding. */
  session: string;
  key: string;
  op: OpKind;
  /**
   * write / append: the value written. read: the value returned when `ok` (null = absent).
   * cas: `[expected, new]`.
   */
  value: Value | null | [Value | null, Value];
  /** cas only, when `ok`: whether the compare matched and the new value was stored. */
  swapped?: boolean;
  invokeMs: number;
  /** When the client saw the response or gave up (for `unknown`, the timeout). */
  completeMs: number;
  outcome: Outcome;
  /** Which node served it, when known (drawn in witness diagrams). */
  node?: string;
  /** Why it failed, when it did (`refused: no leader`, `timeout`, ...). */
  error?: string;
  /**
   * Simulator ground truth, absent in histories from elsewhere: for a read, the version of
   * the key that was committed when the read was served, and the version it returned.
   */
  truth?: { committedVersion: number; returnedVersion: number; stale: boolean };
}

export interface History {
  /** Initial value of every key (null = absent). */
  initial?: Value | null;
  /**
   * What the times count: virtual milliseconds (the default), or line numbers for logs that
   * carry no clock (Jepsen and EDN logs), so reports do not call a line number a millisecond.
   */
  timeUnit?: 'ms' | 'line';
  ops: HistoryOp[];
}
