/**
 * Minimal witnesses of non-linearizability. The search already yields the shortest failing
 * prefix (the operation whose return no configuration got past, and everything called before
 * it). That prefix is then shrunk, delta-debugging style, to a subset where removing any one
 * more operation makes the rest linearizable: what is left is what a person has to look at.
 *
 * A removal must leave every read explained by a write that is still there (Model.explained):
 * otherwise the smallest "witness" would always be a lone read of a value nobody wrote,
 * which is true but teaches nothing. Removing a write therefore also removes the reads that
 * only it explained.
 */
import type { HistoryOp } from '../sim/history';
import type { Model } from './model';
import { type Budget, PartitionSearch } from './search';

export interface ShrinkResult {
  ops: HistoryOp[];
  /** The op whose return cannot be passed in the final subset. */
  culprit: HistoryOp;
  minimal: boolean;
  steps: number;
}

/** Steps one subset check may take before it counts as "not shown to fail". */
const TEST_STEPS = 200_000;

function byInvoke(a: HistoryOp, b: HistoryOp): number {
  return a.invokeMs - b.invokeMs || a.id - b.id;
}

export function shrinkWitness<S>(prefix: readonly HistoryOp[], culprit: HistoryOp, model: Model<S>, initial: S, budget: Budget): ShrinkResult {
  let steps = 0;
  let exhausted = false;
  let inconclusive = false;
  const fails = (ops: readonly HistoryOp[]): PartitionSearch<S> | undefined => {
    const left = budget.maxSteps - budget.stepsUsed;
    if (left <= 0 || (budget.now && budget.now() > budget.deadline)) {
      exhausted = true;
      return undefined;
    }
    const search = new PartitionSearch(ops, model, initial);
    const outcome = search.run(Math.min(TEST_STEPS, left), budget);
    steps += search.steps;
    if (outcome === 'running') {
      inconclusive = true;
      return undefined;
    }
    return outcome === 'fail' ? search : undefined;
  };

  /** Drops the observing ops no remaining write explains, until nothing changes. */
  const close = (ops: HistoryOp[]): HistoryOp[] => {
    let cur = ops;
    for (;;) {
      const writes = cur.filter((op) => op.op !== 'read');
      const kept = cur.filter((op) => model.explained(op, initial, writes));
      if (kept.length === cur.length) return cur;
      cur = kept;
    }
  };

  const sorted = [...prefix].sort(byInvoke);
  let cur = close(sorted);
  let last = fails(cur);
  if (!last) {
    // Cannot happen for a prefix the search proved failing unless the budget ran out; keep it whole.
    return { ops: sorted, culprit, minimal: false, steps };
  }
  // Violations are usually local: find (by bisection) a short suffix of the prefix that still
  // fails, so delta debugging starts from a handful of operations rather than the whole prefix.
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi && !exhausted) {
    const mid = (lo + hi + 1) >> 1;
    const cand = close(sorted.slice(mid));
    const f = cand.length > 0 ? fails(cand) : undefined;
    if (f) {
      lo = mid;
      cur = cand;
      last = f;
    } else hi = mid - 1;
  }
  let chunk = Math.max(1, Math.ceil(cur.length / 2));
  for (;;) {
    let changed = false;
    for (let i = 0; i < cur.length && !exhausted; ) {
      const removed = new Set(cur.slice(i, i + chunk));
      const cand = close(cur.filter((op) => !removed.has(op)));
      const f = cand.length > 0 && cand.length < cur.length ? fails(cand) : undefined;
      if (f) {
        cur = cand;
        last = f;
        changed = true;
      } else i += chunk;
    }
    if (exhausted) break;
    if (chunk === 1 && !changed) break;
    chunk = Math.max(1, Math.ceil(chunk / 2));
  }
  const failure = last.failure()!;
  return { ops: cur, culprit: cur[failure.culprit]!, minimal: !exhausted && !inconclusive, steps };
}
