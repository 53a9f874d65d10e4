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

interface Tier {
  /** First word -> keywords starting with it, in kind order. */
  byFirst: Map<string, { kw: Keyword; order: number }[]>;
}

function buildTier(table: [KnownKind, string[]][]): Tier {
  const byFirst = new Map<string, { kw: Keyword; order: number }[]>();
  table.forEach(([kind, words], order) => {
    for (const spelled of words) {
      const plural = spelled.endsWith('+');
      const kw: Keyword = { words: splitWords(plural ? spelled.slice(0, -1) : spelled).map((w) => w.text.toLowerCase()), kind, plural };
      const first = kw.words[0]!;
      const list = byFirst.get(first);
      if (list) list.push({ kw, order });
      else byFirst.set(first, [{ kw, order }]);
      if (plural && kw.words.length === 1) {
        const pl = byFirst.get(first + 's');
        const entry = { kw: { ...kw, words: [first + 's'], plural: false }, order };
        if (pl) pl.push(entry);
        else byFirst.set(first + 's', [entry]);
      }
    }
  });
  return { byFirst };
}

const specificTier = buildTier(SPECIFIC);
const otherTier = buildTier(OTHER);

interface Word {
  text: string;
  start: number;
  end: number;
}

/** Splits on anything but letters and digits. */
function splitWords(text: string): Word[] {
  const words: Word[] = [];
  const re = /[\p{L}\p{N}]+/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) words.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return words;
}

/** Splits each word again at camelCase humps: `ordersDB` -> orders, DB; `APIGateway` -> API, Gateway; `S3Bucket` -> S3, Bucket. */
function splitHumps(words: Word[]): Word[] {
  const out: Word[] = [];
  for (const w of words) {
    const re = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+\p{N}*|\p{Lu}+\p{N}*|\p{N}+/gu;
    let m: RegExpExecArray | null;
    let pieces = 0;
    const before = out.length;
    while ((m = re.exec(w.text))) {
      pieces++;
      out.push({ text: m[0], start: w.start + m.index, end: w.start + m.index + m[0].length });
    }
    if (pieces <= 1) {
      out.length = before;
    }
  }
  return out;
}

interface Match {
  kind: KnownKind;
  order: number;
  /** The matched text as written. */
  written: string;
}

/** The keyword of the earliest kind (in table order) found in `text`; the earliest position breaks ties. */
function matchTier(tier: Tier, text: string): Match | undefined {
  const words = splitWords(text);
  let best: Match | undefined;
  let bestPos = Infinity;
  const scan = (list: Word[]) => {
    const lower = list.map((w) => w.text.toLowerCase());
    for (let i = 0; i < list.length; i++) {
      const forms = [lower[i]!];
      const stripped = lower[i]!.replace(/\d+$/, '');
      if (stripped !== lower[i] && stripped !== '') forms.push(stripped);
      for (const form of forms) {
        const candidates = tier.byFirst.get(form);
        if (!candidates) continue;
        for (const { kw, order } of candidates) {
          if (best && (order > best.order || (order === best.order && list[i]!.start >= bestPos))) continue;
          const n = kw.words.length;
          if (n > 1 && !restMatches(kw, lower, i)) continue;
          best = { kind: kw.kind, order, written: text.slice(list[i]!.start, list[i + n - 1]!.end) };
          bestPos = list[i]!.start;
        }
      }
    }
  };
  scan(words);
  scan(splitHumps(words));
  return best;
}

function restMatches(kw: Keyword, lower: string[], i: number): boolean {
  const n = kw.words.length;
  if (i + n > lower.length) return false;
  for (let k = 1; k < n; k++) {
    const w = lower[i + k]!;
    const want = kw.words[k]!;
    if (w === want || w.replace(/\d+$/, '') === want) continue;
    if (k === n - 1 && kw.plural && w === want + 's') continue;
    return false;
  }
  return true;
}

/** Looks for a tier's keywords in the label, then the id, then an icon name; the kind order of the tier wins over where. */
function matchTexts(tier: Tier, input: KindInput): { match: Match; where: string } | undefined {
  const places: [string, string][] = [];
  if (input.label !== undefined && input.label !== '') places.push([input.label, 'the label']);
  places.push([input.id, 'the id']);
  if (input.icon && !ICONS.has(input.icon) && input.icon !== 'cloud') places.push([input.icon, `the icon '${input.icon}'`]);
  let best: { match: Match; where: string } | undefined;
  for (const [text, where] of places) {
    const m = matchTier(tier, text);
    if (m && (!best || m.order < best.match.order)) best = { match: m, where };
  }
  return best;
}

export function inferKind(input: KindInput): KindResult {
  if (input.annotated !== undefined) {
    return { kind: input.annotated, reason: `annotation kind=${input.annotated}`, source: 'annotation' };
  }
  for (const c of input.classes ?? []) {
    const kind = CLASS_NAMES.get(normalizeClass(c));
    if (kind) return { kind, reason: `class '${c}'`, source: 'class' };
  }
  if (input.icon !== undefined) {
    const kind = ICONS.get(input.icon);
    if (kind) return { kind, reason: `icon '${input.icon}'`, source: 'icon' };
  }
  const specific = matchTexts(specificTier, input);
  if (specific) {
    return { kind: specific.match.kind, reason: `keyword '${specific.match.written}' in ${specific.where}`, source: 'specific-keyword' };
  }
  if (input.shape !== undefined && CYLINDERS.has(input.shape)) {
    return { kind: 'database', reason: 'drawn as a cylinder', source: 'shape' };
  }
  const other = matchTexts(otherTier, input);
  if (other) {
    return { kind: other.match.kind, reason: `keyword '${other.match.written}' in ${other.where}`, source: 'keyword' };
  }
  const cloud = input.icon === 'cloud' ? "icon 'cloud' names no kind and " : '';
  return { kind: 'unknown', reason: `${cloud}no class, shape or keyword names a kind`, source: 'none' };
}

/**
 * A whole-word matcher for other parts of the builder (region words, replica words), with the
 * same notion of a word as kind inference. Returns the matched text as written, or undefined.
 */
export function keywordMatcher(keywords: string[]): (text: string) => string | undefined {
  const tier = buildTier([['service', keywords]]);
  return (text) => matchTier(tier, text)?.written;
}
