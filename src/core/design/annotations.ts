/**
 * `%% @<target> key=value key2="quoted value" flag` lines: requirements (`@design`), rule
 * switches (`@lint-disable`), node settings (`@<nodeId>`) and group kinds (`@<groupId>`).
 *
 * Annotations live in Mermaid comments so a design stays valid Mermaid; a mistake in one must
 * never stop the rest of the design from being read. Every problem becomes an `annotation`
 * finding on the exact key or value, saying what was expected, and the entry is skipped.
 */
import type { Comment } from './ast';
import { closest } from '../text/suggest';
import { isRuleId, RULE_IDS } from './ruleIds';
import {
  COMPONENT_KINDS,
  type Annotation,
  type AnnotationEntry,
  type ComponentKind,
  type Consistency,
  type Finding,
  type GroupKind,
  type NodeAttributes,
  type Range,
  type Requirements,
} from './types';

export const ANNOTATION_RULE = 'annotation';
const SEVERITY = 'warning';

/** A Set or the keys of a Map: ids are user text, so never object keys. */
export interface IdSet {
  has(id: string): boolean;
  keys(): Iterable<string>;
}

/** What the annotations may name. */
export interface AnnotationTargets {
  nodes: IdSet;
  groups: IdSet;
  /** How this diagram type calls its nodes and groups, for messages: `node`/`subgraph`, `service or junction`/`group`. */
  nodeNoun: string;
  groupNoun: string;
}

export interface AnnotationResult {
  annotations: Annotation[];
  requirements: Requirements;
  disabledRules: string[];
  nodeAttributes: Map<string, NodeAttributes>;
  groupKinds: Map<string, GroupKind>;
  /** Where each target's annotation lines are, by target id. */
  ranges: Map<string, Range[]>;
  findings: Finding[];
}

/** Reads every annotation in the comments and checks it against the diagram's ids. Never throws. */
export function readAnnotations(comments: readonly Comment[], targets: AnnotationTargets): AnnotationResult {
  const result: AnnotationResult = {
    annotations: [],
    requirements: {},
    disabledRules: [],
    nodeAttributes: new Map(),
    groupKinds: new Map(),
    ranges: new Map(),
    findings: [],
  };
  for (let i = 0; i < comments.length; i++) {
    const comment = comments[i]!;
    const a = readLine(comment, result.findings);
    if (!a) continue;
    result.annotations.push(a);
    applyAnnotation(a, comment, targets, result);
  }
  return result;
}

/** Tokenizes one comment; undefined when it is an ordinary comment (its text does not start with `@`). */
export function parseAnnotationLine(
  comment: Comment,
): { annotation?: Annotation; targetRange: Range; findings: Finding[] } | undefined {
  const findings: Finding[] = [];
  const annotation = readLine(comment, findings);
  // A line starting with `@` always gives an annotation or a finding.
  if (!annotation && findings.length === 0) return undefined;
  const targetRange = targetRangeOf(comment);
  return annotation ? { annotation, targetRange, findings } : { targetRange, findings };
}

/**
 * `parseAnnotationLine` without the objects a line needs only when it is wrong: its findings go
 * straight to `findings`, and the target's range is made by `targetRangeOf` when a message needs
 * it. An entry's range shares its start with the key's range and its end with the value's.
 */
function readLine(comment: Comment, findings: Finding[]): Annotation | undefined {
  const text = comment.text;
  const n = text.length;
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== AT) return undefined;
  const { line, character: base } = comment.textStart;
  const atPos = i;
  i++;
  const targetStart = i;
  while (i < n && !isSpaceCode(text.charCodeAt(i))) i++;
  if (i === targetStart) {
    findings.push(finding(lineRange(line, base + atPos, base + atPos + 1), "expected a node id, 'design' or 'lint-disable' right after '@'"));
    return undefined;
  }
  const target = text.slice(targetStart, i);
  const entries: AnnotationEntry[] = [];
  for (;;) {
    i = skipSpace(text, i);
    if (i >= n) break;
    const keyStart = i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (isSpaceCode(c) || c === EQUALS || c === QUOTE) break;
    }
    if (i === keyStart) {
      // A stray `=` or quote: report it and skip to the next blank.
      const end = skipToken(text, i);
      findings.push(finding(lineRange(line, base + keyStart, base + end), `expected key=value, got '${text.slice(keyStart, end)}'`));
      i = end;
      continue;
    }
    const key = text.slice(keyStart, i);
    if (text.charCodeAt(i) === QUOTE) {
      const end = skipToken(text, i);
      findings.push(
        finding(lineRange(line, base + keyStart, base + end), `expected key="value", got '${text.slice(keyStart, end)}' (missing '=')`),
      );
      i = end;
      continue;
    }
    const keyRange = lineRange(line, base + keyStart, base + i);
    if (text.charCodeAt(i) !== EQUALS) {
      entries.push({ key, range: keyRange, keyRange });
      continue;
    }
    i++; // '='
    const valueStart = i;
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      // The value between the quotes, `\"` and `\\` read as the character after the backslash.
      let v = '';
      let closed = false;
      i++;
      let from = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === BACKSLASH && (text.charCodeAt(i + 1) === QUOTE || text.charCodeAt(i + 1) === BACKSLASH)) {
          v += text.slice(from, i) + text[i + 1];
          i += 2;
          from = i;
        } else if (c === QUOTE) {
          v += text.slice(from, i);
          closed = true;
          i++;
          break;
        } else {
          i++;
        }
      }
      if (!closed) {
        findings.push(finding(lineRange(line, base + valueStart, base + i), `the quoted value of '${key}' has no closing '"'`));
        continue;
      }
      value = v;
    } else {
      i = skipToken(text, i);
      value = text.slice(valueStart, i);
      if (value === '') {
        findings.push(finding(lineRange(line, base + keyStart, base + i), `'${key}=' has no value`));
        continue;
      }
    }
    const valueRange = lineRange(line, base + valueStart, base + i);
    entries.push({ key, value, range: { start: keyRange.start, end: valueRange.end }, keyRange, valueRange });
  }
  return { target, entries, range: comment.range };
}

/** Where the target of an annotation line (`@target`) is: after the `@`, up to the first blank. */
function targetRangeOf(comment: Comment): Range {
  const text = comment.text;
  const start = skipSpace(text, 0) + 1;
  const end = skipToken(text, start);
  const { line, character: base } = comment.textStart;
  return lineRange(line, base + start, base + end);
}

function lineRange(line: number, from: number, to: number): Range {
  return { start: { line, character: from }, end: { line, character: to } };
}

function applyAnnotation(a: Annotation, comment: Comment, targets: AnnotationTargets, out: AnnotationResult): void {
  if (a.target === 'design') {
    for (const e of a.entries) applyRequirement(e, out);
    return;
  }
  if (a.target === 'lint-disable') {
    if (a.entries.length === 0) {
      out.findings.push(finding(targetRangeOf(comment), `lint-disable needs at least one rule id, e.g. '%% @lint-disable spof'`));
    }
    for (const e of a.entries) {
      if (e.value !== undefined) {
        out.findings.push(finding(e.range, `lint-disable takes rule ids separated by spaces, got '${e.key}=${e.value}'`));
      } else if (!isRuleId(e.key)) {
        out.findings.push(finding(e.keyRange, unknownRuleMessage(e.key)));
      } else if (!out.disabledRules.includes(e.key)) {
        out.disabledRules.push(e.key);
      }
    }
    return;
  }
  const id = a.target;
  if (targets.groups.has(id)) {
    addRange(out.ranges, id, a.range);
    for (const e of a.entries) {
      if (e.key !== 'kind') {
        out.findings.push(finding(e.keyRange, `'${id}' is a ${targets.groupNoun}: only kind=region or kind=group applies to it, got '${e.key}'`));
      } else if (e.value === 'region' || e.value === 'group') {
        out.groupKinds.set(id, e.value);
      } else {
        out.findings.push(finding(e.valueRange ?? e.range, `kind of a ${targets.groupNoun} must be region or group, got '${e.value ?? ''}'`));
      }
    }
    return;
  }
  if (targets.nodes.has(id)) {
    addRange(out.ranges, id, a.range);
    let attrs = out.nodeAttributes.get(id);
    if (!attrs) {
      attrs = {};
      out.nodeAttributes.set(id, attrs);
    }
    for (const e of a.entries) applyNodeEntry(id, e, attrs, out.findings);
    return;
  }
  out.findings.push(finding(targetRangeOf(comment), unknownTargetMessage(id, targets)));
}

const NODE_KEYS = ['kind', 'replicas', 'health', 'breaker', 'mode', 'failover', 'stateful', 'availability'];
const DESIGN_KEYS = ['availability', 'dau', 'requests', 'peak', 'reads', 'consistency'];

function applyNodeEntry(id: string, e: AnnotationEntry, attrs: NodeAttributes, findings: Finding[]): void {
  const bad = (message: string, range: Range = e.valueRange ?? e.range): void => {
    findings.push({ ...finding(range, message), component: id });
  };
  const needsValue = (example: string): void => bad(`${e.key} needs a value, e.g. ${e.key}=${example}`, e.keyRange);
  switch (e.key) {
    case 'kind': {
      if (e.value === undefined) return needsValue('service');
      const kind = e.value.toLowerCase();
      if ((COMPONENT_KINDS as readonly string[]).includes(kind)) attrs.kind = kind as ComponentKind;
      else if (kind === 'region' || kind === 'group') bad(`kind=${kind} applies to a subgraph or group; '${id}' is a node`);
      else bad(`kind must be one of ${COMPONENT_KINDS.join(', ')}, got '${e.value}'`);
      return;
    }
    case 'replicas': {
      if (e.value === undefined) return needsValue('3');
      const n = /^\d+$/.test(e.value) ? Number(e.value) : NaN;
      if (Number.isSafeInteger(n) && n >= 1) attrs.replicas = n;
      else bad(`replicas must be a whole number ≥ 1, got '${e.value}'`);
      return;
    }
    case 'health': {
      if (e.value === undefined) return needsValue('/healthz');
      if (/^(\/|https?:\/\/)/.test(e.value)) attrs.health = e.value;
      else bad(`health must be a path like /healthz, got '${e.value}'`);
      return;
    }
    case 'breaker':
    case 'stateful': {
      const b = e.value === undefined ? true : parseBoolean(e.value);
      if (b === undefined) bad(`${e.key} is a flag: write '${e.key}' or ${e.key}=true|false, got '${e.value}'`);
      else attrs[e.key] = b;
      return;
    }
    case 'mode': {
      if (e.value === undefined) return needsValue('active-passive');
      if (e.value === 'active-active' || e.value === 'active-passive') attrs.mode = e.value;
      else bad(`mode must be active-active or active-passive, got '${e.value}'`);
      return;
    }
    case 'failover': {
      if (e.value === undefined) return needsValue('auto');
      if (e.value === 'auto' || e.value === 'manual') attrs.failover = e.value;
      else bad(`failover must be auto or manual, got '${e.value}'`);
      return;
    }
    case 'availability': {
      if (e.value === undefined) return needsValue('99.9');
      const a = parseAvailability(e.value);
      if (a === undefined) bad(`availability must be a percentage like 99.9 or 99.9%, got '${e.value}'`);
      else attrs.availability = a;
      return;
    }
    default:
      bad(`unknown key '${e.key}' for a node; expected one of ${NODE_KEYS.join(', ')}`, e.keyRange);
  }
}

function applyRequirement(e: AnnotationEntry, out: AnnotationResult): void {
  const r = out.requirements;
  const bad = (message: string, range: Range = e.valueRange ?? e.range): void => {
    out.findings.push(finding(range, message));
  };
  if (!DESIGN_KEYS.includes(e.key)) {
    return bad(`unknown key '${e.key}' for @design; expected one of ${DESIGN_KEYS.join(', ')}`, e.keyRange);
  }
  if (e.value === undefined) return bad(`${e.key} needs a value, e.g. ${e.key}=${DESIGN_EXAMPLES.get(e.key)}`, e.keyRange);
  const v = e.value;
  switch (e.key) {
    case 'availability': {
      const a = parseAvailability(v);
      if (a === undefined) bad(`availability must be a percentage like 99.99 or 99.99%, got '${v}'`);
      else r.availability = a;
      return;
    }
    case 'dau': {
      const q = parseQuantity(v);
      if (!q || q.unit === '%' || q.value <= 0) bad(`dau must be a number of daily active users like 100M (k, M, B suffixes), got '${v}'`);
      else r.dau = q.value;
      return;
    }
    case 'requests': {
      const q = parseQuantity(v);
      if (!q || q.unit === '%' || q.value <= 0) bad(`requests must be a number of requests per user per day like 10, got '${v}'`);
      else r.requests = q.value;
      return;
    }
    case 'peak': {
      const q = parseQuantity(v);
      if (!q || q.unit !== '' || q.value < 1) bad(`peak must be a peak-to-average factor ≥ 1 like 3, got '${v}'`);
      else r.peak = q.value;
      return;
    }
    case 'reads': {
      const q = parseQuantity(v);
      const fraction = q && (q.unit === '%' ? tidy(q.value / 100) : q.unit === '' ? q.value : NaN);
      if (fraction === undefined || !(fraction >= 0 && fraction <= 1)) {
        bad(`reads must be the read share: a fraction like 0.9 or a percentage like 90%, got '${v}'`);
      } else r.reads = fraction;
      return;
    }
    case 'consistency': {
      if (v === 'strong' || v === 'read-your-writes' || v === 'eventual') r.consistency = v satisfies Consistency;
      else bad(`consistency must be strong, read-your-writes or eventual, got '${v}'`);
      return;
    }
  }
}

const DESIGN_EXAMPLES = new Map([
  ['availability', '99.99'],
  ['dau', '100M'],
  ['requests', '10'],
  ['peak', '3'],
  ['reads', '0.9'],
  ['consistency', 'strong'],
]);

export interface Quantity {
  value: number;
  unit: '' | '%' | 'k' | 'M' | 'B';
}

const SUFFIX = new Map<string, { unit: Quantity['unit']; factor: number }>([
  ['k', { unit: 'k', factor: 1e3 }],
  ['m', { unit: 'M', factor: 1e6 }],
  ['b', { unit: 'B', factor: 1e9 }],
]);

/** `10`, `1.5k`, `100M`, `2B`, `1,000`, `99.9%`: the value with k/M/B applied (case-insensitive), % kept as a unit. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = /^(\d[\d_,]*(?:\.\d+)?|\.\d+)\s*([kKmMbB%]?)$/.exec(text.trim());
  if (!m) return undefined;
  const digits = m[1]!;
  if (/[_,]$|[_,]{2}|[_,]\./.test(digits)) return undefined;
  const n = Number(digits.replace(/[_,]/g, ''));
  if (!Number.isFinite(n)) return undefined;
  const s = m[2]!;
  if (s === '') return { value: n, unit: '' };
  if (s === '%') return { value: n, unit: '%' };
  const suffix = SUFFIX.get(s.toLowerCase())!;
  return { value: tidy(n * suffix.factor), unit: suffix.unit };
}

/** Drops binary floating-point noise (99.99 / 100 = 0.9998999999999999) that no one wrote. */
function tidy(n: number): number {
  return Number(n.toPrecision(12));
}

/**
 * Availability as a fraction. Written as a percentage (`99.99` or `99.99%`); a bare number
 * of at most 1 (`0.9999`) is already a fraction, since a target of 1% would make no sense.
 */
export function parseAvailability(text: string): number | undefined {
  const q = parseQuantity(text);
  if (!q || (q.unit !== '' && q.unit !== '%')) return undefined;
  const fraction = q.unit === '' && q.value <= 1 ? q.value : tidy(q.value / 100);
  return fraction > 0 && fraction <= 1 ? fraction : undefined;
}

function parseBoolean(v: string): boolean | undefined {
  const s = v.toLowerCase();
  if (s === 'true' || s === 'yes' || s === 'on' || s === '1') return true;
  if (s === 'false' || s === 'no' || s === 'off' || s === '0') return false;
  return undefined;
}

function unknownRuleMessage(rule: string): string {
  const lower = rule.toLowerCase();
  const guess = RULE_IDS.find((id) => id === lower || id.split('/').pop() === lower) ?? closest(rule, RULE_IDS);
  const hint = guess ? ` (did you mean '${guess}'?)` : '';
  return `unknown rule '${rule}'${hint}; rules: ${RULE_IDS.join(', ')}`;
}

function unknownTargetMessage(id: string, targets: AnnotationTargets): string {
  const lower = id.toLowerCase();
  let guess: string | undefined;
  for (const n of targets.nodes.keys()) if (n.toLowerCase() === lower) guess = n;
  for (const g of targets.groups.keys()) if (g.toLowerCase() === lower) guess = g;
  const hint = guess ? ` (ids are case-sensitive: did you mean '${guess}'?)` : '';
  return `no ${targets.nodeNoun} or ${targets.groupNoun} '${id}' in this diagram${hint}; annotations are '@design', '@lint-disable' or '@<id>'`;
}

function addRange(map: Map<string, Range[]>, id: string, range: Range): void {
  const list = map.get(id);
  if (list) list.push(range);
  else map.set(id, [range]);
}

function finding(range: Range, message: string): Finding {
  return { rule: ANNOTATION_RULE, severity: SEVERITY, message, range };
}

const AT = 64;
const EQUALS = 61;
const QUOTE = 34;
const BACKSLASH = 92;

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
  return i;
}

function skipToken(text: string, i: number): number {
  while (i < text.length && !isSpaceCode(text.charCodeAt(i))) i++;
  return i;
}
