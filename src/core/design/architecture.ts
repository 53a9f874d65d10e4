/**
 * Mermaid architecture-beta parser: text -> ArchitectureAst with ranges.
 *
 * Mermaid parses architecture-beta with a Langium grammar (Chevrotain lexer: token types tried
 * in a fixed order, first match wins, keywords give way to a longer ID) and then checks the
 * result in its ArchitectureDB (groups first, then services, junctions, edges). Both are
 * mirrored here on the text Mermaid's pipeline hands over, so the same diagrams are accepted;
 * quirks included (an id starting with L, R, T or B lexes as a port side and is rejected).
 * Every problem becomes a `syntax` finding and parsing resumes at the next line.
 */
import type { ArchEdge, ArchGroup, ArchJunction, ArchService, ArchSide, ArchitectureAst, Comment } from './ast';
import { decodeEntities, prepareDiagram, type PreparedDiagram } from './mermaidText';
import { Interner } from './intern';
import { isJsSpace } from './sourceText';
import { internalError, syntax } from './syntaxFindings';
import type { Finding, Range } from './types';

export function parseArchitecture(text: string): ArchitectureAst {
  try {
    return new ArchParser(prepareDiagram(text)).parse();
  } catch (err) {
    // A defect here must not take the editor's features down with it: report it on the text.
    return { type: 'architecture', groups: [], services: [], junctions: [], edges: [], comments: [], errors: [internalError(err)] };
  }
}

/** The tokens of a (pre-processed) text, hidden ones left out: what the parser reads (exported for tests). */
export function architectureTokens(code: string): { kind: string; start: number; end: number }[] {
  const lexer = new ArchLexer(code);
  const out: { kind: string; start: number; end: number }[] = [];
  for (let kind = lexer.next(); kind !== 'EOF'; kind = lexer.next()) out.push({ kind, start: lexer.start, end: lexer.end });
  return out;
}

type Kind =
  | 'architecture-beta' | 'junction' | 'service' | 'column' | 'group' | 'align' | 'row' | '--' | 'in' | ':' | '-'
  | 'DIR' | 'GROUP_MOD' | 'INTO' | 'ACC_DESCR' | 'ACC_TITLE' | 'TITLE' | 'STRING' | 'ID' | 'NEWLINE'
  | 'ICON' | 'ARCH_TITLE' | 'EOF' | 'ERROR';

/** Keywords in the order Langium tries them (longest first); `longer` is the token that wins when it matches more. */
const KEYWORDS: { text: string; longer: 'ID' | 'YAML' | null }[] = [
  { text: 'architecture-beta', longer: 'ID' },
  { text: 'junction', longer: 'ID' },
  { text: 'service', longer: 'ID' },
  { text: 'column', longer: 'ID' },
  { text: 'group', longer: 'ID' },
  { text: 'align', longer: 'ID' },
  { text: 'row', longer: 'ID' },
  { text: '--', longer: 'YAML' },
  { text: 'in', longer: 'ID' },
  { text: ':', longer: null },
  { text: '-', longer: 'YAML' },
];

/** In the checks' id registry: what a registered id is (a node's entry is its group's number, or NO_GROUP). */
const AS_GROUP = -1;
const NO_GROUP = -2;

/** KEYWORDS by the code of their first character, in KEYWORDS' order. */
const KEYWORDS_BY_FIRST: (typeof KEYWORDS | undefined)[] = [];
for (const k of KEYWORDS) (KEYWORDS_BY_FIRST[k.text.charCodeAt(0)] ??= []).push(k);

function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isNl(c: number): boolean {
  return c === 10 || c === 13;
}

/** The Chevrotain lexer of Mermaid's architecture grammar, producing one token at a time. */
class ArchLexer {
  private pos = 0;
  readonly errors: { start: number; end: number }[] = [];
  /** Hidden `%%` comments (after statements): [start of `%%`, end]. */
  readonly comments: [number, number][] = [];

  /** Where the token `next` returned starts and ends: the lexer is its own token, nothing is allocated per token. */
  start = 0;
  end = 0;

  constructor(private readonly s: string) {}

  /** The next token's kind; its offsets are in `start` and `end`. */
  next(): Kind {
    const s = this.s;
    for (;;) {
      const p = this.pos;
      this.start = p;
      if (p >= s.length) {
        this.end = p;
        return 'EOF';
      }
      const end = this.match(p);
      if (end < 0) {
        // Chevrotain skips an unexpected character and reports it.
        const c = s.charCodeAt(p);
        const len = c >= 0xd800 && c <= 0xdbff && p + 1 < s.length ? 2 : 1;
        this.pos = p + len;
        this.end = p + len;
        return 'ERROR';
      }
      this.pos = end;
      const kind = this.kind;
      if (kind === null) continue; // skipped or hidden
      this.end = end;
      return kind;
    }
  }

  /** The kind of the last match (null: skipped or hidden); `match` returns only its end, to allocate nothing per token. */
  private kind: Kind | null = null;

  /** Where the token at p ends (its kind in `this.kind`), or -1 when nothing matches. */
  private match(p: number): number {
    const s = this.s;
    const c = s.charCodeAt(p);
    // Only keywords that start with this character can match; KEYWORDS keeps Langium's order.
    const candidates = c < 128 ? KEYWORDS_BY_FIRST[c] : undefined;
    if (candidates !== undefined) {
      for (const k of candidates) {
        if (!s.startsWith(k.text, p)) continue;
        const e = p + k.text.length;
        if (k.longer === 'ID') {
          const id = this.idEnd(p);
          if (id > e) return this.found('ID', id);
        } else if (k.longer === 'YAML') {
          const y = this.yamlEnd(p);
          if (y > e) return this.found(null, y);
        }
        return this.found(k.text as Kind, e);
      }
    }
    if (c === 76 || c === 82 || c === 84 || c === 66) return this.found('DIR', p + 1);
    if (c === 123 && s.startsWith('{group}', p)) return this.found('GROUP_MOD', p + 7);
    if (c === 60 || c === 62) return this.found('INTO', p + 1);
    let w = p;
    while (isBlank(s.charCodeAt(w))) w++;
    const acc = this.accessibility(w);
    if (acc >= 0) return acc;
    if (c === 34 || c === 39) {
      const e = this.quotedEnd(p);
      if (e > 0) return this.found('STRING', e);
    }
    if (isWord(c)) return this.found('ID', this.idEnd(p));
    if (c === 10) return this.found('NEWLINE', p + 1);
    if (c === 13 && s.charCodeAt(p + 1) === 10) return this.found('NEWLINE', p + 2);
    if (w > p) return this.found(null, w);
    if (c === 45) {
      const y = this.yamlEnd(p);
      if (y > 0) return this.found(null, y);
    }
    if (c === 37 && s.charCodeAt(p + 1) === 37) {
      if (s.charCodeAt(p + 2) === 123) {
        const d = this.directiveEnd(p);
        if (d > 0) return this.found(null, d);
      }
      let e = p + 2;
      while (e < s.length && !isNl(s.charCodeAt(e))) e++;
      this.comments.push([p, e]);
      return this.found(null, e);
    }
    if (c === 40) {
      let e = p + 1;
      while (e < s.length && (isWord(s.charCodeAt(e)) || s.charCodeAt(e) === 45 || s.charCodeAt(e) === 58)) e++;
      if (e > p + 1 && s.charCodeAt(e) === 41) return this.found('ICON', e + 1);
    }
    if (c === 91) {
      const e = this.archTitleEnd(p);
      if (e > 0) return this.found('ARCH_TITLE', e);
    }
    return -1;
  }

  private found(kind: Kind | null, end: number): number {
    this.kind = kind;
    return end;
  }

  /** `[\w]([-\w]*\w)?`: the longest run of word characters and `-` that ends in a word character. */
  private idEnd(p: number): number {
    const s = this.s;
    if (!isWord(s.charCodeAt(p))) return p;
    let e = p + 1;
    let lastWord = p + 1;
    while (e < s.length) {
      const c = s.charCodeAt(e);
      if (isWord(c)) lastWord = e + 1;
      else if (c !== 45) break;
      e++;
    }
    return lastWord;
  }

  /** ACC_DESCR, ACC_TITLE and TITLE (each may start with spaces or tabs): the end, or -1. */
  private accessibility(w: number): number {
    const s = this.s;
    if (s.startsWith('accDescr', w)) {
      let i = w + 8;
      while (isBlank(s.charCodeAt(i))) i++;
      if (s.charCodeAt(i) === 58) return this.found('ACC_DESCR', this.valueEnd(i + 1));
      let j = w + 8;
      while (j < s.length && isJsSpace(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) === 123) {
        const close = s.indexOf('}', j + 1);
        if (close >= 0) return this.found('ACC_DESCR', close + 1);
      }
    }
    if (s.startsWith('accTitle', w)) {
      let i = w + 8;
      while (isBlank(s.charCodeAt(i))) i++;
      if (s.charCodeAt(i) === 58) return this.found('ACC_TITLE', this.valueEnd(i + 1));
    }
    if (s.startsWith('title', w)) {
      const after = s.charCodeAt(w + 5);
      if (isBlank(after)) return this.found('TITLE', this.valueEnd(w + 6));
      return this.found('TITLE', w + 5);
    }
    return -1;
  }

  /** `[^\n\r]*?(?=%%)|[^\n\r]*`: up to a `%%` on the line, else to its end. */
  private valueEnd(from: number): number {
    const s = this.s;
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (isNl(c)) return i;
      if (c === 37 && s.charCodeAt(i + 1) === 37) return i;
    }
    return s.length;
  }

  private quotedEnd(p: number): number {
    const s = this.s;
    const q = s.charCodeAt(p);
    for (let i = p + 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 92) {
        i++;
        continue;
      }
      if (c === q) return i + 1;
    }
    return -1;
  }

  /** `\[(?:"..."|'...'|[^\[\]\r\n]+)\]`. */
  private archTitleEnd(p: number): number {
    const s = this.s;
    const c = s.charCodeAt(p + 1);
    if (c === 34 || c === 39) {
      const e = this.quotedEnd(p + 1);
      if (e > 0 && s.charCodeAt(e) === 93) return e + 1;
    }
    let e = p + 1;
    while (e < s.length) {
      const d = s.charCodeAt(e);
      if (d === 91 || d === 93 || isNl(d)) break;
      e++;
    }
    return e > p + 1 && s.charCodeAt(e) === 93 ? e + 1 : -1;
  }

  /** `---[\t ]*\r?\n(?:[\S\s]*?\r?\n)?---(?:\r?\n|(?!\S))`, or -1. */
  private yamlEnd(p: number): number {
    const s = this.s;
    if (!s.startsWith('---', p)) return -1;
    let i = p + 3;
    while (isBlank(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) === 13) i++;
    if (s.charCodeAt(i) !== 10) return -1;
    i++;
    // The optional body is tried first: the first line break at or after i that a closing
    // `---` follows. Only when there is none can `---` close right after the opening line.
    for (let k = s.indexOf('\n', i); k >= 0; k = s.indexOf('\n', k + 1)) {
      const end = this.yamlCloseEnd(k + 1);
      if (end >= 0) return end;
    }
    return this.yamlCloseEnd(i);
  }

  /** `---(?:\r?\n|(?!\S))` at `at`: where it ends, or -1. */
  private yamlCloseEnd(at: number): number {
    const s = this.s;
    if (!s.startsWith('---', at)) return -1;
    const after = at + 3;
    if (s.charCodeAt(after) === 10) return after + 1;
    if (s.charCodeAt(after) === 13 && s.charCodeAt(after + 1) === 10) return after + 2;
    if (after >= s.length || isJsSpace(s.charCodeAt(after))) return after;
    return -1;
  }

  /** `%%{[\S\s]*?}%%(?:\r?\n|(?!\S))`, or -1. */
  private directiveEnd(p: number): number {
    const s = this.s;
    for (let k = s.indexOf('}%%', p + 3); k >= 0; k = s.indexOf('}%%', k + 1)) {
      const after = k + 3;
      if (s.charCodeAt(after) === 10) return after + 1;
      if (s.charCodeAt(after) === 13 && s.charCodeAt(after + 1) === 10) return after + 2;
      if (after >= s.length || isJsSpace(s.charCodeAt(after))) return after;
    }
    return -1;
  }
}

/** An id where it was written (offsets in the code): its range is made only for a finding. */
interface Ref {
  id: string;
  start: number;
  end: number;
}

interface Alignment {
  direction: string;
  members: Ref[];
  range: Range;
}

class ArchParser {
  private readonly lexer: ArchLexer;
  private readonly code: string;
  /**
   * The current token: its kind and offsets (copied from the lexer; no object per token). What
   * a caller needs of a token after moving on, it takes before (`take()`, or its offsets), or
   * reads `lastEnd` of the token just consumed.
   */
  private kind: Kind;
  private start = 0;
  private end = 0;
  private lastEnd = 0;
  private readonly errors: Finding[] = [];
  // The syntax tree's own objects: what only the checks need (where each `in` parent id and
  // each end of an edge is written) is kept beside them as offsets, so nothing is copied to
  // strip it at the end and no object is made per reference.
  private readonly groups: ArchGroup[] = [];
  /** Per group, service and junction: where its `in` parent id starts, -1 for none (the id is its `in`). */
  private readonly groupInStarts: number[] = [];
  private readonly services: ArchService[] = [];
  private readonly serviceInStarts: number[] = [];
  private readonly junctions: ArchJunction[] = [];
  private readonly junctionInStarts: number[] = [];
  /** Where the id `optionalIn` last read starts. */
  private inStart = -1;
  private readonly edges: ArchEdge[] = [];
  /** Per edge: start and end of its left id, then of its right id. */
  private edgeEnds = new Int32Array(256);
  private readonly alignments: Alignment[] = [];
  private title: string | undefined;
  private accTitle: string | undefined;
  private accDescr: string | undefined;

  constructor(private readonly prepared: PreparedDiagram) {
    this.code = prepared.code.text;
    this.lexer = new ArchLexer(this.code);
    this.kind = this.nextToken();
  }

  /** The unexpected characters being reported: one finding per run, and per line. */
  private badRun: { start: number; end: number; finding: Finding } | undefined;

  /** Reads the next token that is not an unexpected character into `start` and `end`; returns its kind. */
  private nextToken(): Kind {
    const lexer = this.lexer;
    for (;;) {
      const kind = lexer.next();
      const ts = lexer.start;
      const te = lexer.end;
      if (kind !== 'ERROR') {
        this.start = ts;
        this.end = te;
        return kind;
      }
      const run = this.badRun;
      if (run && run.end === ts && !/[\n\r]/.test(this.code.slice(ts, te))) {
        run.end = te;
        const text = this.code.slice(run.start, run.end);
        run.finding.message = `Unexpected characters '${text.length > 24 ? `${text.slice(0, 23)}…` : text}'`;
        run.finding.range = this.range(run.start, run.end);
        continue;
      }
      const range = this.range(ts, te);
      // One finding per line: the first unexpected character is where to look.
      if (run && run.finding.range.start.line === range.start.line) continue;
      const finding = syntax(`Unexpected character '${this.code.slice(ts, te)}'`, range);
      this.errors.push(finding);
      this.badRun = { start: ts, end: te, finding };
    }
  }

  private range(start: number, end: number): Range {
    const code = this.prepared.code;
    const s = code.origin(Math.min(start, this.code.length));
    const e = end > start ? code.origin(Math.min(end, this.code.length) - 1) + 1 : s;
    return this.prepared.lines.range(s, Math.max(s, e));
  }

  /** The current token's text. */
  private text(): string {
    return this.code.slice(this.start, this.end);
  }

  private at(kind: Kind): boolean {
    return this.kind === kind;
  }

  private advance(): void {
    this.lastEnd = this.end;
    this.kind = this.nextToken();
  }

  /** The current token's text, then moves past it. */
  private take(): string {
    const text = this.text();
    this.advance();
    return text;
  }

  private describe(): string {
    if (this.kind === 'EOF') return 'end of input';
    if (this.kind === 'NEWLINE') return 'end of line';
    const s = this.text().trim().replace(/\s+/g, ' ');
    return `'${s.length > 24 ? `${s.slice(0, 23)}…` : s}'`;
  }

  /** The current token's range, leading blanks left out. */
  private tokRange(): Range {
    if (this.kind === 'NEWLINE' || this.kind === 'EOF') return this.range(this.start, this.start);
    let s = this.start;
    while (s < this.end && isBlank(this.code.charCodeAt(s))) s++;
    return this.range(s, this.end);
  }

  /** Reports what was expected at the current token, then skips to the end of the line. */
  private fail(expected: string, after?: string): void {
    const kind = this.kind;
    let hint = '';
    if (expected.includes('id') && kind === 'DIR') {
      hint = ` (Mermaid reads a leading ${this.text()} as a side: ids cannot start with L, R, T or B)`;
    } else if (expected.includes('id') && (kind === 'TITLE' || KEYWORDS.some((k) => k.text === kind && /^[a-z]/.test(k.text)))) {
      hint = ` ('${this.text().trim()}' is a keyword)`;
    }
    this.errors.push(syntax(`Expected ${expected}${after ? ` after ${after}` : ''}, found ${this.describe()}${hint}`, this.tokRange()));
    while (!this.at('NEWLINE') && !this.at('EOF')) this.advance();
  }

  private eol(after: string): boolean {
    if (this.lineEnds()) return true;
    this.fail('the end of the line', after);
    return false;
  }

  /**
   * `eol` without the message: callers whose message names an id build it only on failure
   * (a large diagram would otherwise build one string per statement for nothing).
   */
  private lineEnds(): boolean {
    if (this.at('NEWLINE')) {
      while (this.at('NEWLINE')) this.advance();
      return true;
    }
    return this.at('EOF');
  }

  private id(what: string, after: string): Ref | undefined {
    if (!this.at('ID')) {
      this.fail(what, after);
      return undefined;
    }
    const start = this.start;
    const end = this.end;
    return { id: decodeEntities(this.take()), start, end };
  }

  private refRange(ref: Ref): Range {
    return this.range(ref.start, ref.end);
  }

  parse(): ArchitectureAst {
    while (this.at('NEWLINE')) this.advance();
    if (!this.at('architecture-beta')) {
      this.fail("'architecture-beta' to begin the diagram");
    } else {
      this.advance();
    }
    for (;;) {
      const kind = this.kind;
      if (kind === 'EOF') break;
      if (kind === 'NEWLINE') {
        this.advance();
        continue;
      }
      const start = this.start;
      switch (kind) {
        case 'group':
          this.group();
          continue;
        case 'service':
          this.service();
          continue;
        case 'junction':
          this.junction();
          continue;
        case 'align':
          this.alignment(start);
          continue;
        case 'ID':
          this.edge(start);
          continue;
        case 'ACC_DESCR':
        case 'ACC_TITLE':
        case 'TITLE': {
          const value = this.take().trim();
          if (kind === 'TITLE') this.title = decodeEntities(value.replace(/^title/, '').trim());
          else if (kind === 'ACC_TITLE') this.accTitle = decodeEntities(value.replace(/^accTitle\s*:/, '').trim());
          else this.accDescr = decodeEntities(value.replace(/^accDescr\s*(:|\{)/, '').replace(/\}$/, '').trim());
          this.eol('the title');
          continue;
        }
      }
      this.fail("a statement ('group', 'service', 'junction', 'align' or an edge such as a:R -- L:b)");
    }
    this.check();
    return this.result();
  }

  /** `in parent`: the parent id (where it starts in `inStart`, -1 when absent), undefined when absent, null when malformed (already reported). */
  private optionalIn(): string | undefined | null {
    this.inStart = -1;
    if (!this.at('in')) return undefined;
    this.advance();
    if (!this.at('ID')) {
      this.fail('a group id', `'in'`);
      return null;
    }
    this.inStart = this.start;
    return decodeEntities(this.take());
  }

  private group(): void {
    this.advance();
    const id = this.id('a group id', "'group'");
    if (!id) return;
    const g: ArchGroup = { id: id.id, range: this.refRange(id) };
    if (this.at('ICON')) g.icon = iconValue(this.take());
    if (this.at('ARCH_TITLE')) g.title = decodeEntities(titleValue(this.take()));
    const inId = this.optionalIn();
    if (inId === null) return;
    const inStart = this.inStart;
    if (!this.lineEnds()) {
      this.fail('the end of the line', `group '${id.id}'`);
      return;
    }
    if (inId !== undefined) g.in = inId;
    this.groups.push(g);
    this.groupInStarts.push(inStart);
  }

  private service(): void {
    this.advance();
    const id = this.id('a service id', "'service'");
    if (!id) return;
    const svc: ArchService = { id: id.id, range: this.refRange(id) };
    if (this.at('STRING')) svc.iconText = decodeEntities(stringValue(this.take()));
    else if (this.at('ICON')) svc.icon = iconValue(this.take());
    if (this.at('ARCH_TITLE')) svc.title = decodeEntities(titleValue(this.take()));
    const inId = this.optionalIn();
    if (inId === null) return;
    const inStart = this.inStart;
    if (!this.lineEnds()) {
      this.fail('the end of the line', `service '${id.id}'`);
      return;
    }
    if (inId !== undefined) svc.in = inId;
    this.services.push(svc);
    this.serviceInStarts.push(inStart);
  }

  private junction(): void {
    this.advance();
    const id = this.id('a junction id', "'junction'");
    if (!id) return;
    const j: ArchJunction = { id: id.id, range: this.refRange(id) };
    const inId = this.optionalIn();
    if (inId === null) return;
    const inStart = this.inStart;
    if (!this.lineEnds()) {
      this.fail('the end of the line', `junction '${id.id}'`);
      return;
    }
    if (inId !== undefined) j.in = inId;
    this.junctions.push(j);
    this.junctionInStarts.push(inStart);
  }

  private alignment(start: number): void {
    this.advance();
    if (!this.at('row') && !this.at('column')) {
      this.fail("'row' or 'column'", "'align'");
      return;
    }
    const direction = this.take();
    const members: Ref[] = [];
    while (this.at('ID')) {
      const start = this.start;
      const end = this.end;
      members.push({ id: decodeEntities(this.take()), start, end });
    }
    if (members.length < 2) {
      this.fail(members.length === 0 ? 'two or more ids' : 'another id', `'align ${direction}'`);
      return;
    }
    const end = this.lastEnd;
    if (!this.eol('the aligned ids')) return;
    this.alignments.push({ direction, members, range: this.range(start, end) });
  }

  private side(after: string): ArchSide | undefined {
    if (!this.at('DIR')) {
      this.fail('a side (L, R, T or B)', after);
      return undefined;
    }
    return this.take() as ArchSide;
  }

  private expect(kind: Kind, what: string, after: string): boolean {
    if (this.kind === kind) {
      this.advance();
      return true;
    }
    this.fail(what, after);
    return false;
  }

  private edge(start: number): void {
    const lhsStart = this.start;
    const lhsEnd = this.end;
    const lhsId = decodeEntities(this.take());
    let lhsGroup = false;
    if (this.at('GROUP_MOD')) {
      this.advance();
      lhsGroup = true;
    }
    if (!this.at(':')) {
      this.fail("':' and a side, as in a:R -- L:b", `'${lhsId}'`);
      return;
    }
    this.advance();
    const lhsDir = this.side("':'");
    if (!lhsDir) return;
    // Langium only records that an arrow head is there, whichever way it points.
    let lhsInto = false;
    if (this.at('INTO')) {
      this.advance();
      lhsInto = true;
    }
    let title: string | undefined;
    if (this.at('--')) {
      this.advance();
    } else if (this.at('-')) {
      this.advance();
      if (!this.at('ARCH_TITLE')) {
        this.fail('a title in brackets such as -[title]-', "'-'");
        return;
      }
      title = decodeEntities(titleValue(this.take()));
      if (!this.expect('-', "'-' after the title", 'the title')) return;
    } else {
      this.fail("'--', '-->' or '-[title]-'", `${lhsId}:${lhsDir}`);
      return;
    }
    let rhsInto = false;
    if (this.at('INTO')) {
      this.advance();
      rhsInto = true;
    }
    const rhsDir = this.side('the arrow');
    if (!rhsDir) return;
    if (!this.at(':')) {
      this.fail("':'", `the side ${rhsDir}`);
      return;
    }
    this.advance();
    if (!this.at('ID')) {
      this.fail('a service or junction id', `'${rhsDir}:'`);
      return;
    }
    const rhsStart = this.start;
    const rhsEnd = this.end;
    const rhsId = decodeEntities(this.take());
    let rhsGroup = false;
    if (this.at('GROUP_MOD')) {
      this.advance();
      rhsGroup = true;
    }
    const end = this.lastEnd;
    if (!this.lineEnds()) {
      this.fail('the end of the line', `'${rhsId}'`);
      return;
    }
    const e: ArchEdge = {
      lhsId,
      lhsDir,
      lhsGroup,
      lhsInto,
      rhsId,
      rhsDir,
      rhsGroup,
      rhsInto,
      range: this.range(start, end),
    };
    if (title !== undefined) e.title = title;
    const k = this.edges.length * 4;
    if (k + 4 > this.edgeEnds.length) {
      const grown = new Int32Array(this.edgeEnds.length * 2);
      grown.set(this.edgeEnds);
      this.edgeEnds = grown;
    }
    this.edgeEnds[k] = lhsStart;
    this.edgeEnds[k + 1] = lhsEnd;
    this.edgeEnds[k + 2] = rhsStart;
    this.edgeEnds[k + 3] = rhsEnd;
    this.edges.push(e);
  }

  /** ArchitectureDB's checks, in its order: groups, services, junctions, edges, alignments. */
  private check(): void {
    /**
     * Every id registered, numbered by an Interner (typed arrays: a Map of thousands of ids is a
     * single large heap object, slow to allocate here, parse-speed.md); `owner` says what each is.
     */
    const registered = new Interner();
    const owner = new Int32Array(this.groups.length + this.services.length + this.junctions.length);
    const isNode = (id: string): boolean => {
      const k = registered.find(id);
      return k >= 0 && owner[k] !== AS_GROUP;
    };
    const parentProblem = (kind: string, id: string, parent: string): string | undefined => {
      if (parent === id) return `The ${kind} [${id}] cannot be placed within itself`;
      const k = registered.find(parent);
      if (k < 0) {
        return `The ${kind} [${id}]'s parent does not exist. Please make sure the parent is created before this ${kind}`;
      }
      if (owner[k] !== AS_GROUP) return `The ${kind} [${id}]'s parent is not a group`;
      return undefined;
    };
    const add = (kind: 'group' | 'service' | 'junction', item: ArchGroup | ArchService | ArchJunction, inStart: number): boolean => {
      const r = registered.find(item.id);
      if (r >= 0) {
        const other = owner[r] === AS_GROUP ? 'group' : 'node';
        this.errors.push(syntax(`The ${kind} id [${item.id}] is already in use by another ${other}`, item.range));
        return false;
      }
      if (inStart >= 0) {
        // The parent id is written as one ID token, and an id decodes to itself: it ends at start + length.
        const parent = item.in!;
        const problem = parentProblem(kind, item.id, parent);
        if (problem) {
          this.errors.push(syntax(problem, this.range(inStart, inStart + parent.length)));
          return false;
        }
      }
      // The parent (checked above) is registered: its number is found.
      const value = kind === 'group' ? AS_GROUP : item.in === undefined ? NO_GROUP : registered.find(item.in);
      owner[registered.of(item.id)] = value;
      return true;
    };
    this.groups.forEach((g, i) => add('group', g, this.groupInStarts[i]!));
    this.services.forEach((s, i) => add('service', s, this.serviceInStarts[i]!));
    this.junctions.forEach((j, i) => add('junction', j, this.junctionInStarts[i]!));
    const groupIds = new Set(this.groups.map((g) => g.id));
    const ends = this.edgeEnds;
    /** The range of edge i's left (0) or right (1) id. */
    const endRange = (i: number, side: number): Range => this.range(ends[i * 4 + side * 2]!, ends[i * 4 + side * 2 + 1]!);
    const endOk = (id: string, i: number, side: 0 | 1): boolean => {
      if (isNode(id)) return true;
      const range = endRange(i, side);
      if (!groupIds.has(id)) {
        const hand = side === 0 ? 'left' : 'right';
        this.errors.push(syntax(`The ${hand}-hand id [${id}] does not yet exist. Please create the service/group before declaring an edge to it.`, range));
      } else {
        this.errors.push(syntax(`Edges connect services and junctions: [${id}] is a group (Mermaid fails on it)`, range));
      }
      return false;
    };
    for (let i = 0; i < this.edges.length; i++) {
      const e = this.edges[i]!;
      const lhsOk = endOk(e.lhsId, i, 0);
      const rhsOk = endOk(e.rhsId, i, 1);
      if (!lhsOk || !rhsOk) continue;
      if (!e.lhsGroup && !e.rhsGroup) continue;
      // Both ends are nodes here: the number of each one's group, or NO_GROUP.
      const lg = owner[registered.find(e.lhsId)]!;
      const rg = owner[registered.find(e.rhsId)]!;
      const sameGroup = lg >= 0 && lg === rg;
      if (e.lhsGroup && sameGroup) {
        this.errors.push(syntax(`The left-hand id [${e.lhsId}] is modified to traverse the group boundary, but the edge does not pass through two groups.`, endRange(i, 0)));
      } else if (e.rhsGroup && sameGroup) {
        this.errors.push(syntax(`The right-hand id [${e.rhsId}] is modified to traverse the group boundary, but the edge does not pass through two groups.`, endRange(i, 1)));
      }
    }
    for (const a of this.alignments) {
      const seen = new Set<string>();
      for (const m of a.members) {
        if (!isNode(m.id)) {
          this.errors.push(syntax(`align ${a.direction} references [${m.id}], which is not a service or junction`, this.refRange(m)));
          break;
        }
        if (seen.has(m.id)) {
          this.errors.push(syntax(`align ${a.direction} lists [${m.id}] more than once`, this.refRange(m)));
          break;
        }
        seen.add(m.id);
      }
    }
  }

  private result(): ArchitectureAst {
    const comments: Comment[] = [...this.prepared.comments];
    for (const [s, e] of this.lexer.comments) {
      let p = s;
      while (isBlank(this.code.charCodeAt(p))) p++;
      comments.push({
        text: this.code.slice(p + 2, e),
        range: this.range(p, e),
        textStart: this.prepared.lines.positionAt(this.prepared.code.origin(p + 2)),
      });
    }
    comments.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    const ast: ArchitectureAst = {
      type: 'architecture',
      groups: this.groups,
      services: this.services,
      junctions: this.junctions,
      edges: this.edges,
      comments,
      errors: [...this.prepared.findings, ...this.errors],
    };
    if (this.alignments.length) ast.alignments = this.alignments.map((a) => ({ direction: a.direction, members: a.members.map((m) => m.id), range: a.range }));
    if (this.title !== undefined) ast.title = this.title;
    if (this.accTitle !== undefined) ast.accTitle = this.accTitle;
    if (this.accDescr !== undefined) ast.accDescr = this.accDescr;
    if (this.prepared.frontMatter) ast.frontMatter = this.prepared.frontMatter;
    return ast;
  }
}

/** An ICON token is `(`, word characters, `:` or `-`, then `)`: the parentheses off. */
function iconValue(raw: string): string {
  return raw.slice(1, -1);
}

/** Langium's ARCH_TITLE conversion: brackets off (the token starts with `[` and ends with `]`), trimmed, one level of quotes off. */
function titleValue(raw: string): string {
  let r = raw.slice(1, -1).trim();
  if ((r.startsWith('"') && r.endsWith('"')) || (r.startsWith("'") && r.endsWith("'"))) {
    r = r.slice(1, -1).replace(/\\"/g, '"').replace(/\\'/g, "'");
  }
  return r.trim();
}

/** Langium's STRING conversion: quotes off, backslash escapes read. */
function stringValue(raw: string): string {
  let out = '';
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length - 1) {
      const e = raw[++i]!;
      out += ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0' } as Record<string, string>)[e] ?? e;
    } else {
      out += c;
    }
  }
  return out;
}

