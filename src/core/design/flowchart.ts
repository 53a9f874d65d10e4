/**
 * Mermaid flowchart parser: text -> FlowchartAst, recording what Mermaid's own parser records
 * (vertices, edges with Mermaid's ids, subgraphs, classes) with source ranges.
 *
 * It reads the text Mermaid's parser reads (mermaidText.ts), lexes it with Mermaid's lexer
 * rules (flowLexer.ts) and follows Mermaid's grammar statement by statement, applying the same
 * effects as Mermaid's flowchart database in the same order. Where Mermaid would throw, it
 * records a `syntax` finding at the offending token and carries on at the next line. It never
 * throws, runs in linear time and keeps nesting on an explicit stack.
 */
import type { ClassDef, FlowClick, FlowEdge, FlowSubgraph, FlowVertex, FlowchartAst, LabelType } from './ast';
import { FlowLexer, T, type Token, type TokenType } from './flowLexer';
import { Interner, PairCounter } from './intern';
import { decodeEntities, prepareDiagram, type PreparedDiagram } from './mermaidText';
import { checkShapeName, parseShapeData, type ShapeDataEntry } from './shapeData';
import type { Finding, Position, Range } from './types';
import { sanitizeLabel } from './labels';
import { internalError, syntax } from './syntaxFindings';

export interface FlowchartOptions {
  /**
   * Whether to record where labels and link tokens are (`labelRange`, `linkRange`); true by
   * default. The design layer reads neither, and at 10,000 nodes they are a fifth of the
   * objects a parse builds (docs/decisions/parse-speed.md).
   */
  labelRanges?: boolean;
}

export function parseFlowchart(text: string, options: FlowchartOptions = {}): FlowchartAst {
  try {
    return new FlowParser(prepareDiagram(text, { flowchart: true }), options.labelRanges !== false).parse();
  } catch (err) {
    // A defect here must not take the editor's features down with it: report it on the text.
    return {
      type: 'flowchart',
      keyword: 'flowchart',
      direction: 'TB',
      vertices: [],
      edges: [],
      subgraphs: [],
      classDefs: [],
      comments: [],
      errors: [internalError(err)],
    };
  }
}


function tokenSet(...types: TokenType[]): Uint8Array {
  const set = new Uint8Array(96);
  for (const t of types) set[t] = 1;
  return set;
}

const ID_TOKEN = tokenSet(T.NUM, T.NODE_STRING, T.DOWN, T.MINUS, T.DEFAULT, T.COMMA, T.COLON, T.AMP, T.BRKT, T.MULT, T.UNICODE_TEXT);
const TEXT_TOKEN = tokenSet(T.TEXT, T.TAGSTART, T.TAGEND, T.UNICODE_TEXT);
const TEXT_NO_TAGS_TOKEN = tokenSet(
  T.NUM, T.NODE_STRING, T.SPACE, T.MINUS, T.AMP, T.UNICODE_TEXT, T.COLON, T.MULT, T.BRKT,
  T.STYLE, T.LINKSTYLE, T.CLASSDEF, T.CLASS, T.CLICK, T.GRAPH, T.DIR, T.SUBGRAPH, T.END_KW, T.DOWN, T.UP,
  T.START_LINK,
);
const EDGE_TEXT_TOKEN = tokenSet(T.EDGE_TEXT, T.UNICODE_TEXT);
const ALPHA_NUM_TOKEN = tokenSet(T.NUM, T.UNICODE_TEXT, T.NODE_STRING, T.DIR, T.DOWN, T.MINUS, T.COMMA, T.COLON, T.AMP, T.BRKT, T.MULT);
const STYLE_COMPONENT = tokenSet(T.NUM, T.NODE_STRING, T.COLON, T.SPACE, T.BRKT, T.STYLE);
const SEPARATOR = tokenSet(T.NEWLINE, T.SEMI, T.EOF);
const LINK_START = tokenSet(T.LINK, T.START_LINK, T.LINK_ID);
const KEYWORD_NAMES: Partial<Record<TokenType, string>> = {
  [T.STYLE]: 'style',
  [T.LINKSTYLE]: 'linkStyle',
  [T.CLASSDEF]: 'classDef',
  [T.CLASS]: 'class',
  [T.SUBGRAPH]: 'subgraph',
  [T.END_KW]: 'end',
  [T.GRAPH]: 'graph',
  [T.INTERPOLATE]: 'interpolate',
  [T.HREF]: 'href',
  [T.LINK_TARGET]: 'a link target',
};

/** Closing token for each opening token of a vertex shape, and the shape it makes; `quoted` is the opener as messages show it. */
const SIMPLE_SHAPES: Partial<Record<TokenType, { close: TokenType; shape: string; open: string; closeText: string; quoted: string }>> = {
  [T.SQS]: { close: T.SQE, shape: 'square', open: '[', closeText: ']', quoted: "'['" },
  [T.DOUBLECIRCLESTART]: { close: T.DOUBLECIRCLEEND, shape: 'doublecircle', open: '(((', closeText: ')))', quoted: "'((('" },
  [T.ELLIPSE_START]: { close: T.ELLIPSE_END, shape: 'ellipse', open: '(-', closeText: '-)', quoted: "'(-'" },
  [T.STADIUMSTART]: { close: T.STADIUMEND, shape: 'stadium', open: '([', closeText: '])', quoted: "'(['" },
  [T.SUBROUTINESTART]: { close: T.SUBROUTINEEND, shape: 'subroutine', open: '[[', closeText: ']]', quoted: "'[['" },
  [T.CYLINDERSTART]: { close: T.CYLINDEREND, shape: 'cylinder', open: '[(', closeText: ')]', quoted: "'[('" },
  [T.TAGEND]: { close: T.SQE, shape: 'odd', open: '>', closeText: ']', quoted: "'>'" },
};

interface Label {
  text: string;
  type: LabelType;
  start: number;
  end: number;
}

interface LinkInfo {
  type: string;
  stroke: string;
  length: number;
  text?: Label;
  id?: string;
  /** Where the link as written is (for messages, sliced only when one needs it). */
  displayStart: number;
  displayEnd: number;
  start: number;
  end: number;
  /** Computed once and shared by the edges an `&` group makes from this link. */
  linkRange?: Range;
  labelRange?: Range;
  /** The text as Mermaid stores it, computed once for all edges of the link. */
  storedText?: string;
}

/**
 * One vertex reference in a statement: its id and where the reference starts and ends. These
 * live in the two node groups that take turns (see NodeGroup) and are overwritten two groups later.
 */
interface VertexRef {
  id: string;
  /** The id's number in the parser's interner. */
  key: number;
  start: number;
  end: number;
  /** Where the id is (its start is the start of the reference). */
  idRange: Range;
  /** End of the whole reference (shape and class included), computed when an edge needs it. */
  endPosition: Position | undefined;
}

/**
 * The vertices of one `a & b & c` group. A statement needs only the group before a link and the
 * one after it, so the parser keeps two and fills them in turn, reusing their reference objects:
 * a 10,000-node parse made about 3 MB of groups and references otherwise, all garbage at once.
 */
interface NodeGroup {
  /** References in use are `refs[0 .. count)`; the rest are kept for reuse. */
  refs: VertexRef[];
  count: number;
  tail: 'none' | 'spaces' | 'shape';
  meta: PendingMeta | undefined;
}

function emptyGroup(): NodeGroup {
  return { refs: [], count: 0, tail: 'none', meta: undefined };
}

interface PendingMeta {
  ref: VertexRef;
  entries: Map<string, ShapeDataEntry>;
  start: number;
  end: number;
}

interface SubgraphFrame {
  keywordStart: number;
  idLabel?: Label;
  title?: Label;
  /** Interned ids of the vertices and subgraphs named inside, in order. */
  items: number[];
  dir?: string;
  children: FlowSubgraph[];
}

/**
 * A link as parsed so far, shown as code[displayStart, end) in messages, with every field
 * present from the start (one object layout; the rest is filled in when needed).
 */
function linkInfo(
  arrow: { type: string; stroke: string; length: number },
  text: Label | undefined,
  id: string | undefined,
  displayStart: number,
  start: number,
  end: number,
): LinkInfo {
  return {
    type: arrow.type,
    stroke: arrow.stroke,
    length: arrow.length,
    text,
    id,
    displayStart,
    displayEnd: end,
    start,
    end,
    linkRange: undefined,
    labelRange: undefined,
    storedText: undefined,
  };
}

const MAX_TEXT_IN_MESSAGE = 24;
/**
 * The class and style list of every vertex that has none: one frozen empty array instead of two
 * per vertex (the parser replaces it on the first class or style; nothing else adds to them).
 */
const NO_STRINGS = Object.freeze([]) as unknown as string[];
/** Placeholder range of a reference slot not filled yet (never read: slots are filled before use). */
const EMPTY_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

class FlowParser {
  /** The lexer, which is also the current token (its fields are overwritten by each `advance`). */
  private readonly cur: FlowLexer;
  private readonly code: string;
  /** The token `advance` last moved past. */
  private lastStart = 0;
  private lastEnd = 0;
  private readonly errors: Finding[] = [];
  private failed = false;
  /** The token at which the current statement failed. */
  private failToken: Token | undefined;
  /** Restart position chosen when the failure was reported (line after an unclosed opener). */
  private failRestart = -1;
  private rewound = 0;

  private keyword = 'flowchart';
  private direction: string | undefined;
  /** Every id seen (vertices, subgraphs, edge ids used as vertices), numbered. */
  private readonly ids = new Interner();
  private readonly vertices: FlowVertex[] = [];
  /** Interned id -> position in `vertices` + 1; 0 when the id is not a vertex. */
  private vertexAt = new Int32Array(256);
  private readonly edges: FlowEdge[] = [];
  /** Edge ids the user wrote (`e1@-->`). */
  private readonly userEdgeIds = new Set<string>();
  /**
   * Generated edge ids (`L_a_b_0`), indexed only once something asks about an id of that form:
   * a node or user edge id that looks generated is rare, and indexing every edge is not free.
   */
  private generatedEdgeIds: Set<string> | undefined;
  /** Edges so far per (from, to) interned ids, for Mermaid's edge numbering. */
  private readonly pairCount = new PairCounter();
  private readonly subgraphs: FlowSubgraph[] = [];
  private readonly subgraphById = new Map<string, FlowSubgraph>();
  /** Per interned id: 1 once a closed subgraph has taken it as a member. */
  private inSubgraph = new Uint8Array(256);
  /** Per interned id: the subgraph count when last seen while closing one (duplicate check). */
  private seenIn = new Int32Array(256);
  private subCount = 0;
  /** Subgraphs closed so far (stamps for `seenIn`). */
  private closed = 0;
  private readonly classDefs = new Map<string, ClassDef>();
  private readonly frames: SubgraphFrame[] = [];
  private readonly clicks: FlowClick[] = [];
  private accTitle: string | undefined;
  private accDescr: string | undefined;
  private readonly nodeGroups: [NodeGroup, NodeGroup] = [emptyGroup(), emptyGroup()];
  private nextGroup = 0;
  /** destructLink's answer per arrow as written: a diagram uses a handful of arrow forms. */
  private readonly arrows = new Map<string, { type: string; stroke: string; length: number }>();

  constructor(
    private readonly prepared: PreparedDiagram,
    private readonly labelRanges: boolean,
  ) {
    this.code = prepared.code.text;
    this.cur = new FlowLexer(this.code);
    this.cur.next();
  }

  // ---- positions ----

  private range(start: number, end: number): Range {
    const code = this.prepared.code;
    const s = code.origin(Math.min(start, this.code.length));
    const e = end > start ? code.origin(Math.min(end, this.code.length) - 1) + 1 : s;
    return this.prepared.lines.range(s, Math.max(s, e));
  }

  /** Range of [start, end) without surrounding whitespace. */
  private trimmedRange(start: number, end: number): Range {
    let s = start;
    let e = end;
    while (s < e && isSpaceCode(this.code.charCodeAt(s))) s++;
    while (e > s && isSpaceCode(this.code.charCodeAt(e - 1))) e--;
    return this.range(s, e);
  }

  private textOf(t: Token): string {
    return this.code.slice(t.start, t.end);
  }

  // ---- tokens ----

  private advance(): void {
    this.lastStart = this.cur.start;
    this.lastEnd = this.cur.end;
    this.cur.next();
  }

  /** Moves past the current token and returns its text. */
  private advanceText(): string {
    this.advance();
    return this.code.slice(this.lastStart, this.lastEnd);
  }

  /** A copy of the current token, for the rare statement that needs one after moving on. */
  private snapshot(): Token {
    const c = this.cur;
    return { type: c.type, start: c.start, end: c.end };
  }

  private is(type: TokenType): boolean {
    return this.cur.type === type;
  }

  private describe(t: Token): string {
    switch (t.type) {
      case T.END:
      case T.EOF:
        return 'end of input';
      case T.NEWLINE:
        return 'end of line';
      case T.SPACE:
        return 'a space';
      case T.SEMI:
        return "';'";
      case T.STR:
        return `'"${clip(this.textOf(t))}"'`;
      case T.LEX_ERROR:
        return `'${this.textOf(t)}'`;
    }
    const text = this.textOf(t).trim();
    if (text === '') return 'a space';
    return `'${clip(text)}'`;
  }

  /** Records a syntax error at `t` (or at an unclosed opener before it) and fails the statement. */
  private fail(t: Token, message: string): false {
    if (this.failed) return false;
    this.failed = true;
    // The current token is the lexer itself: keep a copy for recovery.
    this.failToken = { type: t.type, start: t.start, end: t.end };
    this.failRestart = -1;
    const open = this.cur.outerOpening;
    if (open >= 0 && open < t.start && this.lineOf(open) < this.lineOf(t.start)) {
      const opener = this.openerText(open);
      const closer = CLOSERS[opener] ?? '';
      const what = opener === '"' ? 'string' : opener === '`' ? 'markdown string' : `'${opener}'`;
      this.errors.push(
        syntax(
          `Unclosed ${what}${closer ? `: expected '${closer}'` : ''} before ${this.describe(t)}`,
          this.range(open, open + opener.length),
        ),
      );
      this.failRestart = this.lineAfter(open);
      return false;
    }
    if (t.type === T.LEX_ERROR) {
      const ch = this.textOf(t);
      const orig = this.prepared.original.charAt(this.prepared.code.origin(t.start));
      if ((ch === '\u00B0' || ch === '\u00DF') && (orig === '#' || orig === ';')) {
        message = "Entity codes such as '#quot;' are only allowed in labels";
      } else {
        message = `Unexpected character '${ch}'`;
      }
    }
    this.errors.push(syntax(message, this.tokenRange(t)));
    return false;
  }

  private tokenRange(t: Token): Range {
    if (t.type === T.NEWLINE || t.type === T.EOF || t.type === T.END) return this.range(t.start, t.start);
    return this.trimmedRange(t.start, t.end);
  }

  private openerText(at: number): string {
    const s = this.code;
    if (s.startsWith('"`', at)) return '`';
    for (const o of ['(((', '([', '[[', '[(', '[/', '[\\', '(-', '--', '==', '-.', '((', '{{', '[', '(', '{', '|', '"', '>', '@{']) {
      if (s.startsWith(o, at)) return o;
    }
    return s.charAt(at);
  }

  private lineOf(offset: number): number {
    return this.prepared.lines.positionAt(this.prepared.code.origin(Math.min(offset, this.code.length))).line;
  }

  private lineAfter(offset: number): number {
    const nl = this.code.indexOf('\n', offset);
    return nl < 0 ? this.code.length : nl + 1;
  }

  private expectMessage(what: string, after?: string): string {
    const hint = this.code.startsWith('%%', this.cur.start) ? ' (Mermaid allows %% comments only on a line of their own)' : '';
    return `Expected ${what}${after ? ` after ${after}` : ''}, found ${this.describe(this.cur)}${hint}`;
  }

  // ---- document ----

  parse(): FlowchartAst {
    this.graphConfig();
    for (;;) {
      if (this.failed) this.recover();
      // The current token, read before any advance below overwrites it.
      const t = this.cur;
      const type = t.type;
      switch (type) {
        case T.END:
          this.finish();
          return this.result();
        case T.NEWLINE:
        case T.SEMI:
        case T.SPACE:
        case T.EOF:
          this.advance();
          continue;
        case T.END_KW:
          if (this.frames.length === 0) {
            this.fail(t, "Unexpected 'end': no subgraph is open");
          } else {
            this.advance();
            this.closeSubgraph(this.lastStart);
          }
          continue;
        case T.SUBGRAPH:
          this.subgraphHeader();
          continue;
        case T.STYLE:
          this.styleStatement();
          continue;
        case T.LINKSTYLE:
          this.linkStyleStatement();
          continue;
        case T.CLASSDEF:
          this.classDefStatement();
          continue;
        case T.CLASS:
          this.classStatement();
          continue;
        case T.CLICK:
          this.clickStatement();
          continue;
        case T.DIRECTION_TB:
        case T.DIRECTION_BT:
        case T.DIRECTION_RL:
        case T.DIRECTION_LR:
        case T.DIRECTION_TD: {
          this.advance();
          const frame = this.frames[this.frames.length - 1];
          if (frame) frame.dir = DIRECTION_VALUES[type - T.DIRECTION_TB];
          continue;
        }
        case T.ACC_TITLE:
          this.advance();
          if (this.is(T.ACC_TITLE_VALUE)) this.accTitle = decodeEntities(this.advanceText().trim());
          else this.fail(this.cur, this.expectMessage('a title', "'accTitle:'"));
          continue;
        case T.ACC_DESCR:
          this.advance();
          if (this.is(T.ACC_DESCR_VALUE)) this.accDescr = decodeEntities(this.advanceText().trim());
          else this.fail(this.cur, this.expectMessage('a description', "'accDescr:'"));
          continue;
        case T.ACC_DESCR_MULTILINE_VALUE:
          this.accDescr = decodeEntities(this.advanceText().trim());
          continue;
      }
      if (ID_TOKEN[t.type]) {
        this.vertexStatement();
        continue;
      }
      if (t.type === T.GRAPH) {
        this.fail(t, `Unexpected '${this.textOf(t)}': a diagram has one 'flowchart' or 'graph' line, at the top`);
      } else if (LINK_START[t.type]) {
        this.fail(t, `Expected a node id before ${this.describe(t)}`);
      } else {
        this.fail(t, `Expected a node, a link or a statement, found ${this.describe(t)}`);
      }
    }
  }

  /** `flowchart|graph|flowchart-elk` and a direction. */
  private graphConfig(): void {
    while (this.is(T.SPACE) || this.is(T.NEWLINE)) this.advance();
    const t = this.cur;
    if (t.type !== T.GRAPH) {
      this.fail(t, `Expected 'flowchart' or 'graph' to begin the diagram, found ${this.describe(t)}`);
      return;
    }
    this.keyword = this.textOf(t);
    this.advance();
    // Kept past the next advance (once per parse).
    const d = this.snapshot();
    if (d.type === T.NODIR) {
      this.advance();
      this.direction = 'TB';
      return;
    }
    if (d.type === T.DIR) {
      this.advance();
      this.direction = normalizeDirection(this.textOf(d));
      const s = this.cur.type;
      if (s === T.SEMI || s === T.NEWLINE) {
        this.advance();
        return;
      }
      if (s === T.SPACE) {
        while (this.is(T.SPACE)) this.advance();
        if (this.is(T.NEWLINE)) {
          this.advance();
          return;
        }
      }
      this.fail(this.cur, this.expectMessage('the end of the line', `'${this.keyword} ${this.textOf(d).trim()}'`));
      return;
    }
    if (d.type === T.LEX_ERROR) {
      // The lexer stops at the space before an unknown direction; point at the word.
      let s = d.start;
      while (s < this.code.length && isSpaceCode(this.code.charCodeAt(s))) s++;
      let e = s;
      while (e < this.code.length && !isSpaceCode(this.code.charCodeAt(e))) e++;
      this.failed = true;
      this.failToken = d;
      this.failRestart = -1;
      this.errors.push(
        syntax(
          `Expected a direction (TB, TD, BT, RL, LR) or the end of the line after '${this.keyword}', found '${clip(this.code.slice(s, e))}'`,
          this.range(s, Math.max(e, s + 1)),
        ),
      );
      return;
    }
    this.fail(d, this.expectMessage('a direction (TB, TD, BT, RL, LR) or the end of the line', `'${this.keyword}'`));
  }

  /** After a failed statement: resume at the start of the next line in the initial lexer state. */
  private recover(): void {
    const t = this.failToken ?? this.snapshot();
    // Tokens such as links begin with the whitespace (and line breaks) before them.
    let first = t.start;
    while (first < t.end && isSpaceCode(this.code.charCodeAt(first))) first++;
    let restart = this.failRestart >= 0 ? this.failRestart : this.lineAfter(Math.max(first, 0));
    if (t.type === T.NEWLINE) restart = Math.min(restart, t.end);
    const at = this.cur.offset;
    if (restart < at) {
      // Re-reading text is bounded overall so that recovery keeps the parse linear.
      if (this.rewound + (at - restart) > 2 * this.code.length + 4096) restart = this.lineAfter(Math.max(at - 1, 0));
      else this.rewound += at - restart;
    }
    this.failed = false;
    this.failToken = undefined;
    this.failRestart = -1;
    this.cur.reset(restart);
    this.cur.next();
  }

  private finish(): void {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      const name = frame.idLabel ? ` '${clip(frame.idLabel.text.trim())}'` : '';
      this.errors.push(
        syntax(`Expected 'end' to close subgraph${name}, found end of input`, this.range(frame.keywordStart, frame.keywordStart + 8)),
      );
      this.closeSubgraph(-1);
    }
  }

  private result(): FlowchartAst {
    const ast: FlowchartAst = {
      type: 'flowchart',
      keyword: this.keyword,
      direction: this.direction ?? 'TB',
      vertices: this.vertices,
      edges: this.edges,
      subgraphs: this.subgraphs,
      classDefs: [...this.classDefs.values()],
      comments: this.prepared.comments,
      errors: [...this.prepared.findings, ...this.errors],
    };
    if (this.prepared.frontMatter) ast.frontMatter = this.prepared.frontMatter;
    if (this.accTitle !== undefined) ast.accTitle = this.accTitle;
    if (this.accDescr !== undefined) ast.accDescr = this.accDescr;
    if (this.clicks.length > 0) ast.clicks = this.clicks;
    return ast;
  }

  // ---- statements ----

  private separator(after: string): boolean {
    if (SEPARATOR[this.cur.type]) {
      this.advance();
      return true;
    }
    return this.fail(this.cur, this.expectMessage('the end of the statement', after));
  }

  private space(after: string): boolean {
    if (this.is(T.SPACE)) {
      this.advance();
      return true;
    }
    return this.fail(this.cur, this.expectMessage('a space', after));
  }

  /** `idString`: one or more id tokens glued together. */
  /**
   * `idString` for a vertex reference, interned: -1 when there is none. A one-token id (nearly
   * all of them) is looked up in place, without slicing the text.
   */
  private idKey(): number {
    if (!ID_TOKEN[this.cur.type]) return -1;
    this.advance();
    if (!ID_TOKEN[this.cur.type]) return this.ids.ofRange(this.code, this.lastStart, this.lastEnd);
    let text = this.code.slice(this.lastStart, this.lastEnd);
    while (ID_TOKEN[this.cur.type]) text += this.advanceText();
    return this.ids.of(text);
  }

  private idString(): { text: string; start: number; end: number } | undefined {
    if (!ID_TOKEN[this.cur.type]) return undefined;
    const start = this.cur.start;
    let text = '';
    while (ID_TOKEN[this.cur.type]) text += this.advanceText();
    return { text, start, end: this.lastEnd };
  }

  private vertexStatement(): void {
    const frame = this.frames[this.frames.length - 1];
    const first = this.nodeGroup(undefined);
    if (!first) return;
    if (frame) for (let i = 0; i < first.count; i++) frame.items.push(first.refs[i]!.key);
    if (first.tail === 'shape' && first.meta) this.applyMeta(first.meta);
    let prev = first;
    for (;;) {
      const t = this.cur;
      if (LINK_START[t.type]) {
        const link = this.link();
        if (!link) return;
        const target = this.nodeGroup(link);
        if (!target) return;
        if (frame) for (let i = 0; i < target.count; i++) frame.items.push(target.refs[i]!.key);
        if (target.tail === 'shape' && target.meta) this.applyMeta(target.meta);
        this.addLink(prev, target, link);
        prev = target;
        continue;
      }
      if (SEPARATOR[t.type]) {
        this.advance();
        return;
      }
      const last = prev.refs[prev.count - 1]!;
      if (prev.tail === 'shape') {
        this.fail(t, this.expectMessage("a link, '&' or the end of the statement", `the shape data of '${clip(last.id)}'`));
      } else {
        this.fail(t, this.expectMessage("a link, '&' or the end of the statement", `'${clip(this.code.slice(last.start, last.end).trim())}'`));
      }
      return;
    }
  }

  /** `node`: styled vertices joined by `&`, with optional shape data. */
  private nodeGroup(after: LinkInfo | undefined): NodeGroup | undefined {
    const group = this.nodeGroups[this.nextGroup]!;
    this.nextGroup ^= 1;
    group.count = 0;
    group.meta = undefined;
    const refs = group.refs;
    let pending: PendingMeta | undefined;
    for (;;) {
      if (group.count === refs.length) refs.push({ id: '', key: -1, start: 0, end: 0, idRange: EMPTY_RANGE, endPosition: undefined });
      const ref = this.styledVertex(group.count === 0 ? after : undefined, group.count > 0, refs[group.count]!);
      if (!ref) return undefined;
      if (pending) {
        this.applyMeta(pending);
        pending = undefined;
      }
      group.count++;
      if (this.is(T.SHAPE_DATA)) {
        const meta = this.shapeData(ref);
        if (!meta) return undefined;
        if (this.is(T.SPACE)) {
          while (this.is(T.SPACE)) this.advance();
          if (!this.is(T.AMP)) {
            this.fail(this.cur, this.expectMessage("'&' or the end of the line", `the shape data of '${clip(ref.id)}'`));
            return undefined;
          }
          this.advance();
          if (!this.is(T.SPACE)) {
            this.fail(this.cur, this.expectMessage('a space', "'&'"));
            return undefined;
          }
          while (this.is(T.SPACE)) this.advance();
          pending = meta;
          continue;
        }
        group.tail = 'shape';
        group.meta = meta;
        return group;
      }
      if (this.is(T.SPACE)) {
        while (this.is(T.SPACE)) this.advance();
        if (this.is(T.AMP)) {
          this.advance();
          if (!this.is(T.SPACE)) {
            this.fail(this.cur, this.expectMessage('a space', "'&'"));
            return undefined;
          }
          while (this.is(T.SPACE)) this.advance();
          continue;
        }
        group.tail = 'spaces';
        return group;
      }
      group.tail = 'none';
      return group;
    }
  }

  /** `styledVertex`: an id, an optional shape with a label, an optional `:::class`. */
  private styledVertex(after: LinkInfo | undefined, afterAmp: boolean, into: VertexRef): VertexRef | undefined {
    const start = this.cur.start;
    const key = this.idKey();
    if (key < 0) {
      const hint = KEYWORD_NAMES[this.cur.type] ? ` ('${this.textOf(this.cur).trim()}' is a keyword and cannot be a node id)` : '';
      const where = after ? `'${this.code.slice(after.displayStart, after.displayEnd).trim()}'` : afterAmp ? "'&'" : undefined;
      this.fail(this.cur, this.expectMessage('a node id', where) + hint);
      return undefined;
    }
    const idRange = this.range(start, this.lastEnd);
    const idEnd = this.lastEnd;
    const opener = this.cur.type;
    let shape: string | undefined;
    let label: Label | undefined;
    const simple = SIMPLE_SHAPES[opener];
    if (simple) {
      this.advance();
      label = this.label(simple.quoted);
      if (!label || !this.close(simple.close, simple.closeText, simple.open)) return undefined;
      shape = simple.shape;
    } else if (opener === T.PS) {
      this.advance();
      if (this.is(T.PS)) {
        this.advance();
        label = this.label("'(('");
        if (!label || !this.close(T.PE, '))', '((') || !this.close(T.PE, '))', '((')) return undefined;
        shape = 'circle';
      } else {
        label = this.label("'('");
        if (!label || !this.close(T.PE, ')', '(')) return undefined;
        shape = 'round';
      }
    } else if (opener === T.DIAMOND_START) {
      this.advance();
      if (this.is(T.DIAMOND_START)) {
        this.advance();
        label = this.label("'{{'");
        if (!label || !this.close(T.DIAMOND_STOP, '}}', '{{') || !this.close(T.DIAMOND_STOP, '}}', '{{')) return undefined;
        shape = 'hexagon';
      } else {
        label = this.label("'{'");
        if (!label || !this.close(T.DIAMOND_STOP, '}', '{')) return undefined;
        shape = 'diamond';
      }
    } else if (opener === T.TRAPSTART || opener === T.INVTRAPSTART) {
      this.advance();
      const open = opener === T.TRAPSTART ? '[/' : '[\\';
      label = this.label(opener === T.TRAPSTART ? "'[/'" : "'[\\'");
      if (!label) return undefined;
      const c = this.cur.type;
      if (c === T.TRAPEND) shape = opener === T.TRAPSTART ? 'trapezoid' : 'lean_left';
      else if (c === T.INVTRAPEND) shape = opener === T.TRAPSTART ? 'lean_right' : 'inv_trapezoid';
      else {
        this.fail(this.cur, this.expectMessage(`'/]' or '\\]' to close '${open}'`));
        return undefined;
      }
      this.advance();
    } else if (opener === T.VERTEX_WITH_PROPS_START) {
      this.advance();
      if (!this.expectToken(T.NODE_STRING, 'a property name', "'[|'")) return undefined;
      if (!this.expectToken(T.COLON, "':'", 'the property name')) return undefined;
      if (!this.expectToken(T.NODE_STRING, 'a property value', "':'")) return undefined;
      if (!this.expectToken(T.PIPE, "'|'", 'the property value')) return undefined;
      label = this.label("'|'");
      if (!label || !this.close(T.SQE, ']', '[|')) return undefined;
      shape = 'rect';
    }
    this.addVertex(key, idRange, label, shape);
    const vertexId = this.ids.names[key]!;
    if (this.is(T.STYLE_SEPARATOR)) {
      this.advance();
      const cls = this.idString();
      if (!cls) {
        this.fail(this.cur, this.expectMessage('a class name', "':::'"));
        return undefined;
      }
      this.setClass(vertexId, cls.text);
    }
    into.id = vertexId;
    into.key = key;
    into.start = start;
    into.end = this.lastEnd;
    into.idRange = idRange;
    // A bare id ends where the reference ends: an edge can share the id's end position.
    into.endPosition = this.lastEnd === idEnd ? idRange.end : undefined;
    return into;
  }

  private expectToken(type: TokenType, what: string, after: string): boolean {
    if (this.is(type)) {
      this.advance();
      return true;
    }
    return this.fail(this.cur, this.expectMessage(what, after));
  }

  private close(type: TokenType, closeText: string, openText: string): boolean {
    if (this.is(type)) {
      this.advance();
      return true;
    }
    let hint = '';
    const found = this.cur.type;
    if (found === T.STR || found === T.PS || found === T.SQS || found === T.DIAMOND_START || found === T.PE || found === T.SQE || found === T.DIAMOND_STOP) {
      hint = ' (put a label with brackets or quotes inside double quotes: A["..."])';
    }
    return this.fail(this.cur, this.expectMessage(`'${closeText}' to close '${openText}'`) + hint);
  }

  /** `text`: label tokens, or one quoted string, or one markdown string. */
  private label(after: string): Label | undefined {
    return this.labelOf(TEXT_TOKEN, 'string', 'label text', after);
  }

  /**
   * Mermaid's label rules (`text`, `edgeText`, `textNoTags`): a quoted string, a markdown string
   * or a label token, then any number of label tokens. The type comes from the first part.
   */
  private labelOf(tokens: Uint8Array, quotedType: LabelType, what: string, after: string): Label | undefined {
    const first = this.cur.type;
    const start = this.cur.start;
    let type: LabelType;
    if (first === T.STR) type = quotedType;
    else if (first === T.MD_STR) type = 'markdown';
    else if (tokens[first]) type = 'text';
    else {
      this.fail(this.cur, this.expectMessage(what, after));
      return undefined;
    }
    let text = this.advanceText();
    while (tokens[this.cur.type]) text += this.advanceText();
    return { text, type, start, end: this.lastEnd };
  }

  private shapeData(ref: VertexRef): PendingMeta | undefined {
    const start = this.cur.start;
    let raw = '';
    while (this.is(T.SHAPE_DATA)) {
      raw += this.cur.value ?? '';
      this.advance();
    }
    let end = this.lastEnd;
    if (this.code.charCodeAt(end) === 125) end++;
    const parsed = parseShapeData(raw);
    if (!parsed.ok) {
      this.fail({ type: T.SHAPE_DATA, start, end }, `Invalid shape data: ${parsed.message}`);
      return undefined;
    }
    return { ref, entries: parsed.entries, start, end };
  }

  private link(): LinkInfo | undefined {
    let id: string | undefined;
    const linkStart = this.cur.start;
    if (this.cur.type === T.LINK_ID) {
      id = this.textOf(this.cur).replace('@', '');
      this.advance();
      if (!this.is(T.LINK) && !this.is(T.START_LINK)) {
        this.fail(this.cur, this.expectMessage("an arrow such as '-->'", `the edge id '${clip(id)}@'`));
        return undefined;
      }
    }
    // The arrow (or the opening of the link text), kept as offsets past the advances below.
    const arrowStart = this.cur.start;
    if (this.cur.type === T.LINK) {
      this.advance();
      const link = linkInfo(this.arrowInfo(this.lastStart, this.lastEnd), undefined, id, arrowStart, linkStart, this.lastEnd);
      if (this.is(T.PIPE)) {
        this.advance();
        const text = this.label("'|'");
        if (!text) return undefined;
        if (!this.is(T.PIPE)) {
          this.fail(this.cur, this.expectMessage("'|' to close the link text"));
          return undefined;
        }
        this.advance();
        link.text = text;
        link.displayEnd = this.lastEnd;
        if (this.is(T.SPACE)) this.advance();
      }
      link.end = this.lastEnd;
      return link;
    }
    // START_LINK edgeText LINK: `-- text -->`, `== text ==>`, `-. text .->`.
    const opening = this.advanceText();
    const open = opening.trim();
    const text = this.labelOf(EDGE_TEXT_TOKEN, 'string', 'link text', `'${open}'`);
    if (!text) return undefined;
    if (!this.is(T.LINK)) {
      const close = open.endsWith('=') ? '==>' : open.endsWith('.') ? '.->' : '-->';
      this.fail(this.cur, this.expectMessage(`an arrow such as '${close}' to end the link text`));
      return undefined;
    }
    const closing = this.advanceText();
    return linkInfo(destructLink(closing, opening), text, id, arrowStart, linkStart, this.lastEnd);
  }

  /** destructLink for the arrow token at [start, end), remembered per arrow text. */
  private arrowInfo(start: number, end: number): { type: string; stroke: string; length: number } {
    const arrow = this.code.slice(start, end);
    let info = this.arrows.get(arrow);
    if (!info) {
      info = destructLink(arrow);
      // Bounded: arrows vary only in length and spacing, but a pathological text must not grow it.
      if (this.arrows.size < 64) this.arrows.set(arrow, info);
    }
    return info;
  }

  private subgraphHeader(): void {
    this.advance();
    const frame: SubgraphFrame = { keywordStart: this.lastStart, items: [], children: [] };
    if (SEPARATOR[this.cur.type]) {
      // Mermaid reads the id from the title and fails when there is neither.
      this.fail(this.cur, "Expected a subgraph id or title after 'subgraph' (Mermaid rejects a subgraph without one)");
      this.frames.push(frame);
      return;
    }
    if (!this.is(T.SPACE)) {
      this.fail(this.cur, this.expectMessage('a space', "'subgraph'"));
      this.frames.push(frame);
      return;
    }
    this.advance();
    const idLabel = this.labelOf(TEXT_NO_TAGS_TOKEN, 'text', 'a subgraph id or title', "'subgraph'");
    if (!idLabel) {
      this.frames.push(frame);
      return;
    }
    frame.idLabel = idLabel;
    this.frames.push(frame);
    if (this.is(T.SQS)) {
      this.advance();
      const title = this.label("'['");
      if (!title || !this.close(T.SQE, ']', '[')) return;
      frame.title = title;
    }
    this.separator('the subgraph title');
  }

  /** Closes the innermost subgraph at the `end` keyword starting at `endStart` (-1: at the end of input). */
  private closeSubgraph(endStart: number): void {
    const frame = this.frames.pop();
    if (!frame) return;
    const idLabel = frame.idLabel;
    let id: string | undefined = idLabel ? idLabel.text.trim() : undefined;
    const title = frame.title ?? idLabel;
    if (!frame.title && idLabel && /\s/.test(idLabel.text)) id = undefined;
    this.growMarks();
    const stamp = ++this.closed;
    const names = this.ids.names;
    const nodes: string[] = [];
    for (const item of frame.items) {
      const name = names[item]!;
      if (this.seenIn[item] === stamp || name.trim() === '') continue;
      this.seenIn[item] = stamp;
      if (this.inSubgraph[item]) continue;
      // Marked now: a later repeat of the item is caught by the stamp first.
      this.inSubgraph[item] = 1;
      nodes.push(name);
    }
    const resolvedId = id ?? `subGraph${this.subCount}`;
    this.subCount++;
    const titleText = sanitizeLabel(title ? title.text : '').trim();
    const headerRange = idLabel ? this.trimmedRange(idLabel.start, idLabel.end) : this.range(frame.keywordStart, frame.keywordStart + 8);
    const blockEnd = endStart >= 0 ? endStart + 3 : this.code.length;
    const sg: FlowSubgraph = {
      id: resolvedId,
      title: titleText,
      labelType: title ? title.type : 'text',
      nodes,
      range: headerRange,
      blockRange: this.range(frame.keywordStart, blockEnd),
    };
    if (frame.dir !== undefined) sg.dir = frame.dir;
    for (const child of frame.children) child.parent = resolvedId;
    this.subgraphs.push(sg);
    this.subgraphById.set(resolvedId, sg);
    const parent = this.frames[this.frames.length - 1];
    if (parent) {
      parent.items.push(this.ids.of(resolvedId));
      parent.children.push(sg);
    }
  }

  private styleStatement(): void {
    this.advance();
    if (!this.space("'style'")) return;
    const id = this.idString();
    if (!id) {
      this.fail(this.cur, this.expectMessage('a node id', "'style'"));
      return;
    }
    if (!this.space('the node id')) return;
    const styles = this.stylesOpt('the node id');
    if (!styles) return;
    if (!this.separator('the styles')) return;
    this.addVertex(this.ids.of(id.text), this.range(id.start, id.end), undefined, undefined, styles);
  }

  private stylesOpt(after: string): string[] | undefined {
    const styles: string[] = [];
    for (;;) {
      if (!STYLE_COMPONENT[this.cur.type]) {
        this.fail(this.cur, this.expectMessage('a style such as fill:#f9f', styles.length ? "','" : after));
        return undefined;
      }
      let s = '';
      while (STYLE_COMPONENT[this.cur.type]) s += this.advanceText();
      styles.push(s);
      if (!this.is(T.COMMA)) return styles;
      this.advance();
    }
  }

  private linkStyleStatement(): void {
    this.advance();
    if (!this.space("'linkStyle'")) return;
    const positions: Token[] = [];
    if (this.is(T.DEFAULT)) {
      this.advance();
    } else if (this.is(T.NUM)) {
      positions.push(this.snapshot());
      this.advance();
      while (this.is(T.COMMA)) {
        this.advance();
        if (!this.is(T.NUM)) {
          this.fail(this.cur, this.expectMessage('a link number', "','"));
          return;
        }
        positions.push(this.snapshot());
        this.advance();
      }
    } else {
      this.fail(this.cur, this.expectMessage("'default' or link numbers such as 0,1", "'linkStyle'"));
      return;
    }
    if (!this.space('the link numbers')) return;
    if (this.is(T.INTERPOLATE)) {
      this.advance();
      if (!this.space("'interpolate'")) return;
      if (!ALPHA_NUM_TOKEN[this.cur.type]) {
        this.fail(this.cur, this.expectMessage('a curve name such as basis', "'interpolate'"));
        return;
      }
      while (ALPHA_NUM_TOKEN[this.cur.type]) this.advance();
      if (this.is(T.SPACE)) {
        this.advance();
        if (!this.stylesOpt('the curve name')) return;
      }
    } else if (!this.stylesOpt('the link numbers')) {
      return;
    }
    if (!this.separator('the styles')) return;
    for (const p of positions) {
      const text = this.textOf(p);
      if (!/^(0|[1-9][0-9]*)$/.test(text) || Number(text) >= this.edges.length) {
        const count = this.edges.length;
        this.errors.push(
          syntax(
            `linkStyle ${text} is out of range: ${count === 0 ? 'no links are defined before it' : `links defined before it are numbered 0 to ${count - 1}`}`,
            this.range(p.start, p.end),
          ),
        );
      }
    }
  }

  private classDefStatement(): void {
    this.advance();
    if (!this.space("'classDef'")) return;
    const ids = this.idString();
    if (!ids) {
      this.fail(this.cur, this.expectMessage('a class name', "'classDef'"));
      return;
    }
    if (!this.space('the class name')) return;
    const styles = this.stylesOpt('the class name');
    if (!styles) return;
    if (!this.separator('the styles')) return;
    const split = styles
      .join()
      .replace(/\\,/g, '\u00A7\u00A7\u00A7')
      .replace(/,/g, ';')
      .replace(/\u00A7\u00A7\u00A7/g, ',')
      .split(';');
    const range = this.range(ids.start, ids.end);
    for (const id of ids.text.split(',')) {
      const existing = this.classDefs.get(id);
      if (existing) existing.styles.push(...split);
      else this.classDefs.set(id, { id, styles: [...split], range });
    }
  }

  private classStatement(): void {
    this.advance();
    if (!this.space("'class'")) return;
    const ids = this.idString();
    if (!ids) {
      this.fail(this.cur, this.expectMessage('node ids', "'class'"));
      return;
    }
    if (!this.space('the node ids')) return;
    const cls = this.idString();
    if (!cls) {
      this.fail(this.cur, this.expectMessage('a class name', 'the node ids'));
      return;
    }
    if (!this.separator('the class name')) return;
    this.setClass(ids.text, cls.text);
  }

  private clickStatement(): void {
    const clickStart = this.cur.start;
    const ids = this.advanceText();
    const t = this.cur;
    if (t.type === T.CALLBACKNAME) {
      this.advance();
      if (this.is(T.CALLBACKARGS)) this.advance();
      if (this.is(T.SPACE) && !this.tooltip()) return;
    } else if (t.type === T.HREF) {
      this.advance();
      if (!this.expectToken(T.STR, 'a quoted link', "'href'")) return;
      if (this.is(T.SPACE) && !this.tooltipAndTarget()) return;
    } else if (t.type === T.STR) {
      this.advance();
      if (this.is(T.SPACE) && !this.tooltipAndTarget()) return;
    } else if (ALPHA_NUM_TOKEN[t.type]) {
      while (ALPHA_NUM_TOKEN[this.cur.type]) this.advance();
      if (this.is(T.SPACE) && !this.tooltip()) return;
    } else {
      this.fail(t, this.expectMessage("a callback name, 'call', 'href' or a quoted link", `'click ${clip(ids)}'`));
      return;
    }
    // The keyword itself gives no token: the statement starts at `click` before the id.
    let start = clickStart;
    while (start > 0 && isSpaceCode(this.code.charCodeAt(start - 1))) start--;
    if (this.code.startsWith('click', start - 5)) start -= 5;
    const end = this.cur.start;
    if (!this.separator('the click action')) return;
    this.setClass(ids, 'clickable');
    this.clicks.push({ ids: ids.split(','), range: this.trimmedRange(start, end) });
  }

  private tooltip(): boolean {
    this.advance();
    return this.expectToken(T.STR, 'a quoted tooltip', 'the callback');
  }

  private tooltipAndTarget(): boolean {
    this.advance();
    if (this.is(T.LINK_TARGET)) {
      this.advance();
      return true;
    }
    if (!this.expectToken(T.STR, 'a quoted tooltip or a link target such as _blank', 'the link')) return false;
    if (this.is(T.SPACE)) {
      this.advance();
      return this.expectToken(T.LINK_TARGET, 'a link target such as _blank', 'the tooltip');
    }
    return true;
  }

  // ---- Mermaid's flowchart database ----

  /** Mermaid's addVertex, for an interned id (the vertex keeps the interned string). */
  private addVertex(key: number, idRange: Range, label: Label | undefined, shape: string | undefined, styles?: string[]): void {
    const id = this.ids.names[key]!;
    // Ids are made of tokens that are never blank, which is all Mermaid's emptiness check guards.
    if (this.hasEdgeId(id)) return;
    let v = this.vertexOf(key);
    if (!v) {
      // Every field declared up front: one object layout for all vertices, no property store
      // grown when a label or shape arrives later (JSON output leaves the undefined ones out).
      v = { id, labelType: 'text', classes: NO_STRINGS, styles: NO_STRINGS, range: idRange, occurrences: [], text: undefined, labelRange: undefined, shape: undefined };
      this.vertices.push(v);
      if (key >= this.vertexAt.length) this.vertexAt = grown(this.vertexAt, this.ids.size);
      this.vertexAt[key] = this.vertices.length;
    }
    v.occurrences.push(idRange);
    if (label) {
      let txt = sanitizeLabel(label.text.trim());
      if (txt.startsWith('"') && txt.endsWith('"') && txt.length >= 2) txt = txt.substring(1, txt.length - 1);
      v.text = txt;
      v.labelType = label.type;
      if (this.labelRanges) v.labelRange = this.trimmedRange(label.start, label.end);
    }
    if (shape !== undefined) v.shape = shape;
    if (styles && styles.length > 0) v.styles = v.styles === NO_STRINGS ? styles.slice() : v.styles.concat(styles);
  }

  /** The vertex of an interned id, if it is one. */
  private vertexOf(key: number): FlowVertex | undefined {
    const at = key < this.vertexAt.length ? this.vertexAt[key]! : 0;
    return at === 0 ? undefined : this.vertices[at - 1];
  }

  /** Sizes the per-id marks to every id interned so far. */
  private growMarks(): void {
    const n = this.ids.size;
    if (this.inSubgraph.length < n) this.inSubgraph = grown(this.inSubgraph, n);
    if (this.seenIn.length < n) this.seenIn = grown(this.seenIn, n);
  }

  /** Shape data after a vertex: `A@{ shape: cyl, label: "DB" }`. */
  private applyMeta(meta: PendingMeta): void {
    const id = meta.ref.id;
    if (id.trim().length === 0) return;
    const sg = this.subgraphById.get(id);
    if (sg) return;
    if (this.hasEdgeId(id)) return;
    const v = this.vertexOf(meta.ref.key);
    if (!v) return;
    const get = (k: string): ShapeDataEntry | undefined => meta.entries.get(k);
    const shape = get('shape')?.value;
    if (shape !== undefined && shape !== null && shape !== false && shape !== '' && shape !== 0) {
      const name = String(shape);
      const problem = typeof shape === 'string' ? checkShapeName(name) : `Shape names are words, found ${name}`;
      if (problem) {
        this.errors.push(syntax(problem, this.shapeValueRange(meta, name)));
        return;
      }
      v.shape = name;
    }
    const label = get('label')?.value;
    if (label !== undefined && label !== null && label !== false && label !== '' && label !== 0) {
      v.text = typeof label === 'string' ? label : JSON.stringify(label);
      const lt = get('labelType')?.value;
      v.labelType = lt === 'markdown' || lt === 'string' || lt === 'text' ? lt : 'markdown';
      if (this.labelRanges) v.labelRange = this.shapeValueRange(meta, v.text);
    }
    const emptyLabel = label === undefined || label === null || (typeof label === 'string' && label.trim() === '');
    for (const k of ['icon', 'img']) {
      const x = get(k)?.value;
      if (x !== undefined && x !== null && x !== false && x !== '' && x !== 0 && emptyLabel && (v.text === undefined || v.text === id)) {
        v.text = '';
      }
    }
  }

  private shapeValueRange(meta: PendingMeta, value: string): Range {
    const slice = this.code.slice(meta.start, meta.end);
    const at = value ? slice.indexOf(value) : -1;
    if (at >= 0) return this.range(meta.start + at, meta.start + at + value.length);
    return this.range(meta.start, meta.end);
  }

  /**
   * The position after a reference's last character: the end of `range(ref.end - 1, ref.end)`,
   * without the range and start position that call would allocate and drop.
   */
  private endOf(ref: VertexRef): Position {
    return (ref.endPosition ??= this.prepared.lines.positionAt(this.prepared.code.origin(Math.min(ref.end, this.code.length) - 1) + 1));
  }

  private setClass(ids: string, className: string): void {
    if (ids.indexOf(',') < 0) {
      const key = this.ids.find(ids);
      if (key >= 0) this.addClass(key, className);
      return;
    }
    for (const id of ids.split(',')) {
      const key = this.ids.find(id);
      if (key >= 0) this.addClass(key, className);
    }
  }

  private addClass(key: number, className: string): void {
    const v = this.vertexOf(key);
    if (!v) return;
    if (v.classes === NO_STRINGS) v.classes = [className];
    else v.classes.push(className);
  }

  private addLink(from: NodeGroup, to: NodeGroup, link: LinkInfo): void {
    const lastStart = from.refs[from.count - 1]!.id;
    const firstEnd = to.refs[0]!.id;
    for (let i = 0; i < from.count; i++) {
      const s = from.refs[i]!;
      for (let j = 0; j < to.count; j++) {
        const e = to.refs[j]!;
        const useId = s.id === lastStart && e.id === firstEnd ? link.id : undefined;
        this.addSingleLink(s, e, link, useId);
      }
    }
  }

  private addSingleLink(s: VertexRef, e: VertexRef, link: LinkInfo, id: string | undefined): void {
    let text = '';
    let labelType: LabelType = 'text';
    if (link.text) {
      if (link.storedText === undefined) {
        let t = sanitizeLabel(link.text.text.trim());
        if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) t = t.substring(1, t.length - 1);
        link.storedText = t;
      }
      text = link.storedText;
      labelType = link.text.type;
    }
    const count = this.pairCount.next(s.key, e.key);
    let edgeId: string;
    let userDefined = false;
    if (id && !this.hasEdgeId(id)) {
      edgeId = id;
      userDefined = true;
    } else {
      // join makes one flat string; a template literal makes a chain of five cons strings,
      // three times the memory for every edge of the diagram (parse-speed.md).
      edgeId = ['L_', s.id, '_', e.id, '_', count === 0 ? 0 : count + 1].join('');
    }
    const edge: FlowEdge = {
      id: edgeId,
      isUserDefinedId: userDefined,
      start: s.id,
      end: e.id,
      text,
      labelType,
      type: link.type,
      stroke: link.stroke,
      length: Math.min(link.length, 10),
      // Positions are shared with the vertex references: ranges in the tree are read-only.
      range: s.start <= e.start ? { start: s.idRange.start, end: this.endOf(e.end >= s.end ? e : s) } : this.range(e.start, s.end),
      linkRange: this.labelRanges ? (link.linkRange ??= this.trimmedRange(link.start, link.end)) : undefined,
      labelRange: link.text && this.labelRanges ? (link.labelRange ??= this.trimmedRange(link.text.start, link.text.end)) : undefined,
    };
    this.edges.push(edge);
    if (userDefined) this.userEdgeIds.add(edgeId);
    else this.generatedEdgeIds?.add(edgeId);
  }

  /** Whether an edge has this id (Mermaid looks edges up by id before creating a node). */
  private hasEdgeId(id: string): boolean {
    if (this.userEdgeIds.size > 0 && this.userEdgeIds.has(id)) return true;
    if (!id.startsWith('L_')) return false;
    if (!this.generatedEdgeIds) {
      this.generatedEdgeIds = new Set();
      for (const e of this.edges) if (!e.isUserDefinedId) this.generatedEdgeIds.add(e.id);
    }
    return this.generatedEdgeIds.has(id);
  }
}

const DIRECTION_VALUES = ['TB', 'BT', 'RL', 'LR', 'TD'] as const;

const CLOSERS: Record<string, string> = {
  '[': ']',
  '(': ')',
  '{': '}',
  '((': '))',
  '(((': ')))',
  '([': '])',
  '[[': ']]',
  '[(': ')]',
  '[/': '/] or \\]',
  '[\\': '\\] or /]',
  '(-': '-)',
  '{{': '}}',
  '|': '|',
  '"': '"',
  '`': '`"',
  '>': ']',
  '--': '-->',
  '==': '==>',
  '-.': '.->',
  '@{': '}',
};

/** Mermaid's setDirection: `<` is RL, `^` BT, `>` LR, `v` TB, TD is TB. */
export function normalizeDirection(raw: string): string {
  let d = raw.trim();
  if (d.includes('<')) d = 'RL';
  if (d.includes('^')) d = 'BT';
  if (d.includes('>')) d = 'LR';
  if (d.includes('v')) d = 'TB';
  if (d === 'TD') d = 'TB';
  return d;
}

/** Mermaid's destructLink: arrow type, stroke and length from the link text. */
export function destructLink(link: string, startLink?: string): { type: string; stroke: string; length: number } {
  const info = destructEndLink(link);
  if (startLink === undefined) return info;
  let str = startLink.trim();
  let type = 'arrow_open';
  switch (str[0]) {
    case '<':
      type = 'arrow_point';
      str = str.slice(1);
      break;
    case 'x':
      type = 'arrow_cross';
      str = str.slice(1);
      break;
    case 'o':
      type = 'arrow_circle';
      str = str.slice(1);
      break;
  }
  let stroke = 'normal';
  if (str.includes('=')) stroke = 'thick';
  if (str.includes('.')) stroke = 'dotted';
  if (stroke !== info.stroke) return { type: 'INVALID', stroke: 'INVALID', length: info.length };
  if (type === 'arrow_open') type = info.type;
  else {
    if (type !== info.type) return { type: 'INVALID', stroke: 'INVALID', length: info.length };
    type = 'double_' + type;
  }
  if (type === 'double_arrow') type = 'double_arrow_point';
  return { type, stroke, length: info.length };
}

function destructEndLink(raw: string): { type: string; stroke: string; length: number } {
  const str = raw.trim();
  let line = str.slice(0, -1);
  let type = 'arrow_open';
  switch (str.slice(-1)) {
    case 'x':
      type = 'arrow_cross';
      if (str.startsWith('x')) {
        type = 'double_' + type;
        line = line.slice(1);
      }
      break;
    case '>':
      type = 'arrow_point';
      if (str.startsWith('<')) {
        type = 'double_' + type;
        line = line.slice(1);
      }
      break;
    case 'o':
      type = 'arrow_circle';
      if (str.startsWith('o')) {
        type = 'double_' + type;
        line = line.slice(1);
      }
      break;
  }
  let stroke = 'normal';
  let length = line.length - 1;
  if (line.startsWith('=')) stroke = 'thick';
  if (line.startsWith('~')) stroke = 'invisible';
  let dots = 0;
  for (let i = 0; i < line.length; i++) if (line[i] === '.') dots++;
  if (dots) {
    stroke = 'dotted';
    length = dots;
  }
  return { type, stroke, length };
}


/** A copy of `a` with room for at least `n` elements. */
function grown<A extends Int32Array | Uint8Array>(a: A, n: number): A {
  let size = a.length * 2;
  while (size < n) size *= 2;
  const b = new (a.constructor as new (n: number) => A)(size);
  b.set(a);
  return b;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > MAX_TEXT_IN_MESSAGE ? `${one.slice(0, MAX_TEXT_IN_MESSAGE - 1)}…` : one;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;
}
