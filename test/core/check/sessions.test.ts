import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../src/core/check/check';
import type { Anomaly, AnomalyKind } from '../../../src/core/check/types';
import { fixture, history, r, w } from './support';

const kinds = (anomalies: Anomaly[]) => anomalies.map((a) => a.kind).sort();
const only = (anomalies: Anomaly[], kind: AnomalyKind) => anomalies.filter((a) => a.kind === kind);
const ids = (a: Anomaly | undefined) => a?.witness.ops.map((o) => o.id);

describe('session guarantees', () => {
  it('read-your-writes: a session reads an older value than its own acknowledged write', () => {
    const result = checkHistory(fixture('read-your-writes.json'));
    const [a, ...rest] = only(result.anomalies, 'read-your-writes');
    expect(rest).toHaveLength(0);
    expect(a?.key).toBe('x');
    expect(a?.ops).toEqual([2, 3]);
    // Write 2, the stale read, and write 1, which shows 1 is older than 2.
    expect(ids(a)).toEqual([1, 2, 3]);
    expect(a?.message).toMatch(/session "c1" wrote "x" = 2 .* returned 1, an older value/);
    // It is also not linearizable, and not a lost write (a later read saw 2).
    expect(kinds(result.anomalies)).toEqual(['not-linearizable', 'read-your-writes']);
  });

  it('monotonic reads: a session reads an older value after a newer one', () => {
    const result = checkHistory(fixture('monotonic-reads.json'));
    const [a] = only(result.anomalies, 'monotonic-reads');
    expect(a?.ops).toEqual([3, 4]);
    expect(ids(a)).toEqual([1, 2, 3, 4]);
    expect(kinds(result.anomalies)).toEqual(['monotonic-reads', 'not-linearizable']);
  });

  it("monotonic writes: another session sees a session's second write without its first", () => {
    const result = checkHistory(fixture('monotonic-writes.json'));
    const [a] = only(result.anomalies, 'monotonic-writes');
    expect(a?.key).toBe('x');
    expect(a?.ops).toEqual([1, 2, 3, 4]);
    expect(ids(a)).toEqual([1, 2, 3, 4]);
    expect(a?.message).toMatch(/session "c1" wrote "x" = 1 .* then "y" = 5 .* session "c2" saw the second .* nil/);
    expect(kinds(result.anomalies)).toEqual(['monotonic-writes', 'not-linearizable']);
  });

  it('writes-follow-reads: a write is visible where what its session had read is not', () => {
    const result = checkHistory(fixture('writes-follow-reads.json'));
    const [a] = only(result.anomalies, 'writes-follow-reads');
    expect(a?.key).toBe('x');
    expect(a?.ops).toEqual([2, 3, 4, 5]);
    expect(ids(a)).toEqual([2, 3, 4, 5]);
    expect(kinds(result.anomalies)).toEqual(['not-linearizable', 'writes-follow-reads']);
  });

  it('reports each read under one guarantee only', () => {
    // c1 reads its own write, then an older value: read-your-writes and monotonic reads both
    // apply; it is reported once, as read-your-writes.
    const result = checkHistory(history([w('c1', 'x', 1, 0, 10), w('c1', 'x', 2, 20, 30), r('c1', 'x', 2, 40, 45), r('c1', 'x', 1, 50, 55), r('c2', 'x', 2, 60, 65)]));
    expect(kinds(result.anomalies)).toEqual(['not-linearizable', 'read-your-writes']);
  });
});

describe('ground truth', () => {
  it('reports stale reads with the versions, and counts them', () => {
    const result = checkHistory(fixture('stale-read.json'));
    const [a] = only(result.anomalies, 'stale-read');
    expect(a?.ops).toEqual([2, 3]);
    expect(ids(a)).toEqual([1, 2, 3]);
    expect(a?.message).toMatch(/returned version 1 \(1\) while version 2 was already committed/);
    expect(result.stats.staleReads).toBe(1);
    expect(result.stats.readsWithTruth).toBe(2);
    // A stale read is explained by replication lag: not a lost write.
    expect(only(result.anomalies, 'lost-write')).toHaveLength(0);
  });

  it('orders session writes by the ground truth', () => {
    const truth = (v: number) => ({ truth: { committedVersion: v, returnedVersion: v, stale: false } });
    // c1's writes 1 then 2, but the store ended up applying 2 before 1.
    const result = checkHistory(
      history([w('c1', 'x', 1, 0, 10), w('c1', 'x', 2, 20, 30), r('c2', 'x', 2, 40, 45, 'ok', truth(1)), r('c2', 'x', 1, 50, 55, 'ok', truth(2))]),
    );
    const mw = only(result.anomalies, 'monotonic-writes');
    expect(mw).toHaveLength(1);
    expect(mw[0]?.message).toMatch(/ground truth orders them the other way/);
  });
});

describe('lost acknowledged writes', () => {
  it('finds the write a failover lost, with a witness that holds it', () => {
    const result = checkHistory(fixture('lost-write-failover.json'));
    const lost = only(result.anomalies, 'lost-write');
    expect(lost).toHaveLength(1);
    const [a] = lost;
    expect(a?.ops).toEqual([2, 5]);
    expect(a?.witness.ops.some((o) => o.id === 2 && o.outcome === 'ok')).toBe(true);
    // The reads that gave 1 and 2 their versions show 1 is older than 2.
    expect(ids(a)).toEqual([2, 3, 5]);
    expect(a?.message).toMatch(/acknowledged write "x" = 2 .* was lost: read #5 .* returned 1/);
    expect(result.verdict).toBe('not-linearizable');
    // c2 read 2 and then 1: its monotonic reads broke too.
    expect(kinds(result.anomalies)).toEqual(['lost-write', 'monotonic-reads', 'not-linearizable']);
  });

  it('does not call a write lost when a later read sees it', () => {
    const result = checkHistory(history([w('c1', 'x', 1, 0, 10), w('c1', 'x', 2, 20, 30), r('c2', 'x', 1, 40, 45), r('c3', 'x', 2, 50, 55)]));
    expect(only(result.anomalies, 'lost-write')).toHaveLength(0);
    expect(result.verdict).toBe('not-linearizable');
  });

  it('does not call a write lost when it was only overwritten', () => {
    const result = checkHistory(history([w('c1', 'x', 1, 0, 10), w('c1', 'x', 2, 20, 30), w('c2', 'x', 3, 40, 50), r('c3', 'x', 3, 60, 65)]));
    expect(result.anomalies).toHaveLength(0);
  });
});

describe('histories that must not be flagged', () => {
  it('a linearizable history with concurrency, failures, timeouts and cas', () => {
    const result = checkHistory(fixture('clean.json'));
    expect(result.verdict).toBe('linearizable');
    expect(result.anomalies).toEqual([]);
    expect(result.stats.keysWithoutUniqueWrites).toBe(0);
  });

  it('replica reads that were fresh when served', () => {
    const result = checkHistory(fixture('clean-truth.json'));
    expect(result.verdict).toBe('linearizable');
    expect(result.anomalies).toEqual([]);
    expect(result.stats.staleReads).toBe(0);
    expect(result.stats.readsWithTruth).toBe(4);
  });

  it('skips the session analyses on keys whose written values repeat', () => {
    const result = checkHistory(history([w('c1', 'x', 1, 0, 10), w('c1', 'x', 1, 20, 30), r('c1', 'x', 1, 40, 50)]));
    expect(result.stats.keysWithoutUniqueWrites).toBe(1);
    expect(result.anomalies).toEqual([]);
  });
});

describe('anomaly listing', () => {
  it('lists at most maxAnomaliesPerKind per kind and counts the rest', () => {
    const ops = [w('c1', 'x', 1, 0, 10), w('c1', 'x', 2, 20, 30)];
    const truth = { truth: { committedVersion: 2, returnedVersion: 1, stale: true } };
    for (let i = 0; i < 5; i++) ops.push(r(`r${i}`, 'x', 1, 40 + i * 10, 45 + i * 10, 'ok', truth));
    ops.push(r('z', 'x', 2, 200, 210));
    const result = checkHistory(history(ops), { maxAnomaliesPerKind: 2 });
    expect(only(result.anomalies, 'stale-read')).toHaveLength(2);
    expect(result.stats.anomalyCounts['stale-read']).toBe(5);
    expect(result.stats.staleReads).toBe(5);
    expect(result.stats.anomaliesOmitted).toBe(3);
  });
});
