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
 * Configurations already explored. A linearized set is stored as the window of its bitset
 * between p (the first op not linearized: every op before it is) and q (one past the last op
 * linearized: none after it is). Ops are numbered in call order, so the window spans only the
 * operations that were concurrent at that point and an entry costs a few words, not n/32.
 */
class VisitedSet {
  private cap: number;
  private h1: Int32Array;
  private h2: Int32Array;
  private st: Int32Array;
  private pp: Int32Array;
  private qq: Int32Array;
  private off: Int32Array;
  private arena: Int32Array;
  private arenaUsed = 0;
  size = 0;

  constructor(n: number) {
    const cap = (this.cap = initialCapacity(n));
    this.h1 = new Int32Array(cap);
    this.h2 = new Int32Array(cap);
    this.st = new Int32Array(cap).fill(-1);
    this.pp = new Int32Array(cap);
    this.qq = new Int32Array(cap);
    this.off = new Int32Array(cap);
    this.arena = new Int32Array(cap);
  }

  /** Adds the configuration; false when it was already there. */
  add(bits: Int32Array, p: number, q: number, state: number, hash1: number, hash2: number): boolean {
    const c1 = hash1 ^ mixState(state);
    const c2 = hash2 ^ Math.imul(state + 1, 0x27d4eb2f);
    const w0 = p >>> 5;
    const len = q > p ? ((q - 1) >>> 5) - w0 + 1 : 0;
    const mask = this.cap - 1;
    let i = c1 & mask;
    for (;;) {
      const s = this.st[i]!;
      if (s === -1) break;
      if (s === state && this.h1[i] === c1 && this.h2[i] === c2 && this.pp[i] === p && this.qq[i] === q) {
        const o = this.off[i]!;
        let same = true;
        for (let k = 0; k < len; k++) {
          if (this.arena[o + k] !== bits[w0 + k]) {
            same = false;
            break;
          }
        }
        if (same) return false;
      }
      i = (i + 1) & mask;
    }
    if (this.arenaUsed + len > this.arena.length) {
      const grown = new Int32Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    const o = this.arenaUsed;
    for (let k = 0; k < len; k++) this.arena[o + k] = bits[w0 + k]!;
    this.arenaUsed += len;
    this.st[i] = state;
    this.h1[i] = c1;
    this.h2[i] = c2;
    this.pp[i] = p;
    this.qq[i] = q;
    this.off[i] = o;
    this.size++;
    if (this.size * 2 > this.cap) this.grow();
    return true;
  }

  private grow(): void {
    const { h1, h2, st, pp, qq, off } = this;
    this.cap *= 2;
    this.h1 = new Int32Array(this.cap);
    this.h2 = new Int32Array(this.cap);
    this.st = new Int32Array(this.cap).fill(-1);
    this.pp = new Int32Array(this.cap);
    this.qq = new Int32Array(this.cap);
    this.off = new Int32Array(this.cap);
    const mask = this.cap - 1;
    for (let j = 0; j < st.length; j++) {
      if (st[j] === -1) continue;
      let i = h1[j]! & mask;
      while (this.st[i] !== -1) i = (i + 1) & mask;
      this.h1[i] = h1[j]!;
      this.h2[i] = h2[j]!;
      this.st[i] = st[j]!;
      this.pp[i] = pp[j]!;
      this.qq[i] = qq[j]!;
      this.off[i] = off[j]!;
    }
  }
}

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

  private readonly n: number;
  private readonly order: number[];
  private readonly ops: HistoryOp[];
  private readonly nodeOp: Int32Array;
  private readonly nodeIsCall: Uint8Array;
  private readonly callNode: Int32Array;
  private readonly retNode: Int32Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly words: Int32Array;
  private readonly states: StateTable<S>;
  private readonly memo: TransitionMemo;
  private readonly visited: VisitedSet;
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  private readonly stackP: Int32Array;
  private readonly stackQ: Int32Array;
  private sp = 0;
  private state: number;
  private h1 = 0;
  private h2 = 0;
  private p = 0;
  private q = 0;
  private remaining = 0;
  private maxFrontier = 0;
  private entry: number;

  constructor(
    input: readonly HistoryOp[],
    private readonly model: Model<S>,
    initial: S,
  ) {
    const n = input.length;
    this.n = n;
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
    this.words = new Int32Array((n >>> 5) + 1);
    this.states = new StateTable(model);
    this.memo = new TransitionMemo(n);
    this.visited = new VisitedSet(n);
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.stackP = new Int32Array(n);
    this.stackQ = new Int32Array(n);
    this.state = this.states.intern(initial);
    this.visited.add(this.words, 0, 0, this.state, 0, 0);
    this.entry = this.next[0]!;
    if (this.remaining === 0) this.outcome = 'ok';
  }

  /**
   * Advances the search by at most `maxSteps` steps (and stops early once `budget.now` passes
   * `budget.deadline`); returns the outcome, 'running' while undecided.
   */
  run(maxSteps: number, budget?: Budget): SearchOutcome | 'running' {
    if (this.outcome !== 'running') return this.outcome;
    const { n, nodeOp, nodeIsCall, callNode, retNode, next, prev, words, memo, visited, stackOp, stackState, stackP, stackQ, model, ops } = this;
    const z1 = zobrist1;
    const z2 = zobrist2;
    const statesList = this.states.states;
    let { sp, state, h1, h2, p, q, remaining, maxFrontier, entry } = this;
    let steps = 0;
    let clockIn = CLOCK_EVERY;
    const now = budget?.now;
    const deadline = budget ? budget.deadline : Infinity;
    let outcome: SearchOutcome | 'running' = 'running';

    while (steps < maxSteps) {
      steps++;
      if (--clockIn === 0) {
        clockIn = CLOCK_EVERY;
        if (now && now() > deadline) break;
      }
      if (entry !== -1 && nodeIsCall[entry] === 1) {
        const op = nodeOp[entry]!;
        let ns = memo.get(state, op);
        if (ns === -2) {
          const s = model.step(statesList[state]!, ops[op]!);
          ns = s === undefined ? -1 : this.states.intern(s);
          memo.set(state, op, ns);
        }
        if (ns >= 0) {
          const w = op >>> 5;
          const bit = 1 << (op & 31);
          words[w] = words[w]! | bit;
          const nh1 = h1 ^ z1[op]!;
          const nh2 = h2 ^ z2[op]!;
          let np = p;
          if (op === p) while (np < n && (words[np >>> 5]! & (1 << (np & 31))) !== 0) np++;
          const nq = op + 1 > q ? op + 1 : q;
          if (visited.add(words, np, nq, ns, nh1, nh2)) {
            stackOp[sp] = op;
            stackState[sp] = state;
            stackP[sp] = p;
            stackQ[sp] = q;
            sp++;
            state = ns;
            h1 = nh1;
            h2 = nh2;
            p = np;
            q = nq;
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
            continue;
          }
          words[w] = words[w]! & ~bit;
        }
        entry = next[entry]!;
        continue;
      }
      // A return (or the end of the list): this configuration cannot go further.
      if (entry > maxFrontier) maxFrontier = entry;
      if (sp === 0) {
        outcome = 'fail';
        break;
      }
      sp--;
      const op = stackOp[sp]!;
      state = stackState[sp]!;
      p = stackP[sp]!;
      q = stackQ[sp]!;
      h1 ^= z1[op]!;
      h2 ^= z2[op]!;
      words[op >>> 5] = words[op >>> 5]! & ~(1 << (op & 31));
      const r = retNode[op]!;
      if (r !== -1) {
        next[prev[r]!] = r;
        if (next[r] !== -1) prev[next[r]!] = r;
        remaining++;
      }
      const c = callNode[op]!;
      next[prev[c]!] = c;
      if (next[c] !== -1) prev[next[c]!] = c;
      entry = next[c]!;
    }

    Object.assign(this, { sp, state, h1, h2, p, q, remaining, maxFrontier, entry });
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
