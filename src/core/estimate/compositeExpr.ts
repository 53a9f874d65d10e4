/**
 * A small language for composite availability: components joined by `*` run in series
 * (all must be up), joined by `|` run in parallel (any one up is enough), parentheses group.
 * `99.99% * (99.9% | 99.9%) * 99.95%` is a load balancer, a pair of app servers, a database.
 *
 * Mixing `*` and `|` at one level is refused rather than given a precedence, because readers
 * disagree on which binds tighter; parentheses say it.
 */
import { formatPercent, parseAvailability, type Parsed } from './units';

export type CompositeNode =
  | { kind: 'component'; availability: number }
  | { kind: 'series' | 'parallel'; parts: CompositeNode[] };

const MAX_LENGTH = 2000;
const MAX_DEPTH = 32;

export const COMPOSITE_EXAMPLE = '99.99% * (99.9% | 99.9%) * 99.95%';
const HOW = `availabilities joined by * (in series) or | (in parallel), like ${COMPOSITE_EXAMPLE}`;

type Token = { type: 'open' | 'close' | 'series' | 'parallel' } | { type: 'value'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let value = '';
  const flush = () => {
    if (value.trim() !== '') tokens.push({ type: 'value', text: value.trim() });
    value = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    const two = text.slice(i, i + 2);
    if (c === '(' || c === ')') {
      flush();
      tokens.push({ type: c === '(' ? 'open' : 'close' });
      i++;
    } else if (two === '->' || two === '||') {
      flush();
      tokens.push({ type: two === '->' ? 'series' : 'parallel' });
      i += 2;
    } else if (c === '*' || c === '×' || c === '·' || c === '→') {
      flush();
      tokens.push({ type: 'series' });
      i++;
    } else if (c === '|' || c === '∥' || c === '‖') {
      flush();
      tokens.push({ type: 'parallel' });
      i++;
    } else {
      value += c;
      i++;
    }
  }
  flush();
  return tokens;
}

/** Parses a composite expression; the message says where it went wrong. */
export function parseComposite(text: string): Parsed<CompositeNode> {
  if (text.length > MAX_LENGTH) return { ok: false, message: `expected ${HOW} (the text is too long)` };
  const tokens = tokenize(text);
  if (tokens.length === 0) return { ok: false, message: `expected ${HOW}` };
  let pos = 0;

  const group = (depth: number): Parsed<CompositeNode> => {
    if (depth > MAX_DEPTH) return { ok: false, message: `parentheses nested more than ${MAX_DEPTH} deep` };
    const first = term(depth);
    if (!first.ok) return first;
    const parts = [first.value];
    let op: 'series' | 'parallel' | undefined;
    for (let t = tokens[pos]; t && (t.type === 'series' || t.type === 'parallel'); t = tokens[pos]) {
      if (op && op !== t.type) {
        return { ok: false, message: 'mixing * (series) and | (parallel) needs parentheses, e.g. (a * b) | c or a * (b | c)' };
      }
      op = t.type;
      pos++;
      const next = term(depth);
      if (!next.ok) return next;
      parts.push(next.value);
    }
    return { ok: true, value: op ? { kind: op, parts } : parts[0]! };
  };

  const term = (depth: number): Parsed<CompositeNode> => {
    const t = tokens[pos];
    if (!t) return { ok: false, message: `the expression ends where an availability should be; expected ${HOW}` };
    if (t.type === 'open') {
      pos++;
      const inner = group(depth + 1);
      if (!inner.ok) return inner;
      if (tokens[pos]?.type !== 'close') return { ok: false, message: "a '(' is never closed" };
      pos++;
      return inner;
    }
    if (t.type === 'value') {
      pos++;
      if (t.text.includes(',')) {
        return { ok: false, message: `'${t.text}': separate components with * (series) or | (parallel), not commas` };
      }
      const a = parseAvailability(t.text);
      if (!a.ok) return { ok: false, message: `'${t.text}': ${a.message}` };
      return { ok: true, value: { kind: 'component', availability: a.value } };
    }
    const what = t.type === 'close' ? "')'" : t.type === 'series' ? "'*'" : "'|'";
    return { ok: false, message: `unexpected ${what} where an availability should be; expected ${HOW}` };
  };

  const result = group(0);
  if (!result.ok) return result;
  if (pos < tokens.length) {
    const t = tokens[pos]!;
    return {
      ok: false,
      message: t.type === 'close' ? "a ')' has no matching '('" : `expected * or | between components; expected ${HOW}`,
    };
  }
  return result;
}

/** The expression written back canonically: `99.99% × (99.9% ∥ 99.9%)`. */
export function compositeText(node: CompositeNode, nested = false): string {
  if (node.kind === 'component') return formatPercent(node.availability);
  const text = node.parts.map((p) => compositeText(p, true)).join(node.kind === 'series' ? ' × ' : ' ∥ ');
  return nested ? `(${text})` : text;
}

/** Reads "99.9%, 99.95%, 4 nines" into the same list the expression language would. */
export function parseAvailabilityList(text: string): Parsed<number[]> {
  const items = text.split(',').map((s) => s.trim());
  if (items.length > 1000) return { ok: false, message: 'at most 1,000 components' };
  const values: number[] = [];
  for (const item of items) {
    const a = parseAvailability(item);
    if (!a.ok) return { ok: false, message: item === '' ? 'an empty item in the list; separate availabilities with commas' : `'${item}': ${a.message}` };
    values.push(a.value);
  }
  return { ok: true, value: values };
}
