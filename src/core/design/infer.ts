/**
 * Component kind inference, DESIGN.md §2: the first rule that matches wins —
 * 1 annotation, 2 class name, 3 architecture icon, 4 specific keywords, 5 cylinder shape,
 * 6 other keywords. Each result carries a sentence saying why, which the hover shows, so a
 * surprising kind can be traced to the word that caused it.
 *
 * Keywords are whole words, case-insensitive, in the label or the id. Ids are written as
 * `orders_db`, `ordersDB`, `db1` or `redis-cache`, so a "word" is what is left after splitting
 * on anything that is not a letter or digit, and again at camelCase humps; a trailing number
 * (`db1`, `lb2`) is ignored. A handful of nouns also match their plural (`servers`, `caches`).
 */
import { COMPONENT_KINDS, type ComponentKind, type KindSource, type KnownKind } from './types';

export interface KindInput {
  id: string;
  /** The label the user wrote; undefined when the node shows its id. */
  label?: string;
  classes?: readonly string[];
  /** architecture-beta icon (`database`, `server`, `logos:aws-s3`, ...). */
  icon?: string;
  /** Mermaid's vertex type or `@{ shape }` name. */
  shape?: string;
  /** `%% @<id> kind=...`. */
  annotated?: ComponentKind;
}

export interface KindResult {
  kind: ComponentKind;
  /** For hovers, e.g. `keyword 'Redis' in the label`. */
  reason: string;
  source: KindSource;
}

interface Keyword {
  /** Lower-case words, e.g. ['load', 'balancer']. */
  words: string[];
  kind: KnownKind;
  /** The last word may carry a plural `s`. */
  plural: boolean;
}

/** [kind, keywords]; a trailing `+` allows the plural. Order decides between kinds in the same rule. */
const SPECIFIC: [KnownKind, string[]][] = [
  ['cache', ['cache+', 'Redis', 'Memcached']],
  ['queue', ['queue+', 'Kafka', 'SQS', 'RabbitMQ', 'Pub/Sub', 'PubSub']],
  ['search', ['search', 'Elasticsearch', 'OpenSearch']],
  ['object-store', ['S3', 'blob+', 'object store+']],
];

const OTHER: [KnownKind, string[]][] = [
  ['dns', ['DNS', 'Route 53', 'Route53']],
  ['cdn', ['CDN+', 'CloudFront', 'Fastly', 'Akamai']],
  ['load-balancer', ['LB+', 'load balancer+', 'balancer+', 'ALB+', 'ELB+', 'NLB+', 'HAProxy', 'nginx', 'Envoy', 'Traefik']],
  ['gateway', ['gateway+']],
  ['database', ['Postgres', 'PostgreSQL', 'MySQL', 'MariaDB', 'Mongo', 'MongoDB', 'Cassandra', 'DynamoDB', 'RDS', 'Aurora', 'DB+', 'database+']],
  ['object-store', ['storage']],
  ['client', ['user+', 'client+', 'browser+', 'mobile']],
  ['worker', ['worker+']],
  ['monitor', ['monitor+', 'monitoring', 'Prometheus', 'Grafana']],
  ['service', ['API+', 'app+', 'application+', 'service+', 'microservice+', 'server+', 'backend+', 'web']],
];

/** Architecture-beta's built-in icons; `cloud` says nothing and leaves the decision to the label. */
const ICONS = new Map<string, KnownKind>([
  ['database', 'database'],
  ['server', 'service'],
  ['disk', 'object-store'],
  ['internet', 'client'],
]);

/** Mermaid's cylinder vertex type and every `@{ shape }` name drawn as a cylinder. */
const CYLINDERS = new Set(['cylinder', 'cyl', 'database', 'db', 'h-cyl', 'das', 'horizontal-cylinder', 'lin-cyl', 'disk', 'lined-cylinder']);

/** Class names are compared without case and separators, so `LoadBalancer` and `load_balancer` count; `db` and `lb` are the usual shorthands. */
const CLASS_NAMES = new Map<string, KnownKind>([
  ...COMPONENT_KINDS.map((k) => [normalizeClass(k), k] as [string, KnownKind]),
  ['db', 'database'],
  ['lb', 'load-balancer'],
]);

function normalizeClass(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** The few class names of a diagram repeat on every node; remember what each one means. */
const classMemo = new Map<string, KnownKind | null>();

function classKind(name: string): KnownKind | undefined {
  let kind = classMemo.get(name);
  if (kind === undefined) {
    kind = CLASS_NAMES.get(normalizeClass(name)) ?? null;
    if (classMemo.size > 1000) classMemo.clear();
    classMemo.set(name, kind);
  }
  return kind ?? undefined;
}

interface Entry {
  kw: Keyword;
  /** Position of the kind in its table: the lower wins. */
  order: number;
  /** 0: rule 4 (specific keywords), 1: rule 6 (other keywords). */
  tier: number;
}

/** First word -> keywords starting with it. Both keyword rules share one table so a text is scanned once. */
type Table = Map<string, Entry[]>;

function buildTable(tiers: [KnownKind, string[]][][]): Table {
  const byFirst: Table = new Map();
  const add = (key: string, entry: Entry) => {
    const list = byFirst.get(key);
    if (list) list.push(entry);
    else byFirst.set(key, [entry]);
  };
  tiers.forEach((table, tier) => {
    table.forEach(([kind, spellings], order) => {
      for (const spelled of spellings) {
        const plural = spelled.endsWith('+');
        const kw: Keyword = { words: coarseWords(plural ? spelled.slice(0, -1) : spelled), kind, plural };
        add(kw.words[0]!, { kw, order, tier });
        if (plural && kw.words.length === 1) add(kw.words[0]! + 's', { kw: { ...kw, words: [kw.words[0]! + 's'], plural: false }, order, tier });
      }
    });
  });
  return byFirst;
}

const C_OTHER = 0;
const C_LOWER = 1;
const C_UPPER = 2;
const C_DIGIT = 3;
const NON_ASCII_LOWER = /[\p{Ll}\p{Lo}\p{Lm}\p{Lt}]/u;
const NON_ASCII_UPPER = /\p{Lu}/u;
const NON_ASCII_DIGIT = /\p{N}/u;

/** Character classes by hand: this runs for every node of every keystroke, regexes per word were the bottleneck. */
function charClass(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 97 && c <= 122) return C_LOWER;
  if (c >= 65 && c <= 90) return C_UPPER;
  if (c >= 48 && c <= 57) return C_DIGIT;
  if (c < 128) return C_OTHER;
  const ch = text[i]!;
  if (NON_ASCII_LOWER.test(ch)) return C_LOWER;
  if (NON_ASCII_UPPER.test(ch)) return C_UPPER;
  if (NON_ASCII_DIGIT.test(ch)) return C_DIGIT;
  return C_OTHER;
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The lower-cased words of a keyword as spelled in the tables (`Pub/Sub` -> pub, sub). */
function coarseWords(text: string): string[] {
  scanWords(text);
  const out: string[] = [];
  for (let i = 0; i < coarseBounds.count; i++) out.push(text.slice(coarseBounds.start[i], coarseBounds.end[i]).toLowerCase());
  return out;
}

interface Match {
  kind: KnownKind;
  order: number;
  start: number;
  end: number;
}

/**
 * Word boundaries of one text in reusable buffers. Kind inference runs for every node on every
 * keystroke; allocating an object and strings per word made the garbage collector the largest
 * cost at 10,000 nodes, so the hot path allocates a string only for a word that can start a
 * keyword (see `Prefixes`).
 */
class Bounds {
  start = new Int32Array(32);
  end = new Int32Array(32);
  count = 0;
  push(s: number, e: number): void {
    if (this.count === this.start.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
    }
    this.start[this.count] = s;
    this.end[this.count] = e;
    this.count++;
  }
}

const coarseBounds = new Bounds();
const humpBounds = new Bounds();

/** Fills the two buffers with the words of `text`; true when camelCase humps split any of them. */
function scanWords(text: string): boolean {
  coarseBounds.count = 0;
  humpBounds.count = 0;
  let anyHump = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let cls = charClass(text, i);
    if (cls === C_OTHER) {
      i++;
      continue;
    }
    const start = i;
    let hump = false;
    let prev = C_OTHER;
    let prev2 = C_OTHER;
    while (i < n && cls !== C_OTHER) {
      if (
        (cls === C_UPPER && (prev === C_LOWER || prev === C_DIGIT)) ||
        (cls === C_LOWER && prev === C_UPPER && prev2 === C_UPPER) ||
        (cls !== C_DIGIT && prev === C_DIGIT)
      ) {
        hump = true;
      }
      prev2 = prev;
      prev = cls;
      i++;
      cls = i < n ? charClass(text, i) : C_OTHER;
    }
    coarseBounds.push(start, i);
    if (!hump) {
      humpBounds.push(start, i);
      continue;
    }
    anyHump = true;
    // Pieces as /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+\p{N}*|\p{Lu}+\p{N}*|\p{N}+/ would cut them.
    let p = start;
    while (p < i) {
      const q0 = p;
      const c0 = charClass(text, p);
      if (c0 === C_UPPER) {
        let u = p;
        while (u < i && charClass(text, u) === C_UPPER) u++;
        if (u < i && charClass(text, u) === C_LOWER) {
          if (u - p > 1) p = u - 1;
          else {
            p = u;
            while (p < i && charClass(text, p) === C_LOWER) p++;
            while (p < i && charClass(text, p) === C_DIGIT) p++;
          }
        } else {
          p = u;
          while (p < i && charClass(text, p) === C_DIGIT) p++;
        }
      } else if (c0 === C_LOWER) {
        while (p < i && charClass(text, p) === C_LOWER) p++;
        while (p < i && charClass(text, p) === C_DIGIT) p++;
      } else {
        while (p < i && charClass(text, p) === C_DIGIT) p++;
      }
      humpBounds.push(q0, p);
    }
  }
  return anyHump;
}

/** ASCII lower-casing of one UTF-16 unit; anything else is returned as is. */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** The first two (lower-cased) characters of every key of a table: a word starting otherwise cannot match. */
type Prefixes = Set<number>;

function prefixesOf(table: Table): Prefixes {
  const set: Prefixes = new Set();
  for (const key of table.keys()) set.add(key.charCodeAt(0) * 65536 + (key.length > 1 ? key.charCodeAt(1) : 0));
  return set;
}

/** Whether text[s, e) may be a key: its first two characters start one, or they are not ASCII. */
function mayStart(prefixes: Prefixes, text: string, s: number, e: number): boolean {
  const c0 = text.charCodeAt(s);
  const c1 = e - s > 1 ? text.charCodeAt(s + 1) : 0;
  if (c0 > 127 || c1 > 127) return true;
  return prefixes.has(fold(c0) * 65536 + fold(c1));
}

/** text[s, e) without trailing ASCII digits (`db1` -> `db`); e itself when there are none or it is all digits. */
function strippedEnd(text: string, s: number, e: number): number {
  let k = e;
  while (k > s && isAsciiDigit(text.charCodeAt(k - 1))) k--;
  return k > s ? k : e;
}

function wordIs(text: string, s: number, e: number, want: string): boolean {
  return e - s === want.length && text.slice(s, e).toLowerCase() === want;
}

/**
 * The keyword of the earliest kind (in table order) among the words in `b`, per tier, into
 * `best`; the earliest position breaks ties.
 */
function matchBounds(table: Table, prefixes: Prefixes, text: string, b: Bounds, best: (Match | undefined)[]): void {
  for (let i = 0; i < b.count; i++) {
    const s = b.start[i]!;
    const e = b.end[i]!;
    const k = strippedEnd(text, s, e);
    for (let f = 0; f < 2; f++) {
      const end = f === 0 ? e : k;
      if (f === 1 && k === e) break;
      if (!mayStart(prefixes, text, s, end)) continue;
      const candidates = table.get(text.slice(s, end).toLowerCase());
      if (!candidates) continue;
      for (const { kw, order, tier } of candidates) {
        const m = best[tier];
        if (m && (order > m.order || (order === m.order && s >= m.start))) continue;
        const n = kw.words.length;
        if (n > 1 && !restMatches(kw, text, b, i)) continue;
        best[tier] = { kind: kw.kind, order, start: s, end: b.end[i + n - 1]! };
      }
    }
  }
}

function restMatches(kw: Keyword, text: string, b: Bounds, i: number): boolean {
  const n = kw.words.length;
  if (i + n > b.count) return false;
  for (let k = 1; k < n; k++) {
    const s = b.start[i + k]!;
    const e = b.end[i + k]!;
    const want = kw.words[k]!;
    if (wordIs(text, s, e, want) || wordIs(text, s, strippedEnd(text, s, e), want)) continue;
    if (k === n - 1 && kw.plural && wordIs(text, s, e, want + 's')) continue;
    return false;
  }
  return true;
}

function matchText(table: Table, prefixes: Prefixes, text: string, best: (Match | undefined)[]): void {
  const humps = scanWords(text);
  matchBounds(table, prefixes, text, coarseBounds, best);
  if (humps) matchBounds(table, prefixes, text, humpBounds, best);
}

/** Rule 4 and rule 6 matches over the label, then the id, then an icon name; the kind order wins over the place. */
function matchPlaces(texts: readonly string[], wheres: readonly string[]): [KindResult | undefined, KindResult | undefined] {
  let specific: KindResult | undefined;
  let other: KindResult | undefined;
  let specificOrder = Infinity;
  let otherOrder = Infinity;
  const found: (Match | undefined)[] = [undefined, undefined];
  for (let p = 0; p < texts.length; p++) {
    const text = texts[p]!;
    found.fill(undefined);
    matchText(keywords, keywordPrefixes, text, found);
    const m0 = found[0];
    if (m0 && m0.order < specificOrder) {
      specificOrder = m0.order;
      specific = { kind: m0.kind, reason: `keyword '${text.slice(m0.start, m0.end)}' in ${wheres[p]}`, source: 'specific-keyword' };
    }
    const m1 = found[1];
    if (m1 && m1.order < otherOrder) {
      otherOrder = m1.order;
      other = { kind: m1.kind, reason: `keyword '${text.slice(m1.start, m1.end)}' in ${wheres[p]}`, source: 'keyword' };
    }
  }
  return [specific, other];
}

// Built after the tokenizer's constants exist (module order matters for top-level consts).
const keywords = buildTable([SPECIFIC, OTHER]);
const keywordPrefixes = prefixesOf(keywords);

export function inferKind(input: KindInput): KindResult {
  if (input.annotated !== undefined) {
    return { kind: input.annotated, reason: `annotation kind=${input.annotated}`, source: 'annotation' };
  }
  if (input.classes) {
    for (const c of input.classes) {
      const kind = classKind(c);
      if (kind) return { kind, reason: `class '${c}'`, source: 'class' };
    }
  }
  if (input.icon !== undefined) {
    const kind = ICONS.get(input.icon);
    if (kind) return { kind, reason: `icon '${input.icon}'`, source: 'icon' };
  }
  const texts: string[] = [];
  const wheres: string[] = [];
  if (input.label !== undefined && input.label !== '') {
    texts.push(input.label);
    wheres.push('the label');
  }
  texts.push(input.id);
  wheres.push('the id');
  if (input.icon && !ICONS.has(input.icon) && input.icon !== 'cloud') {
    texts.push(input.icon);
    wheres.push(`the icon '${input.icon}'`);
  }
  const [specific, other] = matchPlaces(texts, wheres);
  if (specific) return specific;
  if (input.shape !== undefined && CYLINDERS.has(input.shape)) {
    return { kind: 'database', reason: 'drawn as a cylinder', source: 'shape' };
  }
  if (other) return other;
  const cloud = input.icon === 'cloud' ? "icon 'cloud' names no kind and " : '';
  return { kind: 'unknown', reason: `${cloud}no class, shape or keyword names a kind`, source: 'none' };
}

/**
 * A whole-word matcher for other parts of the builder (region words, replica words), with the
 * same notion of a word as kind inference. Returns the matched text as written, or undefined.
 */
export function keywordMatcher(spellings: string[]): (text: string) => string | undefined {
  const table = buildTable([[['service', spellings]]]);
  const prefixes = prefixesOf(table);
  // Most labels hold none of the words: a substring test skips scanning them.
  const firstWords = [...table.keys()].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const maybe = new RegExp(firstWords.join('|'), 'i');
  return (text) => {
    if (!maybe.test(text)) return undefined;
    const found: (Match | undefined)[] = [undefined];
    matchText(table, prefixes, text, found);
    const m = found[0];
    return m && text.slice(m.start, m.end);
  };
}
