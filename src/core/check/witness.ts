/**
 * Minimal witnesses of non-linearizability. The search already yields the shortest failing
 * prefix (the operation whose return no configuration got past, and everything called before
 * it). That prefix is then shrunk, delta-debugging style, to a subset where removing any one
 * more operation makes the rest linearizable: what is left is what a person has to look at.
 *
 * A removal must leave every read explained by a write that is still there (Model.explained):
 * otherwise the smallest "witness" would always be a lone read of a value nobody wrote,
 * which is true but teaches nothing. Removing a write therefore also removes the reads that
 * only it explained, and the writes the culprit itself needs are pinned from the start.
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
/** Model calls worth spending on pinning the culprit's writers (see below). */
const PIN_BUDGET = 2e7;

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
    // Setting a search up costs about as much as a step per op: count it, so the budget
    // bounds the time shrinking a long prefix can take.
    budget.stepsUsed += ops.length;
    steps += ops.length;
    const search = new PartitionSearch(ops, model, initial);
    const outcome = search.run(Math.min(TEST_STEPS, left), budget);
    steps += search.steps;
    if (outcome === 'running') {
      inconclusive = true;
      return undefined;
    }
    return outcome === 'fail' ? search : undefined;
  };

  const sorted = [...prefix].sort(byInvoke);
  // The culprit, and a smallest set of writes that explains what it observed, stay in every
  // candidate until the last pass. Found by elimination: O(writes²) model calls, skipped when
  // that would cost more than the shrinking it saves.
  const pinned = new Set<HistoryOp>([culprit]);
  const allWrites = sorted.filter((op) => op.op !== 'read');
  // It observed a value no write in the history can have produced: that alone is the violation.
  if (!model.explained(culprit, initial, allWrites)) return { ops: [culprit], culprit, minimal: true, steps };
  const size = typeof culprit.value === 'string' ? culprit.value.length : 1;
  if (allWrites.length * allWrites.length * Math.max(1, size / 16) <= PIN_BUDGET && model.explained(culprit, initial, allWrites)) {
    let needed = allWrites;
    for (const w of allWrites) {
      const rest = needed.filter((x) => x !== w);
      if (model.explained(culprit, initial, rest)) needed = rest;
    }
    for (const w of needed) pinned.add(w);
  }

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
  const without = (ops: HistoryOp[], drop: (op: HistoryOp) => boolean) => close(ops.filter((op) => pinned.has(op) || !drop(op)));

  // The whole prefix is known to fail (the search proved it); checking it again would cost as
  // much as that search did. Violations are usually local, so look for the shortest failing
  // suffix (plus the pinned ops) growing from the end: short suffixes are cheap to check, and
  // the first that fails is at most twice as long as needed.
  let cur = close(sorted);
  let last: PartitionSearch<S> | undefined;
  const accept = (cand: HistoryOp[]): boolean => {
    if (cand.length === 0 || (last && cand.length >= cur.length)) return false;
    const f = fails(cand);
    if (!f) return false;
    cur = cand;
    last = f;
    return true;
  };
  const base = cur;
  if (!base.includes(culprit)) return { ops: sorted, culprit, minimal: false, steps };
  for (let len = 1; !exhausted; len *= 2) {
    const keep = new Set(base.slice(Math.max(0, base.length - len)));
    if (accept(without(base, (op) => !keep.has(op))) || len >= base.length) break;
  }
  if (!last) {
    // Nothing shorter fails, or the budget ran out: the prefix is the witness.
    return { ops: base, culprit, minimal: false, steps };
  }
  accept(without(cur, (op) => op.op === 'read'));

  // Delta debugging over what is not pinned: remove chunks, halving their size, until no
  // single operation can go.
  let chunk = Math.max(1, Math.ceil(cur.length / 2));
  for (;;) {
    let changed = false;
    for (let i = 0; !exhausted; ) {
      const free = cur.filter((op) => !pinned.has(op));
      if (i >= free.length) break;
      const drop = new Set(free.slice(i, i + chunk));
      if (accept(without(cur, (op) => drop.has(op)))) changed = true;
      else i += chunk;
    }
    if (exhausted) break;
    if (chunk === 1 && !changed) break;
    chunk = Math.max(1, Math.ceil(chunk / 2));
  }
  // Pins were a shortcut, not a requirement: a last pass without them makes sure no single
  // operation, the culprit included, can still go.
  pinned.clear();
  for (let changed = true; changed && !exhausted; ) {
    changed = false;
    for (const op of cur) {
      if (accept(without(cur, (x) => x === op))) {
        changed = true;
        break;
      }
    }
  }
  const failure = (last as PartitionSearch<S>).failure()!;
  return { ops: cur, culprit: cur[failure.culprit]!, minimal: !exhausted && !inconclusive, steps };
}
