import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../src/core/check/check';
import { casRegisterModel, kvModel, type Model } from '../../../src/core/check/model';
import { isEffective } from '../../../src/core/check/search';
import type { History, HistoryOp, Outcome, Value } from '../../../src/core/sim/history';

type Reg = Value | null;

interface Step {
  session: number;
  key: number;
  kind: 'read' | 'write' | 'cas';
  value: number;
  expect: number;
  before: number;
  after: number;
  gap: number;
  fate: 'ok' | 'unknown-applied' | 'unknown-lost' | 'fail';
}

const stepArb = (values: number) =>
  fc.record<Step>({
    session: fc.integer({ min: 0, max: 4 }),
    key: fc.integer({ min: 0, max: 2 }),
    kind: fc.constantFrom('read', 'read', 'write', 'write', 'cas'),
    value: fc.integer({ min: 1, max: values }),
    expect: fc.integer({ min: 0, max: values }),
    before: fc.integer({ min: 0, max: 30 }),
    after: fc.integer({ min: 0, max: 30 }),
    gap: fc.integer({ min: 1, max: 10 }),
    fate: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'ok', 'unknown-applied', 'unknown-lost', 'fail'),
  });

/**
 * Runs the steps against a correct sequential register store, one linearization point per
 * step in increasing time, and records what the clients saw with intervals drawn at random
 * around those points (a session waits for its previous operation). What comes out is
 * linearizable by construction. `unique` makes every written value distinct.
 */
function sequentialHistory(steps: Step[], unique: boolean): History {
  const state = new Map<number, Reg>();
  const freeAt = new Map<number, number>();
  const ops: HistoryOp[] = [];
  let t = 0;
  let serial = 100;
  for (const s of steps) {
    t = Math.max(t + s.gap, (freeAt.get(s.session) ?? 0) + 1);
    const invokeMs = Math.max(t - s.before, freeAt.get(s.session) ?? 0);
    const completeMs = t + s.after;
    const key = `k${s.key}`;
    const cur = state.get(s.key) ?? null;
    const value = unique ? serial++ : s.value;
    const base = { id: ops.length, session: `c${s.session}`, key, invokeMs, completeMs };
    const outcome: Outcome = s.fate === 'ok' ? 'ok' : s.fate === 'fail' ? 'fail' : 'unknown';
    const applies = s.fate === 'ok' || s.fate === 'unknown-applied';
    if (s.kind === 'read') {
      ops.push({ ...base, op: 'read', value: outcome === 'ok' ? cur : null, outcome });
    } else if (s.kind === 'write') {
      if (applies) state.set(s.key, value);
      ops.push({ ...base, op: 'write', value, outcome });
    } else {
      const expected = s.expect === 0 ? null : unique ? (s.expect % 2 === 0 ? cur : -s.expect) : s.expect;
      const swapped = expected === cur;
      if (applies && swapped) state.set(s.key, value);
      const op: HistoryOp = { ...base, op: 'cas', value: [expected, value], outcome };
      if (outcome === 'ok') op.swapped = swapped;
      ops.push(op);
    }
    freeAt.set(s.session, completeMs);
  }
  return { initial: null, ops };
}

/** Exhaustive search over orders, for small histories: the oracle the real search must agree with. */
function bruteForce(h: History, model: Model = casRegisterModel as Model): boolean {
  const byKey = new Map<string, HistoryOp[]>();
  for (const op of h.ops.filter(isEffective)) byKey.set(op.key, [...(byKey.get(op.key) ?? []), op]);
  const step = (s: unknown, op: HistoryOp) => model.step(s, op);
  for (const ops of byKey.values()) {
    const placed = new Set<HistoryOp>();
    const go = (state: unknown): boolean => {
      const pending = ops.filter((o) => !placed.has(o));
      if (pending.every((o) => o.outcome !== 'ok')) return true;
      for (const x of pending) {
        // x may go next unless a required op not yet placed returned before x was called.
        if (pending.some((y) => y !== x && y.outcome === 'ok' && y.completeMs < x.invokeMs)) continue;
        const next = step(state, x);
        if (next === undefined) continue;
        placed.add(x);
        const ok = go(next);
        placed.delete(x);
        if (ok) return true;
      }
      return false;
    };
    if (!go(model.init(h.initial))) return false;
  }
  return true;
}

const randomHistory = fc
  .array(
    fc.record({
      session: fc.integer({ min: 0, max: 5 }),
      kind: fc.constantFrom('read', 'write', 'cas'),
      a: fc.integer({ min: 0, max: 3 }),
      b: fc.integer({ min: 1, max: 3 }),
      start: fc.integer({ min: 0, max: 40 }),
      len: fc.integer({ min: 0, max: 25 }),
      outcome: fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'unknown', 'fail'),
      swapped: fc.boolean(),
    }),
    { minLength: 1, maxLength: 7 },
  )
  .map((raw) => {
    const v = (n: number): Reg => (n === 0 ? null : n);
    const ops: HistoryOp[] = raw.map((o, id) => {
      const base = { id, session: `s${id}`, key: 'x', invokeMs: o.start, completeMs: o.start + o.len, outcome: o.outcome };
      if (o.kind === 'read') return { ...base, op: 'read', value: o.outcome === 'ok' ? v(o.a) : null };
      if (o.kind === 'write') return { ...base, op: 'write', value: o.b };
      const op: HistoryOp = { ...base, op: 'cas', value: [v(o.a), o.b] };
      if (o.outcome === 'ok') op.swapped = o.swapped;
      return op;
    });
    return { initial: null, ops } as History;
  });

describe('properties', () => {
  it('a correct sequential register with random overlapping intervals is always linearizable, with no anomalies', () => {
    fc.assert(
      fc.property(fc.array(stepArb(4), { maxLength: 60 }), fc.boolean(), (steps, unique) => {
        const result = checkHistory(sequentialHistory(steps, unique));
        expect(result.verdict).toBe('linearizable');
        // Every anomaly the checker knows breaks a real-time order a linearization keeps.
        expect(result.anomalies).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a read of a value nobody wrote is never linearizable', () => {
    fc.assert(
      fc.property(fc.array(stepArb(4), { minLength: 1, maxLength: 40 }), fc.nat(), (steps, pick) => {
        const h = sequentialHistory(steps, false);
        const reads = h.ops.filter((o) => o.op === 'read' && o.outcome === 'ok');
        fc.pre(reads.length > 0);
        reads[pick % reads.length]!.value = 999;
        expect(checkHistory(h).verdict).toBe('not-linearizable');
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with an exhaustive search on small histories', () => {
    fc.assert(
      fc.property(randomHistory, (h) => {
        const expected = bruteForce(h) ? 'linearizable' : 'not-linearizable';
        expect(checkHistory(h, { model: 'cas-register' }).verdict).toBe(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees with an exhaustive search on small register histories with one write per value (where read inversions are looked for first)', () => {
    const uniqueWrites = fc
      .array(
        fc.record({
          kind: fc.constantFrom('read', 'read', 'write'),
          a: fc.integer({ min: 0, max: 4 }),
          start: fc.integer({ min: 0, max: 40 }),
          len: fc.integer({ min: 0, max: 12 }),
          outcome: fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'unknown', 'fail'),
        }),
        { minLength: 2, maxLength: 8 },
      )
      .map((raw) => {
        let written = 0;
        const ops: HistoryOp[] = raw.map((o, id) => {
          const base = { id, session: `s${id}`, key: 'x', invokeMs: o.start, completeMs: o.start + o.len, outcome: o.outcome };
          if (o.kind === 'write') return { ...base, op: 'write', value: ++written };
          return { ...base, op: 'read', value: o.outcome === 'ok' && o.a > 0 ? o.a : null };
        });
        return { initial: null, ops } as History;
      });
    fc.assert(
      fc.property(uniqueWrites, (h) => {
        const expected = bruteForce(h) ? 'linearizable' : 'not-linearizable';
        expect(checkHistory(h, { model: 'register' }).verdict).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with an exhaustive search on small kv histories', () => {
    const kvHistory = fc
      .array(
        fc.record({
          read: fc.boolean(),
          text: fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'abc', 'ca', 'bca'),
          piece: fc.constantFrom('a', 'b', 'c'),
          start: fc.integer({ min: 0, max: 30 }),
          len: fc.integer({ min: 0, max: 20 }),
          outcome: fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'unknown'),
        }),
        { minLength: 1, maxLength: 7 },
      )
      .map(
        (raw): History => ({
          initial: '',
          ops: raw.map((o, id) => ({
            id,
            session: `s${id}`,
            key: 'k',
            op: o.read ? 'read' : 'append',
            value: o.read ? o.text : o.piece,
            invokeMs: o.start,
            completeMs: o.start + o.len,
            outcome: o.outcome,
          })),
        }),
      );
    fc.assert(
      fc.property(kvHistory, (h) => {
        const expected = bruteForce(h, kvModel as Model) ? 'linearizable' : 'not-linearizable';
        expect(checkHistory(h, { model: 'kv' }).verdict).toBe(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('a witness is a subset of the history that fails on its own and is minimal', () => {
    // Sequential histories with one read corrupted to another value some write stored.
    const corrupted = fc.tuple(fc.array(stepArb(3), { minLength: 2, maxLength: 40 }), fc.nat(), fc.integer({ min: 1, max: 3 })).map(([steps, pick, value]) => {
      const h = sequentialHistory(steps, false);
      const reads = h.ops.filter((o) => o.op === 'read' && o.outcome === 'ok');
      if (reads.length > 0) reads[pick % reads.length]!.value = value;
      return h;
    });
    let failing = 0;
    fc.assert(
      fc.property(corrupted, (h) => {
        const result = checkHistory(h, { model: 'cas-register' });
        if (result.verdict !== 'not-linearizable') return;
        failing++;
        const byId = new Map(h.ops.map((o) => [o.id, o]));
        for (const a of result.anomalies.filter((x) => x.kind === 'not-linearizable')) {
          const ops = a.witness.ops;
          for (const o of ops) expect(byId.get(o.id)).toEqual(o);
          expect(ops.every((o) => o.key === a.key)).toBe(true);
          const alone = checkHistory({ initial: h.initial, ops }, { model: 'cas-register' });
          expect(alone.verdict).toBe('not-linearizable');
          if (ops.length <= 8) expect(bruteForce({ initial: h.initial, ops })).toBe(false);
          if (!a.witness.minimal) continue;
          // Minimal: without any one op, what is left is linearizable, or leaves a read of a
          // value no remaining write could have stored.
          for (const drop of ops) {
            const rest = ops.filter((o) => o !== drop);
            const writes = rest.filter((o) => o.op !== 'read');
            const explained = rest.every((o) => casRegisterModel.explained(o, null, writes));
            if (explained) expect(checkHistory({ initial: h.initial, ops: rest }, { model: 'cas-register' }).verdict).toBe('linearizable');
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(failing).toBeGreaterThan(30);
  });
});
