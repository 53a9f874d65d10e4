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
        const kw: Keyword = { words: words(plural ? spelled.slice(0, -1) : spelled).coarse.map((t) => t.lower), kind, plural };
        add(kw.words[0]!, { kw, order, tier });
        if (plural && kw.words.length === 1) add(kw.words[0]! + 's', { kw: { ...kw, words: [kw.words[0]! + 's'], plural: false }, order, tier });
      }
    });
  });
  return byFirst;
}

/** A word of a text: lower-cased, with its trailing number dropped when it has one (`db1` -> `db`). */
interface Token {
  lower: string;
  stripped?: string;
  start: number;
  end: number;
}

/** A text's words twice over: split on non-alphanumerics, and (when that changes anything) also at camelCase humps. */
interface Words {
  text: string;
  coarse: Token[];
  humps?: Token[];
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

function token(lowerText: string, start: number, end: number): Token {
  const lower = lowerText.slice(start, end);
  let k = end;
  while (k > start && isAsciiDigit(lowerText.charCodeAt(k - 1))) k--;
  const t: Token = { lower, start, end };
  if (k > start && k < end) t.stripped = lowerText.slice(start, k);
  return t;
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function words(text: string): Words {
  const n = text.length;
  // Lower-casing the whole text once keeps indices aligned unless a character changes length
  // when lower-cased (e.g. U+0130); then each word is lower-cased on its own.
  const whole = text.toLowerCase();
  const aligned = whole.length === n;
  const coarse: Token[] = [];
  let humps: Token[] | undefined;
  let i = 0;
  while (i < n) {
    let cls = charClass(text, i);
    if (cls === C_OTHER) {
      i++;
      continue;
    }
    const start = i;
    // A hump: lower or digit then upper, upper-upper-lower, or digit then letter.
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
    const lowerText = aligned ? whole : text.slice(0, start) + text.slice(start, i).toLowerCase() + text.slice(i);
    if (!aligned && lowerText.length !== n) {
      // Still misaligned: keep the word whole, as written.
      const t: Token = { lower: text.slice(start, i).toLowerCase(), start, end: i };
      coarse.push(t);
      if (humps) humps.push(t);
      continue;
    }
    const word = token(lowerText, start, i);
    coarse.push(word);
    if (!hump) {
      if (humps) humps.push(word);
      continue;
    }
    if (!humps) humps = coarse.slice(0, -1);
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
      humps.push(token(lowerText, q0, p));
    }
  }
  const w: Words = { text, coarse };
  if (humps) w.humps = humps;
  return w;
}

interface Match {
  kind: KnownKind;
  order: number;
  start: number;
  end: number;
}

/**
 * The keyword of the earliest kind (in table order) among the tokens, per tier, into `best`;
 * the earliest position breaks ties.
 */
function matchTokens(table: Table, toks: Token[], best: (Match | undefined)[]): void {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    for (let f = 0; f < 2; f++) {
      const form = f === 0 ? t.lower : t.stripped;
      if (form === undefined) continue;
      const candidates = table.get(form);
      if (!candidates) continue;
      for (const { kw, order, tier } of candidates) {
        const b = best[tier];
        if (b && (order > b.order || (order === b.order && t.start >= b.start))) continue;
        const n = kw.words.length;
        if (n > 1 && !restMatches(kw, toks, i)) continue;
        best[tier] = { kind: kw.kind, order, start: t.start, end: toks[i + n - 1]!.end };
      }
    }
  }
}

function matchWords(table: Table, w: Words, best: (Match | undefined)[]): void {
  matchTokens(table, w.coarse, best);
  if (w.humps) matchTokens(table, w.humps, best);
}

function restMatches(kw: Keyword, toks: Token[], i: number): boolean {
  const n = kw.words.length;
  if (i + n > toks.length) return false;
  for (let k = 1; k < n; k++) {
    const t = toks[i + k]!;
    const want = kw.words[k]!;
    if (t.lower === want || t.stripped === want) continue;
    if (k === n - 1 && kw.plural && t.lower === want + 's') continue;
    return false;
  }
  return true;
}

interface Place {
  words: Words;
  where: string;
}

/** Rule 4 and rule 6 matches over the label, then the id, then an icon name; the kind order wins over the place. */
function matchPlaces(places: readonly Place[]): [KindResult | undefined, KindResult | undefined] {
  const out: [KindResult | undefined, KindResult | undefined] = [undefined, undefined];
  const bestOrder = [Infinity, Infinity];
  const found: (Match | undefined)[] = [undefined, undefined];
  for (const place of places) {
    found[0] = found[1] = undefined;
    matchWords(keywords, place.words, found);
    for (let tier = 0; tier < 2; tier++) {
      const m = found[tier];
      if (m && m.order < bestOrder[tier]!) {
        bestOrder[tier] = m.order;
        out[tier] = {
          kind: m.kind,
          reason: `keyword '${place.words.text.slice(m.start, m.end)}' in ${place.where}`,
          source: tier === 0 ? 'specific-keyword' : 'keyword',
        };
      }
    }
  }
  return out;
}

// Built after the tokenizer's constants exist (module order matters for top-level consts).
const keywords = buildTable([SPECIFIC, OTHER]);

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
  const places: Place[] = [];
  if (input.label !== undefined && input.label !== '') places.push({ words: words(input.label), where: 'the label' });
  places.push({ words: words(input.id), where: 'the id' });
  if (input.icon && !ICONS.has(input.icon) && input.icon !== 'cloud') places.push({ words: words(input.icon), where: `the icon '${input.icon}'` });
  const [specific, other] = matchPlaces(places);
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
  // Most labels hold none of the words: a substring test skips tokenizing them.
  const firstWords = [...table.keys()].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const maybe = new RegExp(firstWords.join('|'), 'i');
  return (text) => {
    if (!maybe.test(text)) return undefined;
    const found: (Match | undefined)[] = [undefined];
    matchWords(table, words(text), found);
    const m = found[0];
    return m && text.slice(m.start, m.end);
  };
}
