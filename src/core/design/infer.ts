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
import { Interner } from './intern';
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
  /** Per place (label, id): the words as last matched there, and the hover sentence for them. */
  spelled: string[];
  reasons: string[];
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

function keyword(words: string[], kind: KnownKind, plural: boolean): Keyword {
  return { words, kind, plural, spelled: ['', ''], reasons: ['', ''] };
}

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
        const words = coarseWords(plural ? spelled.slice(0, -1) : spelled);
        add(words[0]!, { kw: keyword(words, kind, plural), order, tier });
        if (plural && words.length === 1) add(words[0]! + 's', { kw: keyword([words[0]! + 's'], kind, false), order, tier });
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

/** Classes of the ASCII units, so the common case is one load per character. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_CLASS[c] = c >= 97 && c <= 122 ? C_LOWER : c >= 65 && c <= 90 ? C_UPPER : c >= 48 && c <= 57 ? C_DIGIT : C_OTHER;
}

/** Character classes by hand: this runs for every node of every keystroke, regexes per word were the bottleneck. */
function charClass(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? ASCII_CLASS[c]! : nonAsciiClass(text[i]!);
}

function nonAsciiClass(ch: string): number {
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
  /** Room for n words: a text of n units has fewer. */
  reserve(n: number): void {
    if (n <= this.start.length) return;
    let size = this.start.length;
    while (size < n) size *= 2;
    this.start = new Int32Array(size);
    this.end = new Int32Array(size);
  }
}

const coarseBounds = new Bounds();
const humpBounds = new Bounds();
/** The class of each unit of the text being scanned. */
let unitClasses = new Uint8Array(64);
/** 1 for a hump word that is a whole coarse word (no hump split it). */
let humpWhole = new Uint8Array(64);

/** Fills the two buffers with the words of `text`; true when camelCase humps split any of them. */
function scanWords(text: string): boolean {
  const n = text.length;
  coarseBounds.reserve(n);
  humpBounds.reserve(n);
  if (unitClasses.length < n) {
    unitClasses = new Uint8Array(Math.max(n, unitClasses.length * 2));
    humpWhole = new Uint8Array(unitClasses.length);
  }
  const hw = humpWhole;
  const cls = unitClasses;
  const cs = coarseBounds.start;
  const ce = coarseBounds.end;
  const hs = humpBounds.start;
  const he = humpBounds.end;
  let coarse = 0;
  let humps = 0;
  let anyHump = false;
  let i = 0;
  while (i < n) {
    let c = charClass(text, i);
    if (c === C_OTHER) {
      i++;
      continue;
    }
    const start = i;
    let hump = false;
    let prev = C_OTHER;
    let prev2 = C_OTHER;
    while (c !== C_OTHER) {
      if (
        (c === C_UPPER && (prev === C_LOWER || prev === C_DIGIT)) ||
        (c === C_LOWER && prev === C_UPPER && prev2 === C_UPPER) ||
        (c !== C_DIGIT && prev === C_DIGIT)
      ) {
        hump = true;
      }
      cls[i] = c;
      prev2 = prev;
      prev = c;
      i++;
      if (i >= n) break;
      c = charClass(text, i);
    }
    cs[coarse] = start;
    ce[coarse++] = i;
    if (!hump) {
      hs[humps] = start;
      hw[humps] = 1;
      he[humps++] = i;
      continue;
    }
    anyHump = true;
    // Pieces as /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+\p{N}*|\p{Lu}+\p{N}*|\p{N}+/ would cut them.
    let p = start;
    while (p < i) {
      const q0 = p;
      const c0 = cls[p];
      if (c0 === C_UPPER) {
        let u = p;
        while (u < i && cls[u] === C_UPPER) u++;
        if (u < i && cls[u] === C_LOWER) {
          if (u - p > 1) p = u - 1;
          else {
            p = u;
            while (p < i && cls[p] === C_LOWER) p++;
            while (p < i && cls[p] === C_DIGIT) p++;
          }
        } else {
          p = u;
          while (p < i && cls[p] === C_DIGIT) p++;
        }
      } else if (c0 === C_LOWER) {
        while (p < i && cls[p] === C_LOWER) p++;
        while (p < i && cls[p] === C_DIGIT) p++;
      } else {
        while (p < i && cls[p] === C_DIGIT) p++;
      }
      hs[humps] = q0;
      hw[humps] = 0;
      he[humps++] = p;
    }
  }
  coarseBounds.count = coarse;
  humpBounds.count = humps;
  return anyHump;
}

/** ASCII lower-casing of one UTF-16 unit; anything else is returned as is. */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * The first two (lower-cased) ASCII characters of every key of a table, as a bit per pair
 * (`c0 * 128 + c1`, c1 = 0 for a one-character key): a word starting otherwise cannot match.
 */
type Prefixes = Uint8Array;
/** Bits of a `Prefixes` entry: some key starts so; some key of several words starts so. */
const KEY = 1;
const MULTI = 2;

function prefixesOf(table: Table): Prefixes {
  const bits: Prefixes = new Uint8Array(128 * 128);
  for (const key of table.keys()) {
    const c0 = key.charCodeAt(0);
    const c1 = key.length > 1 ? key.charCodeAt(1) : 0;
    // A key with a non-ASCII start only matches a word with one, which `mayStart` lets through.
    if (c0 < 128 && c1 < 128) bits[c0 * 128 + c1]! |= table.get(key)!.some((e) => e.kw.words.length > 1) ? KEY | MULTI : KEY;
  }
  return bits;
}

/** Whether text[s, e) may be a key (of several words, for `mask` MULTI): its first two characters start one, or they are not ASCII. */
function mayStart(prefixes: Prefixes, text: string, s: number, e: number, mask: number): boolean {
  const c0 = text.charCodeAt(s);
  const c1 = e - s > 1 ? text.charCodeAt(s + 1) : 0;
  if (c0 > 127 || c1 > 127) return true;
  return (prefixes[fold(c0) * 128 + fold(c1)]! & mask) !== 0;
}

/** text[s, e) without trailing ASCII digits (`db1` -> `db`); e itself when there are none or it is all digits. */
function strippedEnd(text: string, s: number, e: number): number {
  let k = e;
  while (k > s && isAsciiDigit(text.charCodeAt(k - 1))) k--;
  return k > s ? k : e;
}

/** Whether text[s, e) has only ASCII units: then lower-casing is `fold` unit by unit. */
function isAscii(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** Whether the ASCII text[s, s + want.length) folds to `want`. */
function asciiIs(text: string, s: number, want: string): boolean {
  for (let i = 0; i < want.length; i++) if (fold(text.charCodeAt(s + i)) !== want.charCodeAt(i)) return false;
  return true;
}

/** `text.slice(s, e).toLowerCase() === want`, without the two strings when the word is ASCII. */
function wordIs(text: string, s: number, e: number, want: string): boolean {
  if (e - s !== want.length) return false;
  if (!isAscii(text, s, e)) return text.slice(s, e).toLowerCase() === want;
  for (let i = s; i < e; i++) if (fold(text.charCodeAt(i)) !== want.charCodeAt(i - s)) return false;
  return true;
}

/**
 * A table's keys indexed by their characters, so an ASCII word is looked up in place (folded as
 * it is hashed) instead of being sliced and lower-cased first: this runs for most words of
 * every label on every keystroke.
 */
class Lookup {
  private readonly keys: string[] = [];
  private readonly values: Entry[][] = [];
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(readonly table: Table) {
    let size = 16;
    while (size < table.size * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (const [key, value] of table) {
      // A key with a non-ASCII unit is only ever looked up through `table` (see get).
      const h = asciiFoldedHash(key, 0, key.length);
      if (h < 0) continue;
      let i = h & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.keys.push(key);
      this.values.push(value);
      this.slots[i] = this.keys.length;
    }
  }

  /** `table.get(text.slice(s, e).toLowerCase())`. */
  get(text: string, s: number, e: number): Entry[] | undefined {
    const h = asciiFoldedHash(text, s, e);
    if (h < 0) return this.table.get(text.slice(s, e).toLowerCase());
    const len = e - s;
    let i = h & this.mask;
    for (;;) {
      const k = this.slots[i]!;
      if (k === 0) return undefined;
      const key = this.keys[k - 1]!;
      if (key.length === len && asciiIs(text, s, key)) return this.values[k - 1];
      i = (i + 1) & this.mask;
    }
  }
}

/** FNV-1a over the ASCII-folded units of text[s, e), as a non-negative number; -1 when a unit is not ASCII. */
function asciiFoldedHash(text: string, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return -1;
    h = Math.imul(h ^ fold(c), 0x01000193);
  }
  return h >>> 1;
}

/** The best keyword found so far for one tier; `order` is Infinity while there is none. Reused, never kept. */
interface Match {
  kind: KnownKind;
  kw: Keyword | null;
  order: number;
  start: number;
  end: number;
}

function noMatch(): Match {
  return { kind: 'service', kw: null, order: Infinity, start: 0, end: 0 };
}

/**
 * The keyword of the earliest kind (in table order) among the words in `b`, per tier, into
 * `best`; the earliest position breaks ties.
 */
function matchBounds(lookup: Lookup, prefixes: Prefixes, text: string, b: Bounds, best: Match[], whole: Uint8Array | null): void {
  for (let i = 0; i < b.count; i++) {
    const s = b.start[i]!;
    const e = b.end[i]!;
    const k = strippedEnd(text, s, e);
    // A hump word that is a whole coarse word was matched alone in the coarse pass: here only
    // keywords of several words can add anything.
    const mask = whole !== null && whole[i] === 1 ? MULTI : KEY;
    for (let f = 0; f < 2; f++) {
      const end = f === 0 ? e : k;
      if (f === 1 && k === e) break;
      if (!mayStart(prefixes, text, s, end, mask)) continue;
      const candidates = lookup.get(text, s, end);
      if (!candidates) continue;
      for (let c = 0; c < candidates.length; c++) {
        const { kw, order, tier } = candidates[c]!;
        const m = best[tier]!;
        if (order > m.order || (order === m.order && s >= m.start)) continue;
        const n = kw.words.length;
        if (n > 1 && !restMatches(kw, text, b, i)) continue;
        m.kind = kw.kind;
        m.kw = kw;
        m.order = order;
        m.start = s;
        m.end = b.end[i + n - 1]!;
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

function matchText(lookup: Lookup, prefixes: Prefixes, text: string, best: Match[]): void {
  const humps = scanWords(text);
  matchBounds(lookup, prefixes, text, coarseBounds, best, null);
  if (humps) matchBounds(lookup, prefixes, text, humpBounds, best, humpWhole);
}

// Built after the tokenizer's constants exist (module order matters for top-level consts).
const keywords = new Lookup(buildTable([SPECIFIC, OTHER]));
const keywordPrefixes = prefixesOf(keywords.table);

/**
 * Hover reasons repeat across nodes (`keyword 'API' in the label`): one string per matched word
 * and place, so a large diagram does not build the same sentence thousands of times.
 */
class Reasons {
  private ids = new Interner();
  private texts: string[] = [];
  constructor(private readonly where: string) {}
  /** The sentence for text[s, e), which `kw` matched in this place. */
  get(text: string, s: number, e: number, kw: Keyword, place: number): string {
    // The same keyword is mostly spelled the same way: compare with its last spelling first.
    const last = kw.spelled[place]!;
    if (last.length === e - s && text.startsWith(last, s)) return kw.reasons[place]!;
    if (this.ids.size > 4096) {
      this.ids = new Interner();
      this.texts = [];
    }
    const k = this.ids.ofRange(text, s, e);
    const reason = (this.texts[k] ??= `keyword '${this.ids.names[k]}' in ${this.where}`);
    kw.spelled[place] = this.ids.names[k]!;
    kw.reasons[place] = reason;
    return reason;
  }
}

const LABEL = 0;
const ID = 1;
const ICON = 2;
const placeReasons = [new Reasons('the label'), new Reasons('the id')];
/** The rule 4 and rule 6 matches chosen over all places, and the matches within one place. */
const chosen = [noMatch(), noMatch()];
const inPlace = [noMatch(), noMatch()];

/** The kind inference result of `inferInto`: one object, overwritten by every call. */
const scratch: KindResult = { kind: 'unknown', reason: '', source: 'none' };

function found(kind: ComponentKind, reason: string, source: KindSource): KindResult {
  scratch.kind = kind;
  scratch.reason = reason;
  scratch.source = source;
  return scratch;
}

const annotationReasons = new Map<string, string>();
const classReasons = new Map<string, string>();

/** Rule 4 and rule 6 over the label, then the id, then an icon name; the kind order wins over the place. */
function matchPlaces(label: string | undefined, id: string, icon: string | undefined): void {
  const specific = chosen[0]!;
  const other = chosen[1]!;
  specific.order = Infinity;
  other.order = Infinity;
  let specificPlace = -1;
  let otherPlace = -1;
  let specificText = '';
  let otherText = '';
  let specificStart = 0;
  let specificEnd = 0;
  let specificKw: Keyword | null = null;
  let otherKw: Keyword | null = null;
  let otherStart = 0;
  let otherEnd = 0;
  for (let p = LABEL; p <= ICON; p++) {
    const text = p === LABEL ? label : p === ID ? id : icon;
    if (text === undefined) continue;
    const m = inPlace;
    m[0]!.order = Infinity;
    m[1]!.order = Infinity;
    matchText(keywords, keywordPrefixes, text, m);
    if (m[0]!.order < specific.order) {
      specific.order = m[0]!.order;
      specific.kind = m[0]!.kind;
      specificPlace = p;
      specificText = text;
      specificStart = m[0]!.start;
      specificEnd = m[0]!.end;
      specificKw = m[0]!.kw;
    }
    if (m[1]!.order < other.order) {
      other.order = m[1]!.order;
      other.kind = m[1]!.kind;
      otherPlace = p;
      otherText = text;
      otherStart = m[1]!.start;
      otherEnd = m[1]!.end;
      otherKw = m[1]!.kw;
    }
  }
  matchedSpecific = specificPlace < 0 ? '' : reasonAt(specificPlace, specificText, specificStart, specificEnd, 0, specificKw!);
  matchedOther = otherPlace < 0 ? '' : reasonAt(otherPlace, otherText, otherStart, otherEnd, 1, otherKw!);
}

let matchedSpecific = '';
let matchedOther = '';

/**
 * Icon names repeat on every node that shows the icon; the keyword a tier finds in one depends
 * only on the name, so each tier keeps one sentence per icon.
 */
const iconReasons = [new Map<string, string>(), new Map<string, string>()];

function reasonAt(place: number, text: string, s: number, e: number, tier: number, kw: Keyword): string {
  if (place !== ICON) return placeReasons[place]!.get(text, s, e, kw, place);
  const memo = iconReasons[tier]!;
  let reason = memo.get(text);
  if (reason === undefined) {
    if (memo.size > 1000) memo.clear();
    memo.set(text, (reason = `keyword '${text.slice(s, e)}' in the icon '${text}'`));
  }
  return reason;
}

/** `icon '<name>'` for the built-in icons that name a kind. */
const iconKindReasons = new Map<string, string>();

export function inferKind(input: KindInput): KindResult {
  const r = inferInto(input.id, input.label, input.classes, input.icon, input.shape, input.annotated);
  return { kind: r.kind, reason: r.reason, source: r.source };
}

/**
 * `inferKind` for the builder: the result is a shared object, overwritten by the next call (read
 * it at once). Allocates nothing for a node like the ones before it.
 */
export function inferInto(
  id: string,
  label: string | undefined,
  classes: readonly string[] | undefined,
  icon: string | undefined,
  shape: string | undefined,
  annotated: ComponentKind | undefined,
): KindResult {
  if (annotated !== undefined) {
    let reason = annotationReasons.get(annotated);
    if (reason === undefined) annotationReasons.set(annotated, (reason = `annotation kind=${annotated}`));
    return found(annotated, reason, 'annotation');
  }
  if (classes) {
    for (let i = 0; i < classes.length; i++) {
      const c = classes[i]!;
      const kind = classKind(c);
      if (kind) {
        let reason = classReasons.get(c);
        if (reason === undefined) {
          if (classReasons.size > 1000) classReasons.clear();
          classReasons.set(c, (reason = `class '${c}'`));
        }
        return found(kind, reason, 'class');
      }
    }
  }
  if (icon !== undefined) {
    const kind = ICONS.get(icon);
    if (kind) {
      let reason = iconKindReasons.get(icon);
      if (reason === undefined) iconKindReasons.set(icon, (reason = `icon '${icon}'`));
      return found(kind, reason, 'icon');
    }
  }
  matchPlaces(label !== undefined && label !== '' ? label : undefined, id, icon && !ICONS.has(icon) && icon !== 'cloud' ? icon : undefined);
  const specific = chosen[0]!;
  if (specific.order !== Infinity) return found(specific.kind, matchedSpecific, 'specific-keyword');
  if (shape !== undefined && CYLINDERS.has(shape)) return found('database', 'drawn as a cylinder', 'shape');
  const other = chosen[1]!;
  if (other.order !== Infinity) return found(other.kind, matchedOther, 'keyword');
  return found('unknown', icon === 'cloud' ? "icon 'cloud' names no kind and no class, shape or keyword names a kind" : 'no class, shape or keyword names a kind', 'none');
}

/**
 * A whole-word matcher for other parts of the builder (region words, replica words), with the
 * same notion of a word as kind inference. Returns the matched text as written, or undefined.
 */
export function keywordMatcher(spellings: string[]): (text: string) => string | undefined {
  const table = buildTable([[['service', spellings]]]);
  const lookup = new Lookup(table);
  const prefixes = prefixesOf(table);
  // Most labels hold none of the words: a substring test skips scanning them.
  const firstWords = [...table.keys()].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const maybe = new RegExp(firstWords.join('|'), 'i');
  const best = [noMatch()];
  return (text) => {
    if (!maybe.test(text)) return undefined;
    best[0]!.order = Infinity;
    matchText(lookup, prefixes, text, best);
    const m = best[0]!;
    return m.order === Infinity ? undefined : text.slice(m.start, m.end);
  };
}
