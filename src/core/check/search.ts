/**
 * Linearizability of one partition (one key): the Wing & Gong search with Lowe's memoization,
 * as Porcupine does it (github.com/anishathalye/porcupine, checker.go), written for the
 * JavaScript engine: every structure is a typed array, and nothing is allocated per step.
 *
 * The history becomes a time-ordered list of call and return events. The search walks the
 * list from its head; at a call it tries to linearize that operation next (the model must
 * accept its output from the current state); reaching a return means an operation that has
 * already returned is still not linearized, so the last choice is undone. A configuration
 * (set of linearized operations, model state) already explored is never explored again: that
 * cache is what makes the search practical (Lowe, "Testing for linearizability", 2017).
 *
 * Intervals are closed: on equal times a call sorts before a return, so operations whose
 * intervals touch are concurrent — the checker never claims an order the timestamps do not prove.
 *
 * Operations whose outcome is unknown have no return event: they may take effect at any
 * point after their call, or never (taking effect at the very end is the same as never), and
 * their output is unconstrained. The search succeeds once every completed operation is placed.
 * Because they are optional, a configuration is also skipped when one with the same completed
 * operations and state but fewer unknown ones was explored (VisitedSet.add says why that is
 * safe): Jepsen logs full of timeouts need several times fewer steps.
 */
import type { HistoryOp } from '../sim/history';
import type { Model } from './model';

/** Shared by every search of one check, so one limit bounds the whole run. */
export interface Budget {
  stepsUsed: number;
  maxSteps: number;
  /** Absolute deadline on `now`'s clock; Infinity when there is none. */
  deadline: number;
  now?: () => number;
  exhausted: boolean;
}

export function makeBudget(maxSteps = Infinity, now?: () => number, timeBudgetMs?: number): Budget {
  const deadline = now && timeBudgetMs !== undefined && Number.isFinite(timeBudgetMs) ? now() + timeBudgetMs : Infinity;
  return { stepsUsed: 0, maxSteps, deadline, now, exhausted: false };
}

export type SearchOutcome = 'ok' | 'fail' | 'unknown';

export interface SearchResult {
  outcome: SearchOutcome;
  steps: number;
  /** ok: indices into the input ops, in linearization order. */
  linearization?: number[];
  /**
   * fail: the operation (index into the input ops) whose return no explored configuration
   * got past — the history up to that return is the shortest failing prefix.
   */
  culprit?: number;
  /** fail: indices of the ops called before the culprit returned (the failing prefix). */
  prefix?: number[];
}

/** Whether an op constrains or changes anything: failed ops never took effect, unknown reads observe nothing. */
export function isEffective(op: HistoryOp): boolean {
  if (op.outcome === 'fail') return false;
  if (op.outcome === 'unknown' && op.op === 'read') return false;
  return true;
}

// --- Zobrist keys: a set's hash is the XOR of its members' keys, updated in O(1) per step. ---

let zobrist1 = new Int32Array(0);
let zobrist2 = new Int32Array(0);

function zobristKeys(n: number): void {
  if (zobrist1.length >= n) return;
  const size = Math.max(n, zobrist1.length * 2, 1024);
  const a = new Int32Array(size);
  const b = new Int32Array(size);
  // splitmix32 from a fixed seed: deterministic, no Math.random in the core.
  let s = 0x9e3779b9;
  const next = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return z ^ (z >>> 16);
  };
  for (let i = 0; i < size; i++) {
    a[i] = next();
    b[i] = next();
  }
  zobrist1 = a;
  zobrist2 = b;
}

function mixState(s: number): number {
  let z = Math.imul(s + 0x632be5ab, 0x9e3779b1);
  z = Math.imul(z ^ (z >>> 15), 0x85ebca77);
  return z ^ (z >>> 13);
}

/** States interned to small integers, so the search compares and hashes integers only. */
class StateTable<S> {
  readonly states: S[] = [];
  private hashes: Int32Array;
  private cap = 16;
  private slots = new Int32Array(this.cap).fill(-1);

  constructor(private readonly model: Model<S>) {
    this.hashes = new Int32Array(this.cap);
  }

  intern(s: S): number {
    const h = this.model.hash(s) | 0;
    const mask = this.cap - 1;
    let i = mix32(h) & mask;
    for (;;) {
      const id = this.slots[i]!;
      if (id === -1) break;
      if (this.hashes[id] === h && this.model.equal(this.states[id]!, s)) return id;
      i = (i + 1) & mask;
    }
    const id = this.states.length;
    this.states.push(s);
    if (id >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = h;
    this.slots[i] = id;
    if ((id + 1) * 2 > this.cap) this.grow();
    return id;
  }

  private grow(): void {
    this.cap *= 2;
    const slots = new Int32Array(this.cap).fill(-1);
    const mask = this.cap - 1;
    for (let id = 0; id < this.states.length; id++) {
      let i = mix32(this.hashes[id]!) & mask;
      while (slots[i] !== -1) i = (i + 1) & mask;
      slots[i] = id;
    }
    this.slots = slots;
  }
}

/** murmur3's finalizer: spreads nearby integers over the table so linear probing stays short. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A power of two above 2n: a linearizable history often needs about n entries. */
function initialCapacity(n: number): number {
  let cap = 32;
  while (cap < 2 * n) cap *= 2;
  return cap;
}

/**
 * (state id, op index) -> next state id, or -1 when the model rejects the op. A direct-mapped
 * cache, not a map: a collision just overwrites. Register histories revisit the same few
 * (state, op) pairs constantly and hit almost always; kv histories mint a new state at nearly
 * every append, where a growing map would cost more in rehashing than the steps it saves.
 */
class TransitionMemo {
  private readonly mask: number;
  private readonly ka: Int32Array;
  private readonly kb: Int32Array;
  private readonly val: Int32Array;

  constructor(n: number) {
    let cap = 64;
    while (cap < 4 * n && cap < 1 << 16) cap *= 2;
    this.mask = cap - 1;
    this.ka = new Int32Array(cap).fill(-1);
    this.kb = new Int32Array(cap);
    this.val = new Int32Array(cap);
  }

  /** The stored result, or -2 when absent. */
  get(a: number, b: number): number {
    const i = mix32(Math.imul(a, 0x9e3779b1) + b) & this.mask;
    return this.ka[i] === a && this.kb[i] === b ? this.val[i]! : -2;
  }

  set(a: number, b: number, v: number): void {
    const i = mix32(Math.imul(a, 0x9e3779b1) + b) & this.mask;
    this.ka[i] = a;
    this.kb[i] = b;
    this.val[i] = v;
  }
}

/**
 * Configurations already explored. The linearized set is a bitset in two regions: completed
 * operations first, then those with an unknown outcome, each numbered in call order. Each
 * region is stored as the window between p (the first op not linearized: every op before it
 * is) and q (one past the last op linearized: none after it is). Completed operations get
 * linearized roughly in order, so their window spans only what was concurrent at that point:
 * an entry costs a few words, not n/32. Unknown operations get their own region because one
 * that never takes effect stays unlinearized forever and would otherwise hold p back, making
 * every window as long as the history.
 */
class VisitedSet {
  /** Open-addressing table of entry numbers + 1 (0 = empty): growing it moves one word per entry. */
  private table: Int32Array;
  private mask: number;
  /**
   * Entries, appended in order, ENTRY words each: hash1, hash2, state, pA, qA, offset of the
   * completed-ops window, then pB, qB, offset of the first unknown-op set (pB -1 once dropped),
   * and the index into `more` of further sets (0 when none; most entries have one).
   */
  private entries: Int32Array;
  private count = 0;
  private readonly more: number[][] = [[]];
  private arena: Int32Array;
  private arenaUsed = 0;

  constructor(n: number) {
    const cap = initialCapacity(n);
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    this.entries = new Int32Array(cap * ENTRY);
    this.arena = new Int32Array(cap);
  }

  get size(): number {
    return this.count;
  }

  private store(bits: Int32Array, from: number, len: number): number {
    if (this.arenaUsed + len > this.arena.length) {
      const grown = new Int32Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    const o = this.arenaUsed;
    for (let k = 0; k < len; k++) this.arena[o + k] = bits[from + k]!;
    this.arenaUsed += len;
    return o;
  }

  /** Whether the stored unknown-op set (sp, sq, so) is a subset of the current one (pB, bits). */
  private subset(bits: Int32Array, pB: number, sp: number, sq: number, so: number): boolean {
    // Ops below sp are in the stored set, and in ours only when pB >= sp.
    if (pB < sp) return false;
    const s0 = sp >>> 5;
    const sLen = sq > sp ? ((sq - 1) >>> 5) - s0 + 1 : 0;
    for (let k = 0; k < sLen; k++) if ((this.arena[so + k]! & ~bits[s0 + k]!) !== 0) return false;
    return true;
  }

  /** Whether the stored set contains the current one (window [pB, qB) of bits). */
  private superset(bits: Int32Array, pB: number, qB: number, sp: number, sq: number, so: number): boolean {
    if (sp < pB) return false;
    const b0 = pB >>> 5;
    const lenB = qB > pB ? ((qB - 1) >>> 5) - b0 + 1 : 0;
    const s0 = sp >>> 5;
    const sLen = sq > sp ? ((sq - 1) >>> 5) - s0 + 1 : 0;
    for (let k = 0; k < lenB; k++) {
      const w = b0 + k;
      const stored = w < s0 ? -1 : w - s0 < sLen ? this.arena[so + w - s0]! : 0;
      if ((bits[w]! & ~stored) !== 0) return false;
    }
    return true;
  }

  /**
   * Adds the configuration; false when it is covered by one already there: same completed
   * ops, same state, and a subset of its unknown ops. Whatever this configuration can still do,
   * that one could too (the unknown ops it has not used are still available to it), so if
   * that one was explored without success, so would this be; and if it is still being
   * explored, it will find whatever this one would. Each entry's sets are kept an antichain.
   */
  add(bits: Int32Array, pA: number, qA: number, pB: number, qB: number, state: number, hash1: number, hash2: number): boolean {
    const c1 = hash1 ^ mixState(state);
    const c2 = hash2 ^ Math.imul(state + 1, 0x27d4eb2f);
    const a0 = pA >>> 5;
    const lenA = qA > pA ? ((qA - 1) >>> 5) - a0 + 1 : 0;
    const { table, mask, arena } = this;
    const en = this.entries;
    let i = c1 & mask;
    let found = -1;
    for (;;) {
      const t = table[i]!;
      if (t === 0) break;
      const x = (t - 1) * ENTRY;
      if (en[x] === c1 && en[x + 1] === c2 && en[x + 2] === state && en[x + 3] === pA && en[x + 4] === qA) {
        const o = en[x + 5]!;
        let same = true;
        for (let k = 0; k < lenA && same; k++) same = arena[o + k] === bits[a0 + k];
        if (same) {
          found = x;
          break;
        }
      }
      i = (i + 1) & mask;
    }
    const b0 = pB >>> 5;
    const lenB = qB > pB ? ((qB - 1) >>> 5) - b0 + 1 : 0;
    if (found >= 0) {
      const x = found;
      let id = en[x + 9]!;
      const list = id > 0 ? this.more[id]! : [];
      const inline = en[x + 6]! >= 0;
      if (inline && this.subset(bits, pB, en[x + 6]!, en[x + 7]!, en[x + 8]!)) return false;
      for (let e = 0; e < list.length; e += 3) if (this.subset(bits, pB, list[e]!, list[e + 1]!, list[e + 2]!)) return false;
      // Not covered: this set joins the entry, and the sets that contain it are dropped.
      if (inline && this.superset(bits, pB, qB, en[x + 6]!, en[x + 7]!, en[x + 8]!)) en[x + 6] = -1;
      let kept = 0;
      for (let e = 0; e < list.length; e += 3) {
        if (this.superset(bits, pB, qB, list[e]!, list[e + 1]!, list[e + 2]!)) continue;
        list[kept] = list[e]!;
        list[kept + 1] = list[e + 1]!;
        list[kept + 2] = list[e + 2]!;
        kept += 3;
      }
      list.length = kept;
      const o = this.store(bits, b0, lenB);
      if (en[x + 6]! < 0) {
        en[x + 6] = pB;
        en[x + 7] = qB;
        en[x + 8] = o;
      } else {
        if (id === 0) {
          id = this.more.length;
          this.more.push(list);
          en[x + 9] = id;
        }
        list.push(pB, qB, o);
      }
      return true;
    }
    if ((this.count + 1) * ENTRY > this.entries.length) {
      const grown = new Int32Array(this.entries.length * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    const e = this.entries;
    const x = this.count * ENTRY;
    e[x] = c1;
    e[x + 1] = c2;
    e[x + 2] = state;
    e[x + 3] = pA;
    e[x + 4] = qA;
    e[x + 5] = this.store(bits, a0, lenA);
    e[x + 6] = pB;
    e[x + 7] = qB;
    e[x + 8] = this.store(bits, b0, lenB);
    e[x + 9] = 0;
    this.count++;
    table[i] = this.count;
    if (this.count * 2 > table.length) this.grow();
    return true;
  }

  private grow(): void {
    const cap = this.table.length * 2;
    const table = new Int32Array(cap);
    const mask = cap - 1;
    const en = this.entries;
    for (let t = 0; t < this.count; t++) {
      let i = en[t * ENTRY]! & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = t + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** Words per VisitedSet entry. */
const ENTRY = 10;

const CLOCK_EVERY = 4096;

/**
 * One key's search, resumable: `run` advances it by a number of steps and returns. The
 * checker interleaves the keys of a history this way (round-robin, growing slices), which
 * does on one thread what Porcupine does with goroutines: a key that fails quickly decides
 * the verdict even when another key's search would take exponential time.
 *
 * Takes the effective ops of one key (see isEffective); they must be well formed
 * (invokeMs <= completeMs), which validation in formats.ts guarantees for parsed histories.
 */
export class PartitionSearch<S = unknown> {
  outcome: SearchOutcome | 'running' = 'running';
  steps = 0;

  private readonly order: number[];
  private readonly ops: HistoryOp[];
  private readonly nodeOp: Int32Array;
  private readonly nodeIsCall: Uint8Array;
  private readonly callNode: Int32Array;
  private readonly retNode: Int32Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly words: Int32Array;
  /** Per op: its bit (completed ops from 0, unknown ones from `base`). */
  private readonly bitOf: Int32Array;
  private readonly required: Uint8Array;
  /** Ends of the completed region [0, endA) and the unknown one [pB at start, endB). */
  private readonly endA: number;
  private readonly endB: number;
  private readonly states: StateTable<S>;
  private readonly memo: TransitionMemo;
  private readonly visited: VisitedSet;
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  /** pA, qA, pB, qB before each step, 4 per entry. */
  private readonly stackWin: Int32Array;
  /** Whether each step was forced (no alternatives to try when it fails). */
  private readonly stackForced: Uint8Array;
  /** Per op: completed, and the model says it never changes the state (a read). */
  private readonly keeps: Uint8Array;
  /** Whether the current configuration is fresh (not yet scanned for a forced step). */
  private scan = true;
  private sp = 0;
  private state: number;
  private h1 = 0;
  private h2 = 0;
  private pA = 0;
  private qA = 0;
  private pB: number;
  private qB: number;
  private remaining = 0;
  private maxFrontier = 0;
  private entry: number;

  constructor(
    input: readonly HistoryOp[],
    private readonly model: Model<S>,
    initial: S,
  ) {
    const n = input.length;
    // Ops numbered in call order; ties broken by id so the search is deterministic. Sorting
    // indices over typed arrays: long histories spend more here than in the search itself.
    const invoke = new Float64Array(n);
    const ids = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      invoke[i] = input[i]!.invokeMs;
      ids[i] = input[i]!.id;
    }
    const byCall = new Int32Array(n);
    for (let i = 0; i < n; i++) byCall[i] = i;
    byCall.sort((a, b) => invoke[a]! - invoke[b]! || ids[a]! - ids[b]!);
    this.order = Array.from(byCall);
    const ops = (this.ops = this.order.map((i) => input[i]!));
    // Events: calls in op order, returns in completion order, merged with calls first on ties.
    let required = 0;
    for (let i = 0; i < n; i++) if (ops[i]!.outcome === 'ok') required++;
    const complete = new Float64Array(n);
    const retsArr = new Int32Array(required);
    for (let i = 0, j = 0; i < n; i++) {
      complete[i] = ops[i]!.completeMs;
      if (ops[i]!.outcome === 'ok') retsArr[j++] = i;
    }
    retsArr.sort((a, b) => complete[a]! - complete[b]! || a - b);
    const rets = retsArr;
    this.remaining = rets.length;
    const E = n + rets.length;
    const nodeOp = (this.nodeOp = new Int32Array(E + 1));
    const nodeIsCall = (this.nodeIsCall = new Uint8Array(E + 1));
    const callNode = (this.callNode = new Int32Array(n));
    const retNode = (this.retNode = new Int32Array(n).fill(-1));
    let c = 0;
    let r = 0;
    const callTime = this.order.map((i) => invoke[i]!);
    for (let node = 1; node <= E; node++) {
      if (c < n && (r >= rets.length || callTime[c]! <= complete[rets[r]!]!)) {
        nodeOp[node] = c;
        nodeIsCall[node] = 1;
        callNode[c++] = node;
      } else {
        const op = rets[r++]!;
        nodeOp[node] = op;
        retNode[op] = node;
      }
    }
    this.next = new Int32Array(E + 1);
    this.prev = new Int32Array(E + 1);
    for (let node = 0; node <= E; node++) {
      this.next[node] = node < E ? node + 1 : -1;
      this.prev[node] = node - 1;
    }
    zobristKeys(n);
    const bitOf = (this.bitOf = new Int32Array(n));
    const isReq = (this.required = new Uint8Array(n));
    let nReq = 0;
    for (let i = 0; i < n; i++) if (ops[i]!.outcome === 'ok') isReq[i] = 1;
    for (let i = 0; i < n; i++) if (isReq[i]) bitOf[i] = nReq++;
    this.endA = nReq;
    const base = ((nReq + 31) >>> 5) << 5;
    let nOpt = 0;
    for (let i = 0; i < n; i++) if (!isReq[i]) bitOf[i] = base + nOpt++;
    this.endB = base + nOpt;
    this.pB = base;
    this.qB = base;
    this.words = new Int32Array(((base + nOpt) >>> 5) + 1);
    this.states = new StateTable(model);
    this.memo = new TransitionMemo(n);
    this.visited = new VisitedSet(n);
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.stackWin = new Int32Array(n * 4);
    this.stackForced = new Uint8Array(n);
    this.keeps = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (isReq[i] && model.preservesState(ops[i]!)) this.keeps[i] = 1;
    this.state = this.states.intern(initial);
    this.visited.add(this.words, 0, 0, base, base, this.state, 0, 0);
    this.entry = this.next[0]!;
    if (this.remaining === 0) this.outcome = 'ok';
  }

  /**
   * Advances the search by at most `maxSteps` steps (and stops early once `budget.now` passes
   * `budget.deadline`); returns the outcome, 'running' while undecided.
   */
  run(maxSteps: number, budget?: Budget): SearchOutcome | 'running' {
    if (this.outcome !== 'running') return this.outcome;
    const { nodeOp, nodeIsCall, callNode, retNode, next, prev, words, memo, visited, stackOp, stackState, stackWin, stackForced, model, ops, bitOf, required, keeps, endA, endB } = this;
    const z1 = zobrist1;
    const z2 = zobrist2;
    const statesList = this.states.states;
    let { sp, state, h1, h2, pA, qA, pB, qB, remaining, maxFrontier, entry, scan } = this;
    let steps = 0;
    let clockIn = CLOCK_EVERY;
    const now = budget?.now;
    const deadline = budget ? budget.deadline : Infinity;
    let outcome: SearchOutcome | 'running' = 'running';
    const transition = (st: number, op: number): number => {
      let ns = memo.get(st, op);
      if (ns === -2) {
        const s = model.step(statesList[st]!, ops[op]!);
        ns = s === undefined ? -1 : this.states.intern(s);
        memo.set(st, op, ns);
      }
      return ns;
    };

    while (steps < maxSteps) {
      steps++;
      if (--clockIn === 0) {
        clockIn = CLOCK_EVERY;
        if (now && now() > deadline) break;
      }
      let op = -1;
      let ns = -1;
      let forced = 0;
      if (scan) {
        // A fresh configuration: a candidate that leaves the state as it is and is legal now
        // (a read returning the current value) can be linearized right away with no
        // alternatives tried, since any order that places it later stays valid with it moved
        // here. Most reads are settled this way, without branching.
        scan = false;
        for (let e = next[0]!; e !== -1 && nodeIsCall[e] === 1; e = next[e]!) {
          const o = nodeOp[e]!;
          if (keeps[o] && transition(state, o) === state) {
            op = o;
            ns = state;
            forced = 1;
            break;
          }
        }
      }
      if (op === -1 && entry !== -1 && nodeIsCall[entry] === 1) {
        op = nodeOp[entry]!;
        ns = transition(state, op);
        if (ns < 0) {
          entry = next[entry]!;
          continue;
        }
      }
      if (op !== -1) {
        const b = bitOf[op]!;
        const w = b >>> 5;
        const bit = 1 << (b & 31);
        words[w] = words[w]! | bit;
        const nh1 = required[op] ? h1 ^ z1[op]! : h1;
        const nh2 = required[op] ? h2 ^ z2[op]! : h2;
        let npA = pA;
        let nqA = qA;
        let npB = pB;
        let nqB = qB;
        if (required[op]) {
          if (b === pA) while (npA < endA && (words[npA >>> 5]! & (1 << (npA & 31))) !== 0) npA++;
          if (b + 1 > qA) nqA = b + 1;
        } else {
          if (b === pB) while (npB < endB && (words[npB >>> 5]! & (1 << (npB & 31))) !== 0) npB++;
          if (b + 1 > qB) nqB = b + 1;
        }
        if (visited.add(words, npA, nqA, npB, nqB, ns, nh1, nh2)) {
          stackOp[sp] = op;
          stackState[sp] = state;
          stackForced[sp] = forced;
          const sw = sp << 2;
          stackWin[sw] = pA;
          stackWin[sw + 1] = qA;
          stackWin[sw + 2] = pB;
          stackWin[sw + 3] = qB;
          sp++;
          state = ns;
          h1 = nh1;
          h2 = nh2;
          pA = npA;
          qA = nqA;
          pB = npB;
          qB = nqB;
          // Lift the op's call and return out of the list (dancing links: undone in reverse).
          const c = callNode[op]!;
          next[prev[c]!] = next[c]!;
          if (next[c] !== -1) prev[next[c]!] = prev[c]!;
          const r = retNode[op]!;
          if (r !== -1) {
            next[prev[r]!] = next[r]!;
            if (next[r] !== -1) prev[next[r]!] = prev[r]!;
            if (--remaining === 0) {
              outcome = 'ok';
              break;
            }
          }
          entry = next[0]!;
          scan = true;
          continue;
        }
        words[w] = words[w]! & ~bit;
        if (!forced) {
          entry = next[entry]!;
          continue;
        }
        // The forced step leads somewhere already explored: so does this configuration.
      } else if (entry > maxFrontier) {
        // A return (or the end of the list): this configuration cannot go further.
        maxFrontier = entry;
      }
      // Backtrack; a configuration whose step was forced fails with it, so keep going up.
      let popped: number;
      do {
        if (sp === 0) {
          outcome = 'fail';
          break;
        }
        sp--;
        popped = stackOp[sp]!;
        state = stackState[sp]!;
        const sw = sp << 2;
        pA = stackWin[sw]!;
        qA = stackWin[sw + 1]!;
        pB = stackWin[sw + 2]!;
        qB = stackWin[sw + 3]!;
        if (required[popped]) {
          h1 ^= z1[popped]!;
          h2 ^= z2[popped]!;
        }
        const b = bitOf[popped]!;
        words[b >>> 5] = words[b >>> 5]! & ~(1 << (b & 31));
        const r = retNode[popped]!;
        if (r !== -1) {
          next[prev[r]!] = r;
          if (next[r] !== -1) prev[next[r]!] = r;
          remaining++;
        }
        const c = callNode[popped]!;
        next[prev[c]!] = c;
        if (next[c] !== -1) prev[next[c]!] = c;
        entry = next[c]!;
      } while (stackForced[sp] === 1);
      if (outcome === 'fail') break;
    }

    Object.assign(this, { sp, state, h1, h2, pA, qA, pB, qB, remaining, maxFrontier, entry, scan });
    this.steps += steps;
    if (budget) budget.stepsUsed += steps;
    this.outcome = outcome;
    return outcome;
  }

  /** ok: the linearization found, as indices into the input ops. */
  linearization(): number[] | undefined {
    if (this.outcome !== 'ok') return undefined;
    const out: number[] = [];
    for (let i = 0; i < this.sp; i++) out.push(this.order[this.stackOp[i]!]!);
    return out;
  }

  /**
   * fail: the op (index into the input ops) whose return no explored configuration got past,
   * and the ops called before that return. Every configuration stopped at a return no later
   * than that one and one of them reached it, so the history before that return is
   * linearizable and, with it, is not: the shortest failing prefix.
   */
  failure(): { culprit: number; prefix: number[] } | undefined {
    if (this.outcome !== 'fail') return undefined;
    const prefix: number[] = [];
    for (let node = 1; node < this.maxFrontier; node++) if (this.nodeIsCall[node]) prefix.push(this.order[this.nodeOp[node]!]!);
    return { culprit: this.order[this.nodeOp[this.maxFrontier]!]!, prefix };
  }
}

/** Runs one key's search to the end or until the budget runs out. */
export function searchPartition<S>(input: readonly HistoryOp[], model: Model<S>, initial: S, budget: Budget): SearchResult {
  const search = new PartitionSearch(input, model, initial);
  const outcome = search.run(Math.max(0, budget.maxSteps - budget.stepsUsed), budget);
  if (outcome === 'running') {
    budget.exhausted = true;
    return { outcome: 'unknown', steps: search.steps };
  }
  if (outcome === 'ok') return { outcome, steps: search.steps, linearization: search.linearization()! };
  return { outcome, steps: search.steps, ...search.failure()! };
}
