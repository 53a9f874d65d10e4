/**
 * Session guarantees (Terry et al., "Session guarantees for weakly consistent replicated
 * data", 1994), stale reads against the simulator's ground truth, and lost acknowledged
 * writes. The definitions, and why they are what they are, are in docs/history.md §4; the
 * comments here only point at the steps.
 *
 * Everything here needs to know which write a read saw, so it runs only on keys whose
 * writes carry unique values (every simulator history; most Jepsen register logs do not).
 * And it needs an order of versions: the ground truth's version numbers where a history
 * carries them, otherwise the order real time proves (a write acknowledged before another
 * began is older). In a linearizable history without ground truth none of these can fire:
 * each is a special case of a real-time order the linearization would break.
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
  /** The read that revealed the version. */
  source: HistoryOp;
}

/** Everything the version order needs about one value of one key, looked up once. */
interface Ref {
  v: V;
  initial: boolean;
  /** The write that may have stored it. */
  writer: HistoryOp | undefined;
  /** Its index in history.ops, or -1. */
  writerIndex: number;
  /** Its ground-truth version, when reads agree on one. */
  truth: TruthEntry | undefined;
}

interface Justification {
  ops: HistoryOp[];
  text: string;
}

/** Whether a precedes b (a is an older version), without saying why: the hot path. */
function precedes(a: Ref, b: Ref): boolean {
  if (a === b) return false;
  if (a.truth && b.truth) return a.truth.version < b.truth.version;
  if (a.initial) return true;
  if (b.initial) return false;
  const wa = a.writer;
  const wb = b.writer;
  return wa !== undefined && wb !== undefined && wa.outcome === 'ok' && wa.completeMs < wb.invokeMs;
}

class KeyIndex {
  unique = true;
  /** Value -> the write that may have stored it (ok or unknown write, ok swapped or unknown cas). */
  readonly writerOf = new Map<V, HistoryOp>();
  /** Value -> its ground-truth version, or null when reads disagree about it. */
  readonly truth = new Map<V, TruthEntry | null>();
  readonly acked: HistoryOp[] = [];
  readonly reads: HistoryOp[] = [];
  /** Value -> latest invocation of an op that observed it (a read, or a cas that swapped from it). */
  readonly lastObserved = new Map<V, number>();
  readonly writerIndex = new Map<HistoryOp, number>();
  private readonly refs = new Map<V, Ref>();
  private byVersion: Map<number, V> | undefined;
  /** Writes that may have applied, by invocation; with the running maximum of their versions. */
  private byInvoke: { invoke: Float64Array; maxVersion: Float64Array } | undefined;

  /**
   * Whether the value a read returned can precede any write invoked before the read was:
   * when not, the read cannot break a session guarantee and the checks for it are skipped.
   * On most reads of a healthy history it cannot, and this costs one binary search.
   */
  mayBeOld(r: Ref, invokeMs: number): boolean {
    if (!this.byInvoke) {
      const ws = [...this.writerOf.values()].sort((a, b) => a.invokeMs - b.invokeMs);
      const invoke = new Float64Array(ws.length);
      const maxVersion = new Float64Array(ws.length);
      let max = -Infinity;
      ws.forEach((w, i) => {
        invoke[i] = w.invokeMs;
        const t = this.ref(w.op === 'cas' ? (w.value as [V, Value])[1] : (w.value as V)).truth;
        if (t && t.version > max) max = t.version;
        maxVersion[i] = max;
      });
      this.byInvoke = { invoke, maxVersion };
    }
    const { invoke, maxVersion } = this.byInvoke;
    let lo = 0;
    let hi = invoke.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (invoke[mid]! < invokeMs) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return false;
    if (r.initial) return true;
    if (r.truth && maxVersion[lo - 1]! > r.truth.version) return true;
    const w = r.writer;
    return w !== undefined && w.outcome === 'ok' && w.completeMs < invoke[lo - 1]!;
  }

  constructor(
    readonly key: string,
    readonly initial: V,
    private readonly time: TimeFormat,
  ) {}

  /** Call once the indexes are complete: refs freeze what they found. */
  ref(v: V): Ref {
    let r = this.refs.get(v);
    if (!r) {
      const writer = this.writerOf.get(v);
      r = { v, initial: v === this.initial, writer, writerIndex: writer ? this.writerIndex.get(writer)! : -1, truth: this.truth.get(v) ?? undefined };
      this.refs.set(v, r);
    }
    return r;
  }

  known(r: Ref): boolean {
    return r.initial || r.writer !== undefined;
  }

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

  /** Why a precedes b, for the message and the witness; call only when precedes(a, b). */
  justify(a: Ref, b: Ref): Justification {
    if (a.truth && b.truth) {
      return {
        ops: [a.truth.source, b.truth.source],
        text: `the ground truth gives ${formatValue(a.v)} version ${a.truth.version} and ${formatValue(b.v)} version ${b.truth.version}`,
      };
    }
    if (a.initial) return { ops: [], text: `${formatValue(a.v)} is the initial value` };
    const wa = a.writer!;
    const wb = b.writer!;
    return {
      ops: [wa, wb],
      text: `the write of ${formatValue(a.v)} was acknowledged at ${this.time.at(wa.completeMs)}, before the write of ${formatValue(b.v)} began at ${this.time.at(wb.invokeMs)}`,
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

/** Ops (indices into history.ops) of one session on one key, with their positions in the session. */
interface Indexed {
  pos: number[];
  idx: number[];
}

/** The index of the last op of `list` before position `pos`, or -1. */
function lastBefore(list: Indexed | undefined, pos: number): number {
  if (!list) return -1;
  const ps = list.pos;
  let lo = 0;
  let hi = ps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ps[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list.idx[lo - 1]! : -1;
}

/** What an observing session knows of one writer session: the latest of its writes it read. */
interface Observed {
  session: number;
  pos: number;
  write: HistoryOp;
  read: HistoryOp;
}

/**
 * (session, key) -> Indexed. Nested arrays while sessions × keys stays small, which is the
 * common case and the fast one; a Map beyond that so memory stays proportional to the history.
 */
class SessionKeyTable {
  private readonly rows: (Indexed | undefined)[][] | undefined;
  private readonly map: Map<number, Indexed> | undefined;
  constructor(
    sessions: number,
    private readonly keys: number,
  ) {
    if (sessions * keys <= 1 << 21) this.rows = Array.from({ length: sessions }, () => []);
    else this.map = new Map();
  }
  get(s: number, k: number): Indexed | undefined {
    return this.rows ? this.rows[s]![k] : this.map!.get(s * this.keys + k);
  }
  push(s: number, k: number, i: number, pos: number): void {
    let list = this.get(s, k);
    if (!list) {
      list = { pos: [], idx: [] };
      if (this.rows) this.rows[s]![k] = list;
      else this.map!.set(s * this.keys + k, list);
    }
    list.pos.push(pos);
    list.idx.push(i);
  }
  entries(): [number, number, Indexed][] {
    const out: [number, number, Indexed][] = [];
    if (this.rows) {
      this.rows.forEach((row, s) => row.forEach((list, k) => list && out.push([s, k, list])));
    } else for (const [slot, list] of this.map!) out.push([Math.floor(slot / this.keys), slot % this.keys, list]);
    return out;
  }
}

/*
 * The loops below run once per operation of histories with 100,000 and more, so they work
 * on integer ids and arrays indexed by them: a Map lookup per operation per check would
 * dominate the whole analysis.
 */
export function analyseSessions(history: History, model: ModelName): SessionAnalysis {
  const norm = model === 'kv' ? (v: unknown): V => (v === null || v === undefined ? '' : String(v)) : (v: unknown): V => (v ?? null) as V;
  const initial = norm(history.initial ?? null);
  const time = timeFormat(history.timeUnit);
  const at = (op: HistoryOp) => time.span(op.invokeMs, op.completeMs);
  const findings: Finding[] = [];
  let staleReads = 0;
  let readsWithTruth = 0;
  const ops = history.ops;
  const n = ops.length;

  // --- Integer ids for keys and sessions; per-key indexes.
  const keyIds = new Map<string, number>();
  const keys: KeyIndex[] = [];
  const keyOf = new Int32Array(n);
  const sessionIds = new Map<string, number>();
  const sessionNames: string[] = [];
  const sessionOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    let kid = keyIds.get(op.key);
    if (kid === undefined) {
      kid = keys.length;
      keyIds.set(op.key, kid);
      keys.push(new KeyIndex(op.key, initial, time));
    }
    keyOf[i] = kid;
    let sid = sessionIds.get(op.session);
    if (sid === undefined) {
      sid = sessionNames.length;
      sessionIds.set(op.session, sid);
      sessionNames.push(op.session);
    }
    sessionOf[i] = sid;
    const k = keys[kid]!;
    if (op.op === 'append') {
      k.unique = false;
      continue;
    }
    const mayApply = op.outcome === 'unknown' || (op.outcome === 'ok' && (op.op === 'write' || (op.op === 'cas' && op.swapped === true)));
    const w = written(op);
    if (w !== undefined && mayApply) {
      const v = norm(w);
      if (v === initial || k.writerOf.has(v)) k.unique = false;
      else {
        k.writerOf.set(v, op);
        k.writerIndex.set(op, i);
      }
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
  for (const k of keys) if (!k.unique) keysWithoutUniqueWrites++;
  const K = keys.length;
  const S = sessionNames.length;

  /** Per op: its value's ref (what a read returned, what a write stored), on unique keys. */
  const refs: (Ref | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    const k = keys[keyOf[i]!]!;
    if (!k.unique || op.op === 'append') continue;
    if (op.op === 'read' ? op.outcome === 'ok' : isAcked(op) || op.outcome === 'unknown') refs[i] = k.ref(norm(op.op === 'read' ? op.value : written(op)));
  }
  const refOf = (op: HistoryOp, k: KeyIndex): Ref => k.ref(norm(op.op === 'read' ? op.value : written(op)));

  // --- Sessions, in the order they issued operations.
  const bySession: number[][] = Array.from({ length: S }, () => []);
  for (let i = 0; i < n; i++) bySession[sessionOf[i]!]!.push(i);
  const position = new Int32Array(n);
  const writesAt = new SessionKeyTable(S, K);
  const readsAt = new SessionKeyTable(S, K);
  for (let s = 0; s < S; s++) {
    const list = bySession[s]!;
    list.sort((a, b) => ops[a]!.invokeMs - ops[b]!.invokeMs || ops[a]!.id - ops[b]!.id);
    for (let p = 0; p < list.length; p++) {
      const i = list[p]!;
      const op = ops[i]!;
      position[i] = p;
      if (refs[i] === undefined) continue;
      if (isAcked(op)) writesAt.push(s, keyOf[i]!, i, p);
      else if (op.op === 'read') readsAt.push(s, keyOf[i]!, i, p);
    }
  }

  // --- Stale reads (ground truth) and the four session guarantees, session by session.
  const lastWrite = new Int32Array(K);
  const prevRead = new Int32Array(K);
  const newestRead = new Int32Array(K);
  const observedBy: (Observed | undefined)[] = new Array(S);
  for (let t = 0; t < S; t++) {
    const list = bySession[t]!;
    const tName = sessionNames[t]!;
    const observed: Observed[] = [];
    lastWrite.fill(-1);
    prevRead.fill(-1);
    newestRead.fill(-1);
    observedBy.fill(undefined);
    for (const i of list) {
      const op = ops[i]!;
      const kid = keyOf[i]!;
      const k = keys[kid]!;
      if (isAcked(op)) {
        lastWrite[kid] = i;
        continue;
      }
      if (op.op !== 'read' || op.outcome !== 'ok') continue;
      if (op.truth) {
        readsWithTruth++;
        const { returnedVersion: rv, committedVersion: cv } = op.truth;
        if (rv < cv) {
          staleReads++;
          const v = norm(op.value);
          const witness = [op];
          const wr = k.unique ? k.writerOf.get(v) : undefined;
          if (wr) witness.push(wr);
          const committed = k.unique ? k.valueAt(cv) : undefined;
          const newer = committed === undefined ? undefined : k.writerOf.get(committed);
          if (newer) witness.push(newer);
          findings.push({
            kind: 'stale-read',
            key: op.key,
            message: `read ${describeOp(op)} of ${q(op.key)} by session ${q(tName)} (${at(op)}) returned version ${rv} (${formatValue(v)}) while version ${cv} was already committed`,
            witness,
            focus: [...(newer ? [newer.id] : []), op.id],
          });
        }
      }
      const rv = refs[i];
      if (!rv || !k.known(rv)) continue;
      const mayBeOld = k.mayBeOld(rv, op.invokeMs);

      let found: Finding | undefined;
      // Read your writes: the session's own latest acknowledged write to the key.
      const wi = lastWrite[kid]!;
      const w = wi >= 0 ? ops[wi]! : undefined;
      if (mayBeOld && w && w.completeMs < op.invokeMs) {
        const wr = refs[wi]!;
        if (precedes(rv, wr)) {
          const j = k.justify(rv, wr);
          found = {
            kind: 'read-your-writes',
            key: op.key,
            message: `session ${q(tName)} wrote ${q(op.key)} = ${formatValue(wr.v)} (${describeOp(w)}, acknowledged at ${time.at(w.completeMs)}) but its later read ${describeOp(op)} (${at(op)}) returned ${formatValue(rv.v)}, an older value: ${j.text}`,
            witness: [w, op, ...j.ops],
            focus: [w.id, op.id],
          };
        }
      }
      // Monotonic reads: the session's previous read of the key, and the newest it has seen.
      const prev = prevRead[kid]!;
      const newest = newestRead[kid]!;
      for (let c = 0; c < 2 && !found && mayBeOld; c++) {
        const ri = c === 0 ? prev : newest;
        if (ri < 0 || (c === 1 && newest === prev)) continue;
        const r1 = ops[ri]!;
        if (!(r1.completeMs < op.invokeMs)) continue;
        const r1v = refs[ri]!;
        if (precedes(rv, r1v)) {
          const j = k.justify(rv, r1v);
          found = {
            kind: 'monotonic-reads',
            key: op.key,
            message: `session ${q(tName)} read ${q(op.key)} → ${formatValue(r1v.v)} (${describeOp(r1)}, ${at(r1)}) and then → ${formatValue(rv.v)} (${describeOp(op)}, ${at(op)}), an older value: ${j.text}`,
            witness: [r1, op, ...j.ops],
            focus: [r1.id, op.id],
          };
        }
      }
      // Monotonic writes, then writes-follow-reads: what the writers this session has seen
      // had written, or read, before the write it saw.
      if (!found && mayBeOld) {
        for (const obs of observed) {
          const bi = lastBefore(writesAt.get(obs.session, kid), obs.pos);
          if (bi < 0 || !precedes(rv, refs[bi]!)) continue;
          const b = { write: ops[bi]!, writeRef: refs[bi]! };
          const j = k.justify(rv, b.writeRef);
          found = {
            kind: 'monotonic-writes',
            key: op.key,
            message: `session ${q(sessionNames[obs.session]!)} wrote ${q(op.key)} = ${formatValue(b.writeRef.v)} (${describeOp(b.write!)}) and then ${q(obs.write.key)} = ${formatValue(norm(written(obs.write)))} (${describeOp(obs.write)}); session ${q(tName)} saw the second (${describeOp(obs.read)}) but then read ${q(op.key)} → ${formatValue(rv.v)} (${describeOp(op)}), older than the first: ${j.text}`,
            witness: [b.write!, obs.write, obs.read, op, ...j.ops],
            focus: [b.write!.id, obs.write.id, obs.read.id, op.id],
          };
          break;
        }
      }
      if (!found && mayBeOld) {
        for (const obs of observed) {
          const bi = lastBefore(readsAt.get(obs.session, kid), obs.pos);
          if (bi < 0 || !k.known(refs[bi]!) || !precedes(rv, refs[bi]!)) continue;
          const b = { read: ops[bi]!, readRef: refs[bi]! };
          const j = k.justify(rv, b.readRef);
          found = {
            kind: 'writes-follow-reads',
            key: op.key,
            message: `session ${q(sessionNames[obs.session]!)} read ${q(op.key)} → ${formatValue(b.readRef.v)} (${describeOp(b.read!)}) and then wrote ${q(obs.write.key)} = ${formatValue(norm(written(obs.write)))} (${describeOp(obs.write)}); session ${q(tName)} saw that write (${describeOp(obs.read)}) but then read ${q(op.key)} → ${formatValue(rv.v)} (${describeOp(op)}), older than what the write followed: ${j.text}`,
            witness: [b.read!, obs.write, obs.read, op, ...j.ops],
            focus: [b.read!.id, obs.write.id, obs.read.id, op.id],
          };
          break;
        }
      }
      if (found) findings.push(found);

      prevRead[kid] = i;
      if (newest < 0 || !mayBeOld || !precedes(rv, refs[newest]!)) newestRead[kid] = i;
      const xi = rv.writerIndex;
      if (xi >= 0) {
        const s = sessionOf[xi]!;
        if (s !== t) {
          const pos = position[xi]!;
          const o = observedBy[s];
          if (!o) {
            const entry: Observed = { session: s, pos, write: rv.writer!, read: op };
            observed.push(entry);
            observedBy[s] = entry;
          } else if (pos > o.pos) {
            o.pos = pos;
            o.write = rv.writer!;
            o.read = op;
          }
        }
      }
    }
  }

  // --- Ground truth orders a session's own writes against what it wrote or read before.
  for (const [sid, kid, list] of writesAt.entries()) {
    const k = keys[kid]!;
    if (!k.unique || k.truth.size === 0) continue;
    const sName = sessionNames[sid]!;
    const key = k.key;
    const writes = list.idx.map((i) => ops[i]!);
    for (let i = 1; i < writes.length; i++) {
      const w1 = writes[i - 1]!;
      const w2 = writes[i]!;
      const a = refOf(w1, k);
      const b = refOf(w2, k);
      if (a.truth && b.truth && b.truth.version < a.truth.version) {
        findings.push({
          kind: 'monotonic-writes',
          key,
          message: `session ${q(sName)} wrote ${q(key)} = ${formatValue(a.v)} (${describeOp(w1)}) and then ${formatValue(b.v)} (${describeOp(w2)}), but the ground truth orders them the other way: version ${b.truth.version} for ${formatValue(b.v)}, ${a.truth.version} for ${formatValue(a.v)}`,
          witness: [w1, w2, a.truth.source, b.truth.source],
          focus: [w1.id, w2.id],
        });
      }
    }
    for (const wi of list.idx) {
      const w2 = ops[wi]!;
      const ri = lastBefore(readsAt.get(sid, kid), position[wi]!);
      if (ri < 0) continue;
      const r1 = ops[ri]!;
      const a = refs[ri]!;
      const b = refs[wi]!;
      if (a !== b && a.truth && b.truth && b.truth.version < a.truth.version) {
        findings.push({
          kind: 'writes-follow-reads',
          key,
          message: `session ${q(sName)} read ${q(key)} → ${formatValue(a.v)} (${describeOp(r1)}) and then wrote ${formatValue(b.v)} (${describeOp(w2)}), but the ground truth orders the write before what was read: version ${b.truth.version} for ${formatValue(b.v)}, ${a.truth.version} for ${formatValue(a.v)}`,
          witness: [r1, w2, a.truth.source, b.truth.source],
          focus: [r1.id, w2.id],
        });
      }
    }
  }

  for (const k of keys) if (k.unique) findings.push(...lostWrites(k, (op) => refOf(op, k), time));

  return { findings, staleReads, readsWithTruth, keysWithoutUniqueWrites };
}

/**
 * Acknowledged writes that a later read missed, that were the latest state when it did (no
 * acknowledged write came after them before that read: an older write that a later one
 * overwrote was overwritten, not lost), and that nothing observed after that read. The read
 * must not be stale by the ground truth: then the committed state itself had gone back.
 * Only the last writes before each read are candidates, so this is O(reads · log writes).
 */
function lostWrites(k: KeyIndex, refOf: (op: HistoryOp) => Ref, time: TimeFormat): Finding[] {
  const at = (op: HistoryOp) => time.span(op.invokeMs, op.completeMs);
  const writes = [...k.acked].sort((a, b) => a.completeMs - b.completeMs || a.id - b.id);
  const m = writes.length;
  if (m === 0) return [];
  /** Latest invocation among the writes acknowledged up to each index. */
  const maxInvoke = new Float64Array(m);
  for (let i = 0; i < m; i++) maxInvoke[i] = Math.max(i > 0 ? maxInvoke[i - 1]! : -Infinity, writes[i]!.invokeMs);
  const reads = k.reads
    .filter((r) => k.known(refOf(r)) && (!r.truth || r.truth.returnedVersion >= r.truth.committedVersion))
    .sort((a, b) => a.invokeMs - b.invokeMs || a.id - b.id);
  const reported = new Set<HistoryOp>();
  const out: Finding[] = [];
  for (const r of reads) {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (writes[mid]!.completeMs < r.invokeMs) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) continue;
    const latest = maxInvoke[lo - 1]!;
    const rv = refOf(r);
    const floor = rv.initial || !rv.writer ? -Infinity : rv.writer.completeMs;
    for (let i = lo - 1; i >= 0 && writes[i]!.completeMs >= latest && writes[i]!.completeMs > floor; i--) {
      const w = writes[i]!;
      if (reported.has(w)) continue;
      const wv = refOf(w);
      if (!precedes(rv, wv)) continue;
      const seen = k.lastObserved.get(wv.v);
      if (seen !== undefined && seen > r.completeMs) continue;
      reported.add(w);
      const j = k.justify(rv, wv);
      out.push({
        kind: 'lost-write',
        key: k.key,
        message: `acknowledged write ${q(k.key)} = ${formatValue(wv.v)} (${describeOp(w)}, session ${q(w.session)}, acknowledged at ${time.at(w.completeMs)}) was lost: read ${describeOp(r)} (${at(r)}) returned ${formatValue(rv.v)}, an older value (${j.text}), and no operation after it saw ${formatValue(wv.v)}`,
        witness: [w, r, ...j.ops],
        focus: [w.id, r.id],
      });
    }
  }
  return out;
}
