/**
 * Sequential specifications the linearizability search checks a history against. As in
 * Porcupine, a model is a record of pure functions: the search never looks inside a state, it
 * only steps, compares and hashes states, so a model can be swapped without touching the search.
 * Purity is what makes the search's memo tables sound: the same (state, operation) always
 * gives the same next state.
 */
import type { HistoryOp, OpKind, Value } from '../sim/history';

export type ModelName = 'register' | 'cas-register' | 'kv';

export const MODEL_NAMES: readonly ModelName[] = ['register', 'cas-register', 'kv'];

export interface Model<S = unknown> {
  readonly name: ModelName;
  /** Operation kinds this model gives a meaning to; others are rejected before checking. */
  readonly kinds: readonly OpKind[];
  /** The state of every key before the history starts. */
  init(initial: Value | null | undefined): S;
  /**
   * The state after `op` from `state`, or undefined when `op`'s recorded output is impossible
   * from `state`. For an op whose outcome is `unknown` the output is unconstrained, so step
   * must never return undefined for it: the search relies on that to leave such ops out.
   */
  step(state: S, op: HistoryOp): S | undefined;
  /**
   * Whether `op`, whenever it is legal, leaves the state as it was (a read; a cas that did not
   * swap). The search linearizes such an op as soon as it is legal, without branching.
   */
  preservesState(op: HistoryOp): boolean;
  equal(a: S, b: S): boolean;
  /** Any 32-bit integer; equal states must hash equally. */
  hash(s: S): number;
  describeOp(op: HistoryOp): string;
  describeState(s: S): string;
  /**
   * Whether the value `op` observed can be produced from `initial` by the writes in `writes`.
   * Witness shrinking keeps only subsets where this holds for every observing op, so a witness
   * never "fails" merely because the write a read saw was cut away.
   */
  explained(op: HistoryOp, initial: S, writes: readonly HistoryOp[]): boolean;
}

export function formatValue(v: Value | null | undefined): string {
  if (v === null || v === undefined) return 'nil';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function hashString(s: string): number {
  // FNV-1a: short, deterministic, good enough to spread states over buckets.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function hashValue(v: Value | null): number {
  if (v === null) return 0x2545f491;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) return Math.imul(v | 0, 0x9e3779b1) ^ 0x5bd1e995;
    return hashString(`n${v}`);
  }
  return hashString(v);
}

function casParts(op: HistoryOp): [Value | null, Value] {
  return op.value as [Value | null, Value];
}

function describeRegisterOp(op: HistoryOp): string {
  switch (op.op) {
    case 'read':
      return op.outcome === 'ok' ? `read → ${formatValue(op.value as Value | null)}` : 'read';
    case 'write':
      return `write ${formatValue(op.value as Value)}`;
    case 'append':
      return `append ${formatValue(op.value as Value)}`;
    case 'cas': {
      const [from, to] = casParts(op);
      const result = op.outcome !== 'ok' ? '' : op.swapped ? ' → swapped' : ' → not swapped';
      return `cas ${formatValue(from)}→${formatValue(to)}${result}`;
    }
  }
}

type Reg = Value | null;

function registerStep(state: Reg, op: HistoryOp): Reg | undefined {
  const unknown = op.outcome !== 'ok';
  switch (op.op) {
    case 'read':
      return unknown || op.value === state ? state : undefined;
    case 'write':
      return op.value as Value;
    case 'cas': {
      const [from, to] = casParts(op);
      const matches = from === state;
      if (unknown) return matches ? to : state;
      if (op.swapped === true) return matches ? to : undefined;
      return matches ? undefined : state;
    }
    case 'append':
      return undefined;
  }
}

function registerExplained(op: HistoryOp, initial: Reg, writes: readonly HistoryOp[]): boolean {
  let seen: Reg;
  if (op.op === 'read') seen = op.value as Reg;
  else if (op.op === 'cas' && op.swapped === true) seen = casParts(op)[0];
  else return true;
  if (seen === initial) return true;
  // Only a write that may have applied can have produced the value: not a cas that did not swap.
  return writes.some((w) =>
    w.op === 'write' ? w.value === seen : w.op === 'cas' && (w.swapped === true || w.outcome === 'unknown') && casParts(w)[1] === seen,
  );
}

function makeRegister(name: 'register' | 'cas-register', kinds: readonly OpKind[]): Model<Reg> {
  return {
    name,
    kinds,
    init: (initial) => initial ?? null,
    step: registerStep,
    preservesState: (op) => op.op === 'read' || (op.op === 'cas' && op.outcome === 'ok' && op.swapped === false),
    equal: (a, b) => a === b,
    hash: hashValue,
    describeOp: describeRegisterOp,
    describeState: (s) => formatValue(s),
    explained: registerExplained,
  };
}

/** A register with read and write. */
export const registerModel = makeRegister('register', ['read', 'write']);

/** A register with read, write and compare-and-set (Jepsen's etcd test, Porcupine's etcdModel). */
export const casRegisterModel = makeRegister('cas-register', ['read', 'write', 'cas']);

/** The text a kv value stands for: the kv store holds strings, and an absent key reads as "". */
function kvText(v: Value | null | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

/**
 * A kv state carries a polynomial hash of its text, extended in O(|appended|) by an append:
 * hashing the whole text at every step would cost O(length) and long appended strings are
 * exactly what kv histories produce.
 */
export interface KvState {
  readonly text: string;
  readonly h: number;
}

const KV_BASE = 0x01000193;

function kvHash(s: string, from = 0): number {
  let h = 0;
  for (let i = from; i < s.length; i++) h = (Math.imul(h, KV_BASE) + s.charCodeAt(i)) | 0;
  return h;
}

function kvAppend(state: KvState, tail: string): KvState {
  let pow = 1;
  for (let i = 0; i < tail.length; i++) pow = Math.imul(pow, KV_BASE);
  return { text: state.text + tail, h: (Math.imul(state.h, pow) + kvHash(tail)) | 0 };
}

const kvState = (text: string): KvState => ({ text, h: kvHash(text) });

/** Hash of what a read returned, computed once per op object (a pure memo; ops are never mutated during a check). */
const readHashes = new WeakMap<HistoryOp, number>();

function readHash(op: HistoryOp): number {
  let h = readHashes.get(op);
  if (h === undefined) {
    h = kvHash(kvText(op.value as Value | null));
    readHashes.set(op, h);
  }
  return h;
}

/**
 * A key-value store of strings with get (read), put (write) and append, as in the MIT 6.824
 * kvraft histories Porcupine ships. Appended values are usually unique, so a read reveals the
 * order of every append before it.
 */
export const kvModel: Model<KvState> = {
  name: 'kv',
  kinds: ['read', 'write', 'append'],
  init: (initial) => kvState(kvText(initial)),
  step(state, op) {
    switch (op.op) {
      case 'read':
        if (op.outcome !== 'ok') return state;
        return readHash(op) === state.h && kvText(op.value as Value | null) === state.text ? state : undefined;
      case 'write':
        return kvState(kvText(op.value as Value));
      case 'append':
        return kvAppend(state, kvText(op.value as Value));
      case 'cas':
        return undefined;
    }
  },
  preservesState: (op) => op.op === 'read',
  equal: (a, b) => a === b || (a.h === b.h && a.text === b.text),
  hash: (s) => s.h,
  describeOp(op) {
    if (op.op === 'read') return op.outcome === 'ok' ? `get → ${formatValue(kvText(op.value as Value | null))}` : 'get';
    if (op.op === 'write') return `put ${formatValue(kvText(op.value as Value))}`;
    return describeRegisterOp(op);
  },
  describeState: (s) => formatValue(s.text),
  explained(op, initial, writes) {
    if (op.op !== 'read') return true;
    const s = kvText(op.value as Value | null);
    // s must split into a starting value (the initial one or a put) followed by appends.
    const reach = new Uint8Array(s.length + 1);
    if (s.startsWith(initial.text)) reach[initial.text.length] = 1;
    const appends: string[] = [];
    for (const w of writes) {
      const v = kvText(w.value as Value);
      if (w.op === 'write' && s.startsWith(v)) reach[v.length] = 1;
      else if (w.op === 'append' && v.length > 0 && s.includes(v)) appends.push(v);
    }
    for (let i = 0; i < s.length; i++) {
      if (!reach[i]) continue;
      for (const a of appends) if (s.startsWith(a, i)) reach[i + a.length] = 1;
    }
    return reach[s.length] === 1;
  },
};

export function modelByName(name: ModelName): Model {
  switch (name) {
    case 'register':
      return registerModel as Model;
    case 'cas-register':
      return casRegisterModel as Model;
    case 'kv':
      return kvModel as Model;
  }
}

/** The smallest model that gives every operation in the history a meaning. */
export function inferModel(ops: readonly HistoryOp[]): ModelName {
  let cas = false;
  for (const op of ops) {
    if (op.op === 'append') return 'kv';
    if (op.op === 'cas') cas = true;
  }
  return cas ? 'cas-register' : 'register';
}
