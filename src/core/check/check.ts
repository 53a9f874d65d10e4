/**
 * checkHistory: the whole checker behind one call. Linearizability key by key (Herlihy &
 * Wing's locality: a history is linearizable iff each key's sub-history is, which Porcupine
 * calls P-compositionality), then the session guarantees, stale reads and lost writes, each
 * violation with a witness small enough to read.
 */
import type { History, HistoryOp } from '../sim/history';
import { describeCall, describeReturn, witnessDiagram } from './mermaid';
import { inferModel, type Model, type ModelName, modelByName } from './model';
import { isEffective, makeBudget, PartitionSearch } from './search';
import { analyseSessions, type Finding } from './sessions';
import { type Anomaly, ANOMALY_KINDS, type AnomalyKind, type CheckOptions, type CheckResult, type KeyResult, type Verdict } from './types';
import { timeFormat } from './time';
import { shrinkWitness } from './witness';

const DEFAULT_MAX_STEPS = 100_000_000;
const DEFAULT_WITNESS_STEPS = 2_000_000;
const DEFAULT_MAX_PER_KIND = 20;
/** First slice of steps each key gets per round; slices double every round. */
const FIRST_SLICE = 1024;
const MAX_SLICE = 1 << 22;

/** Why a history cannot be checked under `model`, or undefined when it can. */
export function unsupportedOps(history: History, model: ModelName): string | undefined {
  const m = modelByName(model);
  const counts = new Map<string, number>();
  for (const op of history.ops) if (!m.kinds.includes(op.op)) counts.set(op.op, (counts.get(op.op) ?? 0) + 1);
  if (counts.size === 0) return undefined;
  const what = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  const hint = counts.has('append') ? 'kv' : 'cas-register';
  return `the ${model} model has no ${[...counts.keys()].join(' or ')} (the history has ${what}); use --model ${hint}`;
}

/** Structural problems that would make the search meaningless, in the first op that has one. */
function malformed(history: History): string | undefined {
  const ids = new Set<number>();
  for (const op of history.ops) {
    if (!Number.isFinite(op.invokeMs) || !Number.isFinite(op.completeMs)) return `operation ${op.id}: times must be finite numbers`;
    if (op.completeMs < op.invokeMs) return `operation ${op.id}: completes (${op.completeMs} ms) before it is invoked (${op.invokeMs} ms)`;
    if (ids.has(op.id)) return `operation ids must be unique (${op.id} appears twice)`;
    ids.add(op.id);
    if (op.op === 'cas' && (!Array.isArray(op.value) || op.value.length !== 2)) return `operation ${op.id}: a cas needs value [expected, new]`;
    if (op.op === 'cas' && op.outcome === 'ok' && typeof op.swapped !== 'boolean') return `operation ${op.id}: an ok cas must say whether it swapped`;
  }
  return undefined;
}

function emptyCounts(): Record<AnomalyKind, number> {
  return Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) as Record<AnomalyKind, number>;
}

function byInvoke(a: HistoryOp, b: HistoryOp): number {
  return a.invokeMs - b.invokeMs || a.id - b.id;
}

/**
 * Drops writes with an unknown outcome whose value no successful read returned. Such a write
 * may take effect at any time after its call, or never, and taking effect at the very end
 * changes nothing any operation saw: a linearization with it exists iff one without it does.
 * Only sound for plain registers (a cas observes the state without returning it). Histories
 * from failovers are full of them (every write sent to a dead leader times out), and each one
 * left in doubles the configurations a non-linearizable key must exhaust.
 */
function withoutUnobservedWrites(ops: HistoryOp[]): HistoryOp[] {
  if (!ops.some((op) => op.op === 'write' && op.outcome === 'unknown')) return ops;
  const seen = new Set<string>();
  for (const op of ops) if (op.op === 'read' && op.outcome === 'ok') seen.add(valueKey(op.value));
  return ops.filter((op) => !(op.op === 'write' && op.outcome === 'unknown' && !seen.has(valueKey(op.value))));
}

/**
 * A read inversion on a plain register where every value has one write: read r1 returned v1,
 * read r2 began after r1 ended and returned v2, and v2's write had ended before v1's write began
 * (or v2 is the initial value and v1 was written). Those operations alone are not linearizable:
 * w2 precedes w1, w1 precedes r1, r1 precedes r2, so r2 cannot return v2. And as they include
 * the writer of every value they read, restricting any linearization of the whole key to them
 * would be one of them, so the key is not linearizable either. One sweep over the reads, before
 * the search: a busy key whose search would run out of steps still gets its verdict.
 * A write whose outcome is unknown may take effect after its call ends: it never "had ended".
 */
function readInversion(ops: HistoryOp[], initial: unknown): HistoryOp[] | undefined {
  const writer = new Map<string, HistoryOp>();
  for (const op of ops) {
    if (op.op !== 'write') continue;
    const k = valueKey(op.value);
    if (writer.has(k)) return undefined;
    writer.set(k, op);
  }
  const initialKey = valueKey(initial);
  if (writer.has(initialKey)) return undefined;
  // Per read: its value's write (none for the initial value), when that began and ended (the
  // initial value: before everything).
  const reads: { op: HistoryOp; w: HistoryOp | undefined; start: number; end: number }[] = [];
  for (const op of ops) {
    if (op.op !== 'read' || op.outcome !== 'ok') continue;
    const k = valueKey(op.value);
    if (k === initialKey) reads.push({ op, w: undefined, start: -Infinity, end: -Infinity });
    else {
      const w = writer.get(k);
      if (w) reads.push({ op, w, start: w.invokeMs, end: w.outcome === 'ok' ? w.completeMs : Infinity });
    }
  }
  const byEnd = [...reads].sort((a, b) => a.op.completeMs - b.op.completeMs);
  const byStart = [...reads].sort((a, b) => a.op.invokeMs - b.op.invokeMs);
  // Sweep r2 by invocation; `latest` is the read, among those ended before it, whose value's
  // write began last.
  let latest: (typeof reads)[number] | undefined;
  let i = 0;
  for (const r2 of byStart) {
    while (i < byEnd.length && byEnd[i]!.op.completeMs < r2.op.invokeMs) {
      if (!latest || byEnd[i]!.start > latest.start) latest = byEnd[i];
      i++;
    }
    if (latest && r2.end < latest.start) {
      // r1 read a written value (its write began after r2's ended, so not before everything).
      const found = [latest.op, latest.w!, r2.op];
      if (r2.w) found.push(r2.w);
      return found.sort(byInvoke);
    }
  }
  return undefined;
}

function valueKey(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v ?? null)}`;
}

export function checkHistory(history: History, options: CheckOptions = {}): CheckResult {
  const modelName = options.model ?? inferModel(history.ops);
  const model = modelByName(modelName) as Model<unknown>;
  const sessionsCount = new Set(history.ops.map((op) => op.session)).size;
  const byKey = new Map<string, HistoryOp[]>();
  for (const op of history.ops) {
    const list = byKey.get(op.key);
    if (list) list.push(op);
    else byKey.set(op.key, [op]);
  }
  const result: CheckResult = {
    verdict: 'unknown',
    model: modelName,
    anomalies: [],
    keys: [],
    stats: {
      ops: history.ops.length,
      keys: byKey.size,
      sessions: sessionsCount,
      steps: 0,
      witnessSteps: 0,
      anomalyCounts: emptyCounts(),
      anomaliesOmitted: 0,
      staleReads: 0,
      readsWithTruth: 0,
      keysWithoutUniqueWrites: 0,
      stepLimitReached: false,
      timeLimitReached: false,
    },
  };
  const problem = unsupportedOps(history, modelName) ?? malformed(history);
  if (problem) {
    result.error = problem;
    return result;
  }

  const initial = model.init(history.initial);
  const time = timeFormat(history.timeUnit);
  const budget = makeBudget(options.maxSteps ?? DEFAULT_MAX_STEPS, options.now, options.timeBudgetMs);

  // --- Linearizability, key by key, interleaved so one hard key cannot starve the others.
  interface KeyRun {
    key: string;
    ops: HistoryOp[];
    /** Ops that took effect or may have (what the key result reports), unobserved ones included. */
    effectiveOps: number;
    search: PartitionSearch<unknown>;
  }
  const runs: KeyRun[] = [...byKey].map(([key, ops]) => {
    const effective = ops.filter(isEffective);
    const searched = modelName === 'register' ? withoutUnobservedWrites(effective) : effective;
    const inversion = modelName === 'register' ? readInversion(searched, history.initial) : undefined;
    if (inversion) {
      // Confirmed by the search itself on those few operations (it takes a handful of steps).
      const small = new PartitionSearch(inversion, model, initial);
      if (small.run(10_000, makeBudget(10_000)) === 'fail') return { key, ops: inversion, effectiveOps: effective.length, search: small };
    }
    return { key, ops: searched, effectiveOps: effective.length, search: new PartitionSearch(searched, model, initial) };
  });
  let active = runs.filter((r) => r.search.outcome === 'running');
  let slice = FIRST_SLICE;
  let stopReason: string | undefined;
  while (active.length > 0) {
    let failed = false;
    for (const run of active) {
      const left = budget.maxSteps - budget.stepsUsed;
      if (left <= 0) {
        result.stats.stepLimitReached = true;
        stopReason = `step limit reached (${budget.maxSteps} steps)`;
        break;
      }
      if (budget.now && budget.now() > budget.deadline) {
        result.stats.timeLimitReached = true;
        stopReason = 'time limit reached';
        break;
      }
      if (run.search.run(Math.min(slice, left), budget) === 'fail') failed = true;
    }
    if (stopReason) break;
    active = active.filter((r) => r.search.outcome === 'running');
    if (failed && !options.decideAllKeys && active.length > 0) {
      stopReason = 'not decided: checking stopped once another key was found not linearizable';
      break;
    }
    slice = Math.min(slice * 2, MAX_SLICE);
  }
  result.stats.steps = budget.stepsUsed;

  let anyFail = false;
  let anyUnknown = false;
  for (const run of runs) {
    const outcome = run.search.outcome;
    const verdict: Verdict = outcome === 'ok' ? 'linearizable' : outcome === 'fail' ? 'not-linearizable' : 'unknown';
    if (verdict === 'not-linearizable') anyFail = true;
    if (verdict === 'unknown') anyUnknown = true;
    const k: KeyResult = { key: run.key, verdict, ops: run.effectiveOps, steps: run.search.steps };
    if (verdict === 'unknown') k.note = stopReason ?? 'not decided';
    result.keys.push(k);
  }
  result.verdict = anyFail ? 'not-linearizable' : anyUnknown ? 'unknown' : 'linearizable';

  // --- Witnesses for the keys that failed: shortest failing prefix, then shrunk.
  const findings: Finding[] = [];
  const witnessBudget = makeBudget(options.witnessSteps ?? DEFAULT_WITNESS_STEPS, options.now, remainingMs(budget));
  const minimalById = new Map<string, boolean>();
  for (const run of runs) {
    if (run.search.outcome !== 'fail') continue;
    const failure = run.search.failure()!;
    const prefix = failure.prefix.map((i) => run.ops[i]!);
    const shrunk =
      options.shrinkWitnesses === false
        ? { ops: [...prefix].sort(byInvoke), culprit: run.ops[failure.culprit]!, minimal: false }
        : shrinkWitness(prefix, run.ops[failure.culprit]!, model, initial, witnessBudget);
    const c = shrunk.culprit;
    minimalById.set(run.key, shrunk.minimal);
    findings.push({
      kind: 'not-linearizable',
      key: run.key,
      message:
        `key ${JSON.stringify(run.key)} is not linearizable: no order of these ${shrunk.ops.length} operations both respects ` +
        `their real-time order and explains ${model.describeOp(c)} (#${c.id}, session ${JSON.stringify(c.session)}, ${time.span(c.invokeMs, c.completeMs)})`,
      witness: shrunk.ops,
      focus: [c.id],
    });
  }
  result.stats.witnessSteps = witnessBudget.stepsUsed;

  // --- Session guarantees, stale reads, lost writes.
  const sessions = analyseSessions(history, modelName);
  findings.push(...sessions.findings);
  result.stats.staleReads = sessions.staleReads;
  result.stats.readsWithTruth = sessions.readsWithTruth;
  result.stats.keysWithoutUniqueWrites = sessions.keysWithoutUniqueWrites;

  const limit = options.maxAnomaliesPerKind ?? DEFAULT_MAX_PER_KIND;
  const order = new Map(ANOMALY_KINDS.map((k, i) => [k, i]));
  findings.sort((a, b) => order.get(a.kind)! - order.get(b.kind)!);
  for (const f of findings) {
    const n = result.stats.anomalyCounts[f.kind]++;
    if (n >= limit) {
      result.stats.anomaliesOmitted++;
      continue;
    }
    const ops = [...new Set(f.witness)].sort(byInvoke);
    const anomaly: Anomaly = {
      kind: f.kind,
      key: f.key,
      message: f.message,
      ops: f.focus,
      witness: {
        ops,
        mermaid: witnessDiagram(ops, {
          describeCall,
          describeReturn,
          highlight: f.focus,
          caption: captionFor(f.kind),
          timeUnit: history.timeUnit,
        }),
        minimal: f.kind === 'not-linearizable' ? (minimalById.get(f.key) ?? false) : true,
      },
    };
    result.anomalies.push(anomaly);
  }
  return result;
}

function remainingMs(budget: { now?: () => number; deadline: number }): number | undefined {
  if (!budget.now || !Number.isFinite(budget.deadline)) return undefined;
  // Witnesses get whatever the search left, but at least a moment: a verdict without its
  // witness is much less useful, and shrinking small prefixes takes milliseconds.
  return Math.max(budget.deadline - budget.now(), 250);
}

function captionFor(kind: AnomalyKind): string {
  switch (kind) {
    case 'not-linearizable':
      return 'no sequential order explains the marked response';
    case 'lost-write':
      return 'an acknowledged write was lost';
    case 'read-your-writes':
      return 'the session did not read its own write';
    case 'monotonic-reads':
      return 'the session read an older value after a newer one';
    case 'monotonic-writes':
      return "a session's writes became visible out of order";
    case 'writes-follow-reads':
      return 'a write became visible before what its session had read';
    case 'stale-read':
      return 'the read returned an older version than the committed one';
  }
}
