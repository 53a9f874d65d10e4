/**
 * Session guarantees (Terry et al., "Session guarantees for weakly consistent replicated
 * data", 1994), stale reads against the simulator's ground truth, and lost acknowledged
 * writes. The definitions, and why they are what they are, are in docs/history.md; the
 * comments here only point at the steps.
 *
 * Everything here needs to know which write a read saw, so it runs only on keys whose
 * writes carry unique values (every simulator history; most Jepsen register logs do not).
 * And it needs an order of versions: the ground truth's version numbers where a history
 * carries them, otherwise the order real time proves (a write acknowledged before another
 * began is older). On a linearizable key and no ground truth none of these can fire: each is
 * a special case of a real-time order the linearization would break.
 */
import type { History, HistoryOp, Value } from '../sim/history';
import { formatValue, type ModelName } from './model';
import { type TimeFormat, timeFormat } from './time';
import type { AnomalyKind } from './types';

type V = Value | null;

/** An anomaly before its witness diagram is drawn. */
export interface Finding {
  kind: AnomalyKind;
  key: string;
  message: string;
  /** The witness operations (any order; the caller sorts). */
  witness: HistoryOp[];
  /** Ids the message is about, the main one last. */
  focus: number[];
}

export interface SessionAnalysis {
  findings: Finding[];
  staleReads: number;
  readsWithTruth: number;
  keysWithoutUniqueWrites: number;
}

interface TruthEntry {
  version: number;
  source: HistoryOp;
}

interface Justification {
  basis: 'truth' | 'initial' | 'real-time';
  ops: HistoryOp[];
  text: string;
}

class KeyIndex {
  unique = true;
  hasAppends = false;
  /** Value -> the write that may have stored it (ok or unknown write, ok swapped or unknown cas). */
  readonly writerOf = new Map<V, HistoryOp>();
  /** Value -> its ground-truth version, or null when reads disagree about it. */
  readonly truth = new Map<V, TruthEntry | null>();
  readonly acked: HistoryOp[] = [];
  readonly reads: HistoryOp[] = [];
  /** Value -> latest invocation of an op that observed it (a read, or a cas that swapped from it). */
  readonly lastObserved = new Map<V, number>();

  constructor(
    readonly key: string,
    readonly initial: V,
    private readonly time: TimeFormat,
  ) {}

  private byVersion: Map<number, V> | undefined;

  /** The value the ground truth gives `version` (when exactly one value has it). */
  valueAt(version: number): V | undefined {
    if (!this.byVersion) {
      this.byVersion = new Map();
      const clash = new Set<number>();
      for (const [v, e] of this.truth) {
        if (!e) continue;
        if (this.byVersion.has(e.version)) clash.add(e.version);
        this.byVersion.set(e.version, v);
      }
      for (const c of clash) this.byVersion.delete(c);
    }
    return this.byVersion.get(version);
  }

  truthOf(v: V): TruthEntry | undefined {
    return this.truth.get(v) ?? undefined;
  }

  known(v: V): boolean {
    return v === this.initial || this.writerOf.has(v);
  }

  /** Whether v is an older version than w (v precedes w), and what shows it. */
  precedes(v: V, w: V): Justification | undefined {
    if (v === w) return undefined;
    const tv = this.truthOf(v);
    const tw = this.truthOf(w);
    if (tv && tw) {
      if (tv.version >= tw.version) return undefined;
      return {
        basis: 'truth',
        ops: [tv.source, tw.source],
        text: `the ground truth gives ${formatValue(v)} version ${tv.version} and ${formatValue(w)} version ${tw.version}`,
      };
    }
    if (v === this.initial) return { basis: 'initial', ops: [], text: `${formatValue(v)} is the initial value` };
    if (w === this.initial) return undefined;
    const wv = this.writerOf.get(v);
    const ww = this.writerOf.get(w);
    if (!wv || !ww || wv.outcome !== 'ok' || !(wv.completeMs < ww.invokeMs)) return undefined;
    return {
      basis: 'real-time',
      ops: [wv, ww],
      text: `the write of ${formatValue(v)} was acknowledged at ${this.time.at(wv.completeMs)}, before the write of ${formatValue(w)} began at ${this.time.at(ww.invokeMs)}`,
    };
  }
}

function written(op: HistoryOp): V | undefined {
  if (op.op === 'write') return op.value as Value;
  if (op.op === 'cas') return (op.value as [V, Value])[1];
  return undefined;
}

/** A write that was acknowledged as applied: its client knows it took effect. */
function isAcked(op: HistoryOp): boolean {
  return op.outcome === 'ok' && (op.op === 'write' || (op.op === 'cas' && op.swapped === true));
}

const describeOp = (op: HistoryOp) => `#${op.id}`;
const q = (s: string) => JSON.stringify(s);

export function analyseSessions(history: History, model: ModelName): SessionAnalysis {
  const norm = model === 'kv' ? (v: unknown): V => (v === null || v === undefined ? '' : String(v)) : (v: unknown): V => (v ?? null) as V;
  const initial = norm(history.initial ?? null);
  const time = timeFormat(history.timeUnit);
  const at = (op: HistoryOp) => time.span(op.invokeMs, op.completeMs);
  const findings: Finding[] = [];
  let staleReads = 0;
  let readsWithTruth = 0;

  // --- Per-key indexes.
  const keys = new Map<string, KeyIndex>();
  const ix = (key: string) => {
    let k = keys.get(key);
    if (!k) keys.set(key, (k = new KeyIndex(key, initial, time)));
    return k;
  };
  for (const op of history.ops) {
    const k = ix(op.key);
    if (op.op === 'append') {
      k.hasAppends = true;
      k.unique = false;
      continue;
    }
    const mayApply = op.outcome === 'unknown' || (op.outcome === 'ok' && (op.op === 'write' || (op.op === 'cas' && op.swapped === true)));
    const w = written(op);
    if (w !== undefined && mayApply) {
      const v = norm(w);
      if (v === initial || k.writerOf.has(v)) k.unique = false;
      else k.writerOf.set(v, op);
    }
    if (isAcked(op)) k.acked.push(op);
    if (op.outcome === 'ok' && op.op === 'read') {
      k.reads.push(op);
      const v = norm(op.value);
      k.lastObserved.set(v, Math.max(k.lastObserved.get(v) ?? -Infinity, op.invokeMs));
      if (op.truth) {
        const prev = k.truth.get(v);
        if (prev === undefined) k.truth.set(v, { version: op.truth.returnedVersion, source: op });
        else if (prev !== null && prev.version !== op.truth.returnedVersion) k.truth.set(v, null);
      }
    }
    if (op.outcome === 'ok' && op.op === 'cas' && op.swapped === true) {
      const v = norm((op.value as [V, Value])[0]);
      k.lastObserved.set(v, Math.max(k.lastObserved.get(v) ?? -Infinity, op.invokeMs));
    }
  }
  let keysWithoutUniqueWrites = 0;
  for (const k of keys.values()) if (!k.unique) keysWithoutUniqueWrites++;

  // --- Sessions, in the order they issued operations.
  const sessions = new Map<string, HistoryOp[]>();
  for (const op of history.ops) {
    const list = sessions.get(op.session);
    if (list) list.push(op);
    else sessions.set(op.session, [op]);
  }
  const position = new Map<HistoryOp, number>();
  /** session -> key -> positions of its acknowledged writes / ok reads (ascending). */
  const writesAt = new Map<string, Map<string, HistoryOp[]>>();
  const readsAt = new Map<string, Map<string, HistoryOp[]>>();
  const push = (m: Map<string, Map<string, HistoryOp[]>>, s: string, key: string, op: HistoryOp) => {
    let bySession = m.get(s);
    if (!bySession) m.set(s, (bySession = new Map()));
    const list = bySession.get(key);
    if (list) list.push(op);
    else bySession.set(key, [op]);
  };
  for (const [s, list] of sessions) {
    list.sort((a, b) => a.invokeMs - b.invokeMs || a.id - b.id);
    list.forEach((op, i) => {
      position.set(op, i);
      if (isAcked(op)) push(writesAt, s, op.key, op);
      else if (op.outcome === 'ok' && op.op === 'read') push(readsAt, s, op.key, op);
    });
  }
  /** The last op of `list` (ascending positions) before position `pos`. */
  const lastBefore = (list: HistoryOp[] | undefined, pos: number): HistoryOp | undefined => {
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (position.get(list[mid]!)! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1] : undefined;
  };

  // --- Stale reads (ground truth) and the four session guarantees, session by session.
  for (const [t, list] of sessions) {
    const lastWrite = new Map<string, HistoryOp>();
    const prevRead = new Map<string, HistoryOp>();
    const newestRead = new Map<string, HistoryOp>();
    const observed = new Map<string, { pos: number; write: HistoryOp; read: HistoryOp }>();
    for (const op of list) {
      const k = keys.get(op.key)!;
      if (isAcked(op)) {
        lastWrite.set(op.key, op);
        continue;
      }
      if (op.op !== 'read' || op.outcome !== 'ok') continue;
      const v = norm(op.value);
      if (op.truth) {
        readsWithTruth++;
        const { returnedVersion: rv, committedVersion: cv } = op.truth;
        if (rv < cv) {
          staleReads++;
          const witness = [op];
          const wr = k.unique ? k.writerOf.get(v) : undefined;
          if (wr) witness.push(wr);
          const committed = k.unique ? k.valueAt(cv) : undefined;
          const newer = committed === undefined ? undefined : k.writerOf.get(committed);
          if (newer) witness.push(newer);
          findings.push({
            kind: 'stale-read',
            key: op.key,
            message: `read ${describeOp(op)} of ${q(op.key)} by session ${q(t)} (${at(op)}) returned version ${rv} (${formatValue(v)}) while version ${cv} was already committed`,
            witness,
            focus: [...(newer ? [newer.id] : []), op.id],
          });
        }
      }
      if (!k.unique || !k.known(v)) continue;

      let found: Finding | undefined;
      // Read your writes: the session's own latest acknowledged write to the key.
      const w = lastWrite.get(op.key);
      if (w && w.completeMs < op.invokeMs) {
        const wv = norm(written(w));
        const j = k.precedes(v, wv);
        if (j) {
          found = {
            kind: 'read-your-writes',
            key: op.key,
            message: `session ${q(t)} wrote ${q(op.key)} = ${formatValue(wv)} (${describeOp(w)}, acknowledged at ${time.at(w.completeMs)}) but its later read ${describeOp(op)} (${at(op)}) returned ${formatValue(v)}, an older value: ${j.text}`,
            witness: [w, op, ...j.ops],
            focus: [w.id, op.id],
          };
        }
      }
      // Monotonic reads: the session's previous read of the key, and the newest it has seen.
      if (!found) {
        for (const r1 of new Set([prevRead.get(op.key), newestRead.get(op.key)])) {
          if (!r1 || !(r1.completeMs < op.invokeMs)) continue;
          const v1 = norm(r1.value);
          const j = k.precedes(v, v1);
          if (j) {
            found = {
              kind: 'monotonic-reads',
              key: op.key,
              message: `session ${q(t)} read ${q(op.key)} → ${formatValue(v1)} (${describeOp(r1)}, ${at(r1)}) and then → ${formatValue(v)} (${describeOp(op)}, ${at(op)}), an older value: ${j.text}`,
              witness: [r1, op, ...j.ops],
              focus: [r1.id, op.id],
            };
            break;
          }
        }
      }
      // Monotonic writes, then writes-follow-reads: what the writers this session has seen
      // had written, or read, before the write it saw.
      if (!found) {
        for (const [s, obs] of observed) {
          const w1 = lastBefore(writesAt.get(s)?.get(op.key), obs.pos);
          if (!w1) continue;
          const v1 = norm(written(w1));
          const j = k.precedes(v, v1);
          if (j) {
            found = {
              kind: 'monotonic-writes',
              key: op.key,
              message: `session ${q(s)} wrote ${q(op.key)} = ${formatValue(v1)} (${describeOp(w1)}) and then ${q(obs.write.key)} = ${formatValue(norm(written(obs.write)))} (${describeOp(obs.write)}); session ${q(t)} saw the second (${describeOp(obs.read)}) but then read ${q(op.key)} → ${formatValue(v)} (${describeOp(op)}), older than the first: ${j.text}`,
              witness: [w1, obs.write, obs.read, op, ...j.ops],
              focus: [w1.id, obs.write.id, obs.read.id, op.id],
            };
            break;
          }
        }
      }
      if (!found) {
        for (const [s, obs] of observed) {
          const r1 = lastBefore(readsAt.get(s)?.get(op.key), obs.pos);
          if (!r1) continue;
          const v1 = norm(r1.value);
          if (!k.known(v1)) continue;
          const j = k.precedes(v, v1);
          if (j) {
            found = {
              kind: 'writes-follow-reads',
              key: op.key,
              message: `session ${q(s)} read ${q(op.key)} → ${formatValue(v1)} (${describeOp(r1)}) and then wrote ${q(obs.write.key)} = ${formatValue(norm(written(obs.write)))} (${describeOp(obs.write)}); session ${q(t)} saw that write (${describeOp(obs.read)}) but then read ${q(op.key)} → ${formatValue(v)} (${describeOp(op)}), older than what the write followed: ${j.text}`,
              witness: [r1, obs.write, obs.read, op, ...j.ops],
              focus: [r1.id, obs.write.id, obs.read.id, op.id],
            };
            break;
          }
        }
      }
      if (found) findings.push(found);

      prevRead.set(op.key, op);
      const newest = newestRead.get(op.key);
      if (!newest || !k.precedes(v, norm(newest.value))) newestRead.set(op.key, op);
      const wr = k.writerOf.get(v);
      if (wr && wr.session !== t) {
        const pos = position.get(wr)!;
        const prev = observed.get(wr.session);
        if (!prev || pos > prev.pos) observed.set(wr.session, { pos, write: wr, read: op });
      }
    }
  }

  // --- Ground truth orders a session's own writes against what it wrote or read before.
  for (const [s, byKey] of writesAt) {
    for (const [key, writes] of byKey) {
      const k = keys.get(key)!;
      if (!k.unique || k.truth.size === 0) continue;
      for (let i = 1; i < writes.length; i++) {
        const w1 = writes[i - 1]!;
        const w2 = writes[i]!;
        const v1 = norm(written(w1));
        const v2 = norm(written(w2));
        const t1 = k.truthOf(v1);
        const t2 = k.truthOf(v2);
        if (t1 && t2 && t2.version < t1.version) {
          findings.push({
            kind: 'monotonic-writes',
            key,
            message: `session ${q(s)} wrote ${q(key)} = ${formatValue(v1)} (${describeOp(w1)}) and then ${formatValue(v2)} (${describeOp(w2)}), but the ground truth orders them the other way: version ${t2.version} for ${formatValue(v2)}, ${t1.version} for ${formatValue(v1)}`,
            witness: [w1, w2, t1.source, t2.source],
            focus: [w1.id, w2.id],
          });
        }
      }
      for (const w2 of writes) {
        const r1 = lastBefore(readsAt.get(s)?.get(key), position.get(w2)!);
        if (!r1) continue;
        const v1 = norm(r1.value);
        const v2 = norm(written(w2));
        const t1 = k.truthOf(v1);
        const t2 = k.truthOf(v2);
        if (v1 !== v2 && t1 && t2 && t2.version < t1.version) {
          findings.push({
            kind: 'writes-follow-reads',
            key,
            message: `session ${q(s)} read ${q(key)} → ${formatValue(v1)} (${describeOp(r1)}) and then wrote ${formatValue(v2)} (${describeOp(w2)}), but the ground truth orders the write before what was read: version ${t2.version} for ${formatValue(v2)}, ${t1.version} for ${formatValue(v1)}`,
            witness: [r1, w2, t1.source, t2.source],
            focus: [r1.id, w2.id],
          });
        }
      }
    }
  }

  for (const k of keys.values()) if (k.unique) findings.push(...lostWrites(k, norm, time));

  return { findings, staleReads, readsWithTruth, keysWithoutUniqueWrites };
}

/**
 * Acknowledged writes that a later read missed (it returned an older value, and the ground
 * truth, when present, says that value was the committed one, so no lagging replica explains
 * it) and that nothing observed after that read: the state went back and never came forward.
 * Reads are visited latest first, so each write meets the latest read that missed it; a
 * union-find over the writes skips those already settled, so each is settled once.
 */
function lostWrites(k: KeyIndex, norm: (v: unknown) => V, time: TimeFormat): Finding[] {
  const at = (op: HistoryOp) => time.span(op.invokeMs, op.completeMs);
  const writes = [...k.acked].sort((a, b) => a.completeMs - b.completeMs || a.id - b.id);
  const m = writes.length;
  if (m === 0) return [];
  const missedBy: (HistoryOp | undefined)[] = new Array(m);
  const justification: (Justification | undefined)[] = new Array(m);
  const up = new Int32Array(m);
  for (let i = 0; i < m; i++) up[i] = i;
  const find = (i: number): number => {
    let r = i;
    while (r >= 0 && up[r] !== r) r = up[r]!;
    while (i >= 0 && up[i] !== i) {
      const nx = up[i]!;
      up[i] = r;
      i = nx;
    }
    return r;
  };
  const reads = k.reads
    .filter((r) => k.known(norm(r.value)) && (!r.truth || r.truth.returnedVersion >= r.truth.committedVersion))
    .sort((a, b) => b.completeMs - a.completeMs || b.id - a.id);
  for (const r of reads) {
    const v = norm(r.value);
    const wv = k.writerOf.get(v);
    const floor = v === k.initial || !wv ? -Infinity : wv.completeMs;
    // Last write acknowledged before r was invoked.
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (writes[mid]!.completeMs < r.invokeMs) lo = mid + 1;
      else hi = mid;
    }
    let i = find(lo - 1);
    while (i >= 0 && writes[i]!.completeMs > floor) {
      const w = writes[i]!;
      const j = k.precedes(v, norm(written(w)));
      if (j) {
        missedBy[i] = r;
        justification[i] = j;
        up[i] = i - 1;
      }
      i = find(i - 1);
    }
  }
  const out: Finding[] = [];
  for (let i = 0; i < m; i++) {
    const r = missedBy[i];
    if (!r) continue;
    const w = writes[i]!;
    const wv = norm(written(w));
    const seen = k.lastObserved.get(wv);
    if (seen !== undefined && seen > r.completeMs) continue;
    const j = justification[i]!;
    out.push({
      kind: 'lost-write',
      key: k.key,
      message: `acknowledged write ${q(k.key)} = ${formatValue(wv)} (${describeOp(w)}, session ${q(w.session)}, acknowledged at ${time.at(w.completeMs)}) was lost: read ${describeOp(r)} (${at(r)}) returned ${formatValue(norm(r.value))}, an older value (${j.text}), and no operation after it saw ${formatValue(wv)}`,
      witness: [w, r, ...j.ops],
      focus: [w.id, r.id],
    });
  }
  return out;
}

export { written, isAcked };
