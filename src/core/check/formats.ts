/**
 * History readers: text in, History out, or one clear message with the line that is wrong.
 * Three formats: our own JSON (docs/history.md), Jepsen's 2014 etcd log, and the one-EDN-map-
 * per-line key-value log of the MIT 6.824 harness (both as Porcupine's test data has them:
 * ../shared/data/porcupine/FORMATS.md). Pure: no I/O, no exceptions escape.
 */
import type { History, HistoryOp, OpKind, Outcome, Value } from '../sim/history';
import { JsonSyntaxError, parseJsonLocated } from './jsonLines';

export type HistoryFormat = 'json' | 'jepsen' | 'edn';

export const HISTORY_FORMATS: readonly HistoryFormat[] = ['json', 'jepsen', 'edn'];

export type ParseResult = { ok: true; history: History; format: HistoryFormat } | { ok: false; error: string; line?: number };

class HistoryInputError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Which format `text` is in, from its first non-blank characters; undefined when none fits. */
export function detectFormat(text: string): HistoryFormat | undefined {
  const m = /\S/.exec(text);
  if (!m) return undefined;
  const rest = text.slice(m.index);
  if (rest.startsWith('{')) return /^\{\s*:/.test(rest) ? 'edn' : 'json';
  if (rest.startsWith('[')) return 'json';
  if (/^(INFO\s|\d+\s+:(invoke|ok|fail|info)\b)/.test(rest)) return 'jepsen';
  return undefined;
}

/** Reads a history in `format`, or the detected one when `format` is undefined. */
export function parseHistory(text: string, format?: HistoryFormat): ParseResult {
  const fmt = format ?? detectFormat(text);
  if (fmt === undefined) {
    if (!/\S/.test(text)) return { ok: false, error: 'the file is empty: no history to check' };
    return {
      ok: false,
      error: 'unrecognised history format (expected sdlab history JSON, a Jepsen log or an EDN key-value log; see docs/history.md)',
      line: 1,
    };
  }
  try {
    const history = fmt === 'json' ? readJson(text) : fmt === 'jepsen' ? readJepsenLog(text) : readEdnLog(text);
    return { ok: true, history, format: fmt };
  } catch (err) {
    if (err instanceof HistoryInputError) return { ok: false, error: err.message, line: err.line };
    if (err instanceof JsonSyntaxError) return { ok: false, error: `line ${err.line}, column ${err.column}: ${err.message}`, line: err.line };
    throw err;
  }
}

// ---------------------------------------------------------------- our JSON

const OP_KINDS: readonly OpKind[] = ['read', 'write', 'cas', 'append'];
const OUTCOMES: readonly Outcome[] = ['ok', 'fail', 'unknown'];

type Locate = (path: (string | number)[]) => number | undefined;

function readJson(text: string): History {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    parseJsonLocated(text); // throws JsonSyntaxError with the line
    throw new HistoryInputError('invalid JSON');
  }
  try {
    return validateHistory(doc, () => undefined);
  } catch (err) {
    if (!(err instanceof HistoryInputError)) throw err;
    // Read again, remembering lines, to say where the problem is.
    const located = parseJsonLocated(text);
    const locate: Locate = (path) => {
      let node: unknown = located.value;
      let found: number | undefined;
      for (const step of path) {
        if (node === null || typeof node !== 'object') break;
        const where = located.lines.get(node);
        const l = where?.get(step);
        if (l === undefined) break;
        found = l;
        node = (node as Record<string | number, unknown>)[step];
      }
      return found;
    };
    return validateHistory(located.value, locate);
  }
}

function isValue(v: unknown): v is Value {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/** Checks a parsed document against docs/history.md and builds the History. */
export function validateHistory(doc: unknown, locate: Locate = () => undefined): History {
  const bad = (path: (string | number)[], msg: string): never => {
    const line = locate(path);
    const where = path.length ? `${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '')}: ` : '';
    throw new HistoryInputError(`${line !== undefined ? `line ${line}: ` : ''}${where}${msg}`, line);
  };
  let rawOps: unknown;
  let initial: Value | null | undefined;
  let timeUnit: 'ms' | 'line' | undefined;
  if (Array.isArray(doc)) rawOps = doc;
  else if (doc !== null && typeof doc === 'object') {
    const d = doc as Record<string, unknown>;
    if (!Object.hasOwn(d, 'ops')) bad([], "a history needs an 'ops' array (see docs/history.md)");
    rawOps = d.ops;
    if (Object.hasOwn(d, 'timeUnit')) {
      if (d.timeUnit !== 'ms' && d.timeUnit !== 'line') bad(['timeUnit'], "must be 'ms' or 'line'");
      timeUnit = d.timeUnit as 'ms' | 'line';
    }
    if (Object.hasOwn(d, 'initial')) {
      if (d.initial !== null && !isValue(d.initial)) bad(['initial'], 'must be a string, a number or null');
      initial = d.initial as Value | null;
    }
  } else bad([], "a history is an object with an 'ops' array");
  if (!Array.isArray(rawOps)) bad(['ops'], 'must be an array of operations');
  const ops: HistoryOp[] = [];
  const ids = new Map<number, number>();
  (rawOps as unknown[]).forEach((raw, i) => {
    const path = ['ops', i];
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) bad(path, 'an operation must be an object');
    const r = raw as Record<string, unknown>;
    const field = (name: string) => (Object.hasOwn(r, name) ? r[name] : undefined);
    const at = (name: string) => [...path, name];

    let id = field('id');
    if (id === undefined) id = i;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) bad(at('id'), `must be an integer, got ${JSON.stringify(id)}`);
    const dup = ids.get(id as number);
    if (dup !== undefined) bad(at('id'), `duplicate id ${id} (also ops[${dup}])`);
    ids.set(id as number, i);

    const session = field('session');
    if (typeof session !== 'string' && !(typeof session === 'number' && Number.isFinite(session))) bad(at('session'), 'must be a string naming the client session');
    const key = field('key');
    if (typeof key !== 'string' && !(typeof key === 'number' && Number.isFinite(key))) bad(at('key'), 'must be a string');
    const op = field('op');
    if (typeof op !== 'string' || !(OP_KINDS as readonly string[]).includes(op)) bad(at('op'), `must be one of ${OP_KINDS.join(', ')}, got ${JSON.stringify(op)}`);
    const outcome = field('outcome');
    if (typeof outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(outcome)) bad(at('outcome'), `must be one of ${OUTCOMES.join(', ')}, got ${JSON.stringify(outcome)}`);
    const invokeMs = field('invokeMs');
    const completeMs = field('completeMs');
    if (typeof invokeMs !== 'number' || !Number.isFinite(invokeMs)) bad(at('invokeMs'), 'must be a number (milliseconds)');
    if (typeof completeMs !== 'number' || !Number.isFinite(completeMs)) bad(at('completeMs'), 'must be a number (milliseconds)');
    if ((completeMs as number) < (invokeMs as number)) bad(at('completeMs'), `completes (${completeMs}) before it is invoked (${invokeMs})`);

    let value = field('value');
    if (value === undefined) value = null;
    const kind = op as OpKind;
    if (kind === 'cas') {
      if (!Array.isArray(value) || value.length !== 2 || !(value[0] === null || isValue(value[0])) || !isValue(value[1])) {
        bad(at('value'), 'a cas needs value [expected, new] (expected may be null)');
      }
    } else if (kind === 'read') {
      if (outcome === 'ok' && value !== null && !isValue(value)) bad(at('value'), 'a read returns a string, a number or null');
      if (outcome !== 'ok' && value !== null && !isValue(value)) value = null;
    } else if (!isValue(value)) bad(at('value'), `a ${kind} needs a string or number value`);

    const swapped = field('swapped');
    if (swapped !== undefined && typeof swapped !== 'boolean') bad(at('swapped'), 'must be true or false');
    if (kind === 'cas' && outcome === 'ok' && swapped === undefined) bad(at('swapped'), "an ok cas must say whether it swapped ('swapped': true|false)");

    const node = field('node');
    if (node !== undefined && node !== null && typeof node !== 'string') bad(at('node'), 'must be a string');
    const error = field('error');
    if (error !== undefined && error !== null && typeof error !== 'string') bad(at('error'), 'must be a string');
    const truth = field('truth');
    let t: HistoryOp['truth'];
    if (truth !== undefined && truth !== null) {
      if (typeof truth !== 'object' || Array.isArray(truth)) bad(at('truth'), 'must be an object');
      const tr = truth as Record<string, unknown>;
      for (const f of ['committedVersion', 'returnedVersion']) {
        if (typeof tr[f] !== 'number' || !Number.isFinite(tr[f])) bad([...at('truth'), f], 'must be a number');
      }
      if (tr.stale !== undefined && typeof tr.stale !== 'boolean') bad([...at('truth'), 'stale'], 'must be true or false');
      t = {
        committedVersion: tr.committedVersion as number,
        returnedVersion: tr.returnedVersion as number,
        stale: typeof tr.stale === 'boolean' ? tr.stale : (tr.returnedVersion as number) < (tr.committedVersion as number),
      };
    }
    const out: HistoryOp = {
      id: id as number,
      session: String(session),
      key: String(key),
      op: kind,
      value: (kind === 'cas' ? [(value as unknown[])[0], (value as unknown[])[1]] : value) as HistoryOp['value'],
      invokeMs: invokeMs as number,
      completeMs: completeMs as number,
      outcome: outcome as Outcome,
    };
    if (kind === 'cas' && swapped !== undefined) out.swapped = swapped as boolean;
    if (typeof node === 'string') out.node = node;
    if (typeof error === 'string') out.error = error;
    if (t) out.truth = t;
    ops.push(out);
  });
  checkSessions(ops, (i, prev) =>
    bad(['ops', i], `session ${JSON.stringify(ops[i]!.session)} invokes this operation at ${ops[i]!.invokeMs} ms while its operation ${ops[prev]!.id} is outstanding until ${ops[prev]!.completeMs} ms`),
  );
  const history: History = { ops };
  if (initial !== undefined) history.initial = initial;
  if (timeUnit !== undefined) history.timeUnit = timeUnit;
  return history;
}

/** A session has at most one operation outstanding: the session guarantees are defined on that order. */
function checkSessions(ops: readonly HistoryOp[], overlap: (i: number, prev: number) => never): void {
  const bySession = new Map<string, number[]>();
  ops.forEach((op, i) => {
    const list = bySession.get(op.session);
    if (list) list.push(i);
    else bySession.set(op.session, [i]);
  });
  for (const list of bySession.values()) {
    list.sort((a, b) => ops[a]!.invokeMs - ops[b]!.invokeMs || a - b);
    for (let k = 1; k < list.length; k++) {
      const prev = ops[list[k - 1]!]!;
      const cur = ops[list[k]!]!;
      if (cur.invokeMs < prev.completeMs) overlap(list[k]!, list[k - 1]!);
    }
  }
}

// ---------------------------------------------------------------- event logs

interface LogEvent {
  line: number;
  process: string;
  type: 'invoke' | 'ok' | 'fail' | 'info';
  f: OpKind;
  /** The name the log used for f, for messages. */
  fName: string;
  key: string;
  value: unknown;
}

/**
 * Pairs invocations with completions. Times are line numbers: the logs carry no clock, and
 * line order is the order Jepsen observed. An operation still open at the end of the log
 * (its process crashed or the test stopped) has an unknown outcome, as does an `:info` one.
 */
class EventPairer {
  private readonly ops: HistoryOp[] = [];
  private readonly open = new Map<string, { op: HistoryOp; line: number }>();
  private lastLine = 0;

  constructor(private readonly complete: (op: HistoryOp, e: LogEvent) => void) {}

  add(e: LogEvent): void {
    this.lastLine = e.line;
    const pending = this.open.get(e.process);
    if (e.type === 'invoke') {
      if (pending) {
        throw new HistoryInputError(`line ${e.line}: ${e.process} invokes :${e.fName} while its :${pending.op.op} from line ${pending.line} is still open`, e.line);
      }
      const op: HistoryOp = {
        id: this.ops.length,
        session: e.process,
        key: e.key,
        op: e.f,
        value: e.value as HistoryOp['value'],
        invokeMs: e.line,
        completeMs: e.line,
        outcome: 'unknown',
      };
      this.ops.push(op);
      this.open.set(e.process, { op, line: e.line });
      return;
    }
    if (!pending) throw new HistoryInputError(`line ${e.line}: :${e.type} for ${e.process}, which has no open operation`, e.line);
    if (pending.op.op !== e.f) {
      throw new HistoryInputError(`line ${e.line}: :${e.type} :${e.fName} for ${e.process}, whose open operation (line ${pending.line}) is a :${pending.op.op}`, e.line);
    }
    this.open.delete(e.process);
    pending.op.completeMs = e.line;
    if (e.type === 'info') {
      pending.op.outcome = 'unknown';
      pending.op.error = typeof e.value === 'string' ? e.value : 'indeterminate';
    } else this.complete(pending.op, e);
  }

  finish(initial: Value | null): History {
    for (const { op } of this.open.values()) {
      op.completeMs = this.lastLine + 1;
      op.outcome = 'unknown';
      op.error = 'never completed';
    }
    if (this.ops.length === 0) throw new HistoryInputError('the log holds no operations');
    return { initial, timeUnit: 'line', ops: this.ops };
  }
}

const JEPSEN_LINE = /^(?:INFO\s+jepsen\.util\s+-\s+)?(\d+)\s+:(invoke|ok|fail|info)\s+:(\w[\w-]*)\s+(.*?)\s*$/;

/** Jepsen's etcd register log: `INFO  jepsen.util - <process> :<type> :<f> <value>`. */
function readJepsenLog(text: string): History {
  const pairer = new EventPairer((op, e) => {
    if (e.type === 'ok') {
      op.outcome = 'ok';
      if (op.op === 'read') op.value = e.value as Value | null;
      if (op.op === 'cas') op.swapped = true;
    } else if (op.op === 'cas') {
      // A failed cas compared and found another value: it completed without swapping.
      op.outcome = 'ok';
      op.swapped = false;
    } else {
      op.outcome = 'fail';
      if (typeof e.value === 'string') op.error = e.value;
    }
  });
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const m = JEPSEN_LINE.exec(raw);
    if (!m) throw new HistoryInputError(`line ${line}: not a Jepsen log line (expected 'INFO jepsen.util - <process> :<type> :<f> <value>')`, line);
    const [, proc, type, f, rawValue] = m as unknown as [string, string, LogEvent['type'], string, string];
    const kind = f === 'read' || f === 'write' || f === 'cas' ? f : undefined;
    if (!kind) throw new HistoryInputError(`line ${line}: unknown operation :${f} (expected :read, :write or :cas)`, line);
    let value: unknown;
    const v = rawValue.trim();
    if (v === 'nil') value = null;
    else if (/^-?\d+$/.test(v)) value = Number(v);
    else if (/^:[\w-]+$/.test(v)) value = v.slice(1);
    else {
      const cas = /^\[\s*(nil|-?\d+)\s+(-?\d+)\s*\]$/.exec(v);
      if (!cas) throw new HistoryInputError(`line ${line}: cannot read the value '${v}'`, line);
      value = [cas[1] === 'nil' ? null : Number(cas[1]), Number(cas[2])];
    }
    if (type === 'invoke') {
      if (kind === 'cas' && !Array.isArray(value)) throw new HistoryInputError(`line ${line}: a :cas needs [expected new], got '${v}'`, line);
      if (kind === 'write' && typeof value !== 'number') throw new HistoryInputError(`line ${line}: a :write needs a number, got '${v}'`, line);
      if (kind === 'read') value = null;
    } else if (type === 'ok' && kind === 'read' && value !== null && typeof value !== 'number') {
      throw new HistoryInputError(`line ${line}: an :ok :read returns a number or nil, got '${v}'`, line);
    }
    pairer.add({ line, process: `process ${proc}`, type, f: kind, fName: f, key: 'register', value });
  });
  return pairer.finish(null);
}

// ---------------------------------------------------------------- EDN

type Edn = string | number | boolean | null | { keyword: string } | Edn[] | Map<string, Edn>;

function readEdn(src: string, line: number): Edn {
  let i = 0;
  const fail = (msg: string): never => {
    throw new HistoryInputError(`line ${line}, column ${i + 1}: ${msg}`, line);
  };
  const ws = () => {
    while (i < src.length && /[\s,]/.test(src[i]!)) i++;
  };
  const value = (): Edn => {
    ws();
    const c = src[i];
    if (c === undefined) return fail('unexpected end of line');
    if (c === '{') {
      i++;
      const m = new Map<string, Edn>();
      for (;;) {
        ws();
        if (src[i] === '}') {
          i++;
          return m;
        }
        const k = value();
        if (typeof k !== 'object' || k === null || !('keyword' in k)) return fail('map keys must be keywords like :type');
        m.set(k.keyword, value());
      }
    }
    if (c === '[' || c === '(') {
      const close = c === '[' ? ']' : ')';
      i++;
      const out: Edn[] = [];
      for (;;) {
        ws();
        if (src[i] === close) {
          i++;
          return out;
        }
        out.push(value());
      }
    }
    if (c === '"') {
      i++;
      let s = '';
      for (;;) {
        const d = src[i];
        if (d === undefined) return fail('unterminated string');
        i++;
        if (d === '"') return s;
        if (d === '\\') {
          const e = src[i++];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : (e ?? '');
        } else s += d;
      }
    }
    if (c === ':') {
      const m = /^:[^\s,{}[\]()"]+/.exec(src.slice(i));
      if (!m) return fail('empty keyword');
      i += m[0].length;
      return { keyword: m[0].slice(1) };
    }
    const m = /^[^\s,{}[\]()"]+/.exec(src.slice(i));
    if (!m) return fail(`unexpected '${c}'`);
    i += m[0].length;
    const tok = m[0];
    if (tok === 'nil') return null;
    if (tok === 'true' || tok === 'false') return tok === 'true';
    if (/^-?\d+(\.\d+)?$/.test(tok)) return Number(tok);
    return fail(`unexpected '${tok}'`);
  };
  const v = value();
  ws();
  if (i < src.length) fail(`unexpected '${src[i]}' after the map`);
  return v;
}

const EDN_F: Record<string, OpKind> = { get: 'read', read: 'read', put: 'write', write: 'write', append: 'append', cas: 'cas' };

/** One EDN map per line: `{:process 3, :type :invoke, :f :append, :key "7", :value "x 3 12 y"}`. */
function readEdnLog(text: string): History {
  const pairer = new EventPairer((op, e) => {
    if (e.type === 'ok') {
      op.outcome = 'ok';
      if (op.op === 'read') op.value = e.value === null ? '' : (e.value as Value);
      if (op.op === 'cas') op.swapped = true;
    } else if (op.op === 'cas') {
      op.outcome = 'ok';
      op.swapped = false;
    } else {
      op.outcome = 'fail';
    }
  });
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trim().startsWith(';')) return;
    const m = readEdn(raw, line);
    if (!(m instanceof Map)) throw new HistoryInputError(`line ${line}: expected a map like {:process 0, :type :invoke, :f :get, :key "1", :value nil}`, line);
    const kw = (k: string) => {
      const v = m.get(k);
      return v !== null && typeof v === 'object' && 'keyword' in v ? v.keyword : undefined;
    };
    const proc = m.get('process');
    if (typeof proc !== 'number' && typeof proc !== 'string') throw new HistoryInputError(`line ${line}: :process must be a number`, line);
    const type = kw('type');
    if (type !== 'invoke' && type !== 'ok' && type !== 'fail' && type !== 'info') {
      throw new HistoryInputError(`line ${line}: :type must be :invoke, :ok, :fail or :info`, line);
    }
    const fName = kw('f') ?? '';
    const f = Object.hasOwn(EDN_F, fName) ? EDN_F[fName] : undefined;
    if (!f) throw new HistoryInputError(`line ${line}: unknown :f :${fName} (expected :get, :put or :append)`, line);
    const key = m.get('key');
    let value: unknown = m.has('value') ? m.get('value') : null;
    if (value !== null && typeof value === 'object' && 'keyword' in value) value = (value as { keyword: string }).keyword;
    if (Array.isArray(value)) {
      if (f !== 'cas' || value.length !== 2) throw new HistoryInputError(`line ${line}: unexpected vector value`, line);
    } else if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
      throw new HistoryInputError(`line ${line}: :value must be a string, a number or nil`, line);
    }
    if (type === 'invoke' && (f === 'write' || f === 'append') && value === null) {
      throw new HistoryInputError(`line ${line}: a :${fName} needs a :value`, line);
    }
    pairer.add({
      line,
      process: `process ${proc}`,
      type,
      f,
      fName,
      key: key === undefined || key === null ? '' : typeof key === 'object' ? JSON.stringify(key) : String(key),
      value: type === 'invoke' && f === 'read' ? null : value,
    });
  });
  return pairer.finish('');
}
