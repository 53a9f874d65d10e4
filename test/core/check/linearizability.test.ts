import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../src/core/check/check';
import { kvModel } from '../../../src/core/check/model';
import { makeBudget, searchPartition } from '../../../src/core/check/search';
import { cas, fixture, history, op, r, w } from './support';

const verdict = (ops: Parameters<typeof history>[0], initial: Parameters<typeof history>[1] = null) => checkHistory(history(ops, initial)).verdict;

describe('linearizability of a register', () => {
  // Porcupine's register examples (MIT 6.824 2017 quiz 2, section VII).
  it('accepts a read concurrent with a write returning either value', () => {
    expect(verdict([w('a', 'x', 100, 0, 100), r('b', 'x', 100, 25, 75), r('c', 'x', 0, 30, 60)], 0)).toBe('linearizable');
  });

  it('rejects an old value read after a new value was read', () => {
    expect(verdict([w('a', 'x', 200, 0, 100), r('b', 'x', 200, 10, 30), r('c', 'x', 0, 40, 90)], 0)).toBe('not-linearizable');
  });

  it('treats intervals as closed: operations that touch are concurrent', () => {
    // The write completes at 10 and the read starts at 10: the read may go first.
    expect(verdict([w('a', 'x', 1, 0, 10), r('b', 'x', null, 10, 20)])).toBe('linearizable');
    expect(verdict([w('a', 'x', 1, 0, 10), r('b', 'x', null, 11, 20)])).toBe('not-linearizable');
    // Zero-length operations at the same instant (Porcupine's TestZeroDuration).
    expect(verdict([w('a', 'x', 100, 0, 100), r('b', 'x', 100, 25, 75), r('c', 'x', 0, 30, 30), r('d', 'x', 0, 30, 30)], 0)).toBe('linearizable');
    expect(verdict([w('a', 'x', 200, 0, 100), r('b', 'x', 200, 10, 10), r('c', 'x', 200, 10, 10), r('d', 'x', 0, 40, 90)], 0)).toBe('not-linearizable');
  });

  it('lets an unknown write take effect late, or never', () => {
    // Timed out at 10, yet seen at 50: a request can arrive after the client gave up.
    expect(verdict([w('a', 'x', 1, 0, 10, 'unknown'), r('b', 'x', null, 20, 30), r('b', 'x', 1, 50, 60)])).toBe('linearizable');
    expect(verdict([w('a', 'x', 1, 0, 10, 'unknown'), r('b', 'x', null, 20, 30)])).toBe('linearizable');
    // But not before it was invoked.
    expect(verdict([r('b', 'x', 1, 0, 5), w('a', 'x', 1, 10, 20, 'unknown')])).toBe('not-linearizable');
  });

  it('ignores failed operations: they did not take effect', () => {
    expect(verdict([w('a', 'x', 1, 0, 10, 'fail'), r('b', 'x', null, 20, 30)])).toBe('linearizable');
    expect(verdict([w('a', 'x', 1, 0, 10, 'fail'), r('b', 'x', 1, 20, 30)])).toBe('not-linearizable');
  });

  it('checks compare-and-set: a swap needs the expected value, a failed compare needs another', () => {
    expect(verdict([w('a', 'x', 1, 0, 10), cas('b', 'x', 1, 2, 20, 30, true), r('c', 'x', 2, 40, 50)])).toBe('linearizable');
    expect(verdict([w('a', 'x', 1, 0, 10), cas('b', 'x', 3, 2, 20, 30, true)])).toBe('not-linearizable');
    expect(verdict([w('a', 'x', 1, 0, 10), cas('b', 'x', 1, 2, 20, 30, false)])).toBe('not-linearizable');
    expect(verdict([w('a', 'x', 1, 0, 10), cas('b', 'x', 3, 2, 20, 30, false), r('c', 'x', 1, 40, 50)])).toBe('linearizable');
    // cas from absent.
    expect(verdict([cas('b', 'x', null, 5, 0, 10, true), r('c', 'x', 5, 20, 30)])).toBe('linearizable');
    // An unknown cas applies only if it matches.
    expect(verdict([w('a', 'x', 1, 0, 10), cas('b', 'x', 3, 2, 20, 30, undefined, 'unknown'), r('c', 'x', 2, 40, 50)])).toBe('not-linearizable');
  });

  it('distinguishes numbers from strings', () => {
    expect(verdict([w('a', 'x', 1, 0, 10), r('b', 'x', '1', 20, 30)])).toBe('not-linearizable');
  });

  it('finds the new-then-old inversion between two readers, though each read returns a committed value', () => {
    const result = checkHistory(fixture('read-inversion.json'));
    expect(result.verdict).toBe('not-linearizable');
    const [a] = result.anomalies;
    expect(a?.kind).toBe('not-linearizable');
    expect(a?.key).toBe('x');
    // All four are needed: without the first write, 1 would be a value nobody wrote.
    expect(a?.witness.ops.map((o) => o.id)).toEqual([1, 2, 3, 4]);
    expect(a?.witness.minimal).toBe(true);
    expect(a?.message).toContain('read → 1');
    // No session sees both values, so no session guarantee is broken.
    expect(result.anomalies).toHaveLength(1);
  });
});

describe('keys are checked on their own (P-compositionality)', () => {
  it('reports which key failed', () => {
    const result = checkHistory(history([w('a', 'x', 1, 0, 10), r('b', 'x', 1, 20, 30), w('a', 'y', 1, 0, 10), r('b', 'y', null, 20, 30)]));
    expect(result.verdict).toBe('not-linearizable');
    expect(result.keys.map((k) => [k.key, k.verdict])).toEqual([
      ['x', 'linearizable'],
      ['y', 'not-linearizable'],
    ]);
    // The acknowledged write to y that the read missed and nobody saw again is also a lost write.
    expect(result.anomalies.map((a) => [a.kind, a.key])).toEqual([
      ['not-linearizable', 'y'],
      ['lost-write', 'y'],
    ]);
  });

  it('keeps keys named like Object.prototype members apart', () => {
    const result = checkHistory(history([w('a', '__proto__', 1, 0, 10), r('b', 'constructor', null, 20, 30), r('b', '__proto__', 1, 40, 50)]));
    expect(result.verdict).toBe('linearizable');
    expect(result.keys.map((k) => k.key)).toEqual(['__proto__', 'constructor']);
  });
});

describe('the kv model', () => {
  it('follows appends through reads', () => {
    const ops = [op('a', 'k', 'append', 'x', 0, 10), op('b', 'k', 'append', 'y', 5, 15), op('c', 'k', 'read', 'yx', 20, 30)];
    expect(checkHistory(history(ops, '')).verdict).toBe('linearizable');
    const bad = [op('a', 'k', 'append', 'x', 0, 10), op('b', 'k', 'append', 'y', 20, 30), op('c', 'k', 'read', 'yx', 40, 50)];
    const result = checkHistory(history(bad, ''));
    expect(result.verdict).toBe('not-linearizable');
    expect(result.model).toBe('kv');
  });

  it('reads an absent key as the empty string', () => {
    expect(checkHistory(history([op('c', 'k', 'read', null, 0, 1), op('a', 'k', 'write', 'v', 2, 3), op('c', 'k', 'read', 'v', 4, 5)]), { model: 'kv' }).verdict).toBe(
      'linearizable',
    );
  });

  it('gives the linearization it found', () => {
    const ops = [op('a', 'k', 'append', 'x', 0, 10), op('b', 'k', 'append', 'y', 5, 15), op('c', 'k', 'read', 'yx', 20, 30)];
    const res = searchPartition(ops, kvModel, kvModel.init(''), makeBudget());
    expect(res.outcome).toBe('ok');
    expect(res.linearization?.map((i) => ops[i]!.value)).toEqual(['y', 'x', 'yx']);
  });
});

describe('budgets', () => {
  // Many concurrent writes of the same value and a contradiction at the end: the search has
  // to explore every order before it can say no. Reads see each value, so no write can be
  // left out as unobserved.
  const hard = () => {
    const ops = [];
    for (let i = 0; i < 14; i++) ops.push(w(`s${i}`, 'x', i % 3, 0, 100, 'unknown'));
    for (let v = 0; v < 3; v++) ops.push(r(`z${v}`, 'x', v, 110 + 10 * v, 115 + 10 * v));
    ops.push(r('z', 'x', 7, 200, 210));
    return history(ops);
  };

  it('answers unknown, not a wrong verdict, when the step budget runs out', () => {
    const result = checkHistory(hard(), { maxSteps: 50 });
    expect(result.verdict).toBe('unknown');
    expect(result.stats.stepLimitReached).toBe(true);
    expect(result.keys[0]?.note).toMatch(/step limit/);
  });

  it('answers unknown when the injected clock passes the time budget', () => {
    let t = 0;
    const result = checkHistory(hard(), { now: () => (t += 1000), timeBudgetMs: 1 });
    expect(result.verdict).toBe('unknown');
    expect(result.stats.timeLimitReached).toBe(true);
  });

  it('decides the same history with the default budget', () => {
    expect(checkHistory(hard()).verdict).toBe('not-linearizable');
  });
});

describe('a read inversion decides a busy key at once', () => {
  // Thirty unknown writes of distinct values, all concurrent and all read: the search works
  // through them first. After them, an inversion: x = 2 read, then the older x = 1.
  const busy = (inversion: boolean) => {
    const ops = [];
    for (let i = 0; i < 30; i++) ops.push(w(`s${i}`, 'x', 100 + i, 0, 100, 'unknown'));
    for (let i = 0; i < 30; i++) ops.push(r(`t${i}`, 'x', 100 + ((i * 7) % 30), 110 + i, 115 + i));
    ops.push(w('a', 'x', 1, 300, 310), w('b', 'x', 2, 320, 330), r('c', 'x', 2, 340, 350), r('d', 'x', inversion ? 1 : 2, 360, 370));
    return history(ops);
  };

  it('finds it within a budget the full search cannot finish in, with a witness of a few operations', () => {
    const result = checkHistory(busy(true), { maxSteps: 100 });
    expect(result.verdict).toBe('not-linearizable');
    const a = result.anomalies.find((x) => x.kind === 'not-linearizable')!;
    // Shrunk: write 1, then write 2, then a read of 1 needs no other read.
    expect(a.witness.ops.map((o) => `${o.op} ${String(o.value)}`).sort()).toEqual(['read 1', 'write 1', 'write 2']);
  });

  it('says nothing where the reads overlap, a write is unknown, or a value is written twice', () => {
    // The reads overlap: 1 then 2 read concurrently is fine.
    expect(verdict([w('a', 'x', 1, 0, 10), w('b', 'x', 2, 20, 30), r('c', 'x', 2, 40, 50), r('d', 'x', 1, 45, 70)])).toBe('not-linearizable');
    expect(verdict([w('a', 'x', 1, 0, 10), w('b', 'x', 2, 20, 60), r('c', 'x', 2, 30, 50), r('d', 'x', 1, 40, 70)])).toBe('linearizable');
    // Write 1 is unknown: it may take effect after write 2, so reading 1 last is fine.
    expect(verdict([w('a', 'x', 1, 0, 10, 'unknown'), w('b', 'x', 2, 20, 30), r('c', 'x', 2, 40, 50), r('d', 'x', 1, 60, 70)])).toBe('linearizable');
    // Value 1 written twice, the second time after write 2.
    expect(verdict([w('a', 'x', 1, 0, 10), w('b', 'x', 2, 20, 30), r('c', 'x', 2, 40, 50), w('e', 'x', 1, 52, 55), r('d', 'x', 1, 60, 70)])).toBe('linearizable');
    // Without the inversion the small budget is not enough: unknown, never a wrong verdict.
    expect(checkHistory(busy(false), { maxSteps: 100 }).verdict).toBe('unknown');
  });
});

describe('malformed input passed by code', () => {
  it('reports an op the model cannot express instead of throwing', () => {
    const result = checkHistory(history([cas('a', 'x', 1, 2, 0, 10, true)]), { model: 'register' });
    expect(result.verdict).toBe('unknown');
    expect(result.error).toMatch(/register model has no cas.*--model cas-register/);
  });

  it('reports an op that completes before it starts', () => {
    const result = checkHistory(history([w('a', 'x', 1, 10, 0)]));
    expect(result.error).toMatch(/completes \(0 ms\) before it is invoked \(10 ms\)/);
  });
});
