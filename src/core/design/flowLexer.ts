/**
 * The flowchart lexer, token for token what Mermaid's (jison) flowchart lexer produces:
 * the same start conditions, the same rules tried in the same order, first match wins.
 * Whether a diagram is accepted hinges on its quirks (a line containing "direction LR"
 * anywhere is one token; `o-->` at a token start is an arrow), so they are kept. Unlike the
 * regexes it mirrors, every rule here runs in time linear in what it consumes: the rules that
 * backtrack over a line (`.*direction...`, `[^\s"]+@`, `\s*` before arrows) use per-line and
 * per-run results computed once.
 */
import { isJsSpace, isLineTerminator, isWordChar } from './sourceText';

export const T = {
  END: 0, // jison's $end: no more input
  EOF: 1, // the EOF token Mermaid's grammar uses as a statement separator
  NEWLINE: 2,
  SPACE: 3,
  SEMI: 4,
  COMMA: 5,
  AMP: 6,
  COLON: 7,
  STYLE_SEPARATOR: 8,
  MULT: 9,
  BRKT: 10,
  NUM: 11,
  NODE_STRING: 12,
  MINUS: 13,
  UNICODE_TEXT: 14,
  DOWN: 15,
  UP: 16,
  TAGSTART: 17,
  TAGEND: 18,
  SEP: 19,
  LINK: 20,
  START_LINK: 21,
  EDGE_TEXT: 22,
  LINK_ID: 23,
  STR: 24,
  MD_STR: 25,
  PIPE: 26,
  PS: 27,
  PE: 28,
  SQS: 29,
  SQE: 30,
  DIAMOND_START: 31,
  DIAMOND_STOP: 32,
  ELLIPSE_START: 33,
  ELLIPSE_END: 34,
  STADIUMSTART: 35,
  STADIUMEND: 36,
  SUBROUTINESTART: 37,
  SUBROUTINEEND: 38,
  VERTEX_WITH_PROPS_START: 39,
  CYLINDERSTART: 40,
  CYLINDEREND: 41,
  DOUBLECIRCLESTART: 42,
  DOUBLECIRCLEEND: 43,
  TRAPSTART: 44,
  INVTRAPSTART: 45,
  TRAPEND: 46,
  INVTRAPEND: 47,
  TEXT: 48,
  SHAPE_DATA: 49,
  STYLE: 50,
  DEFAULT: 51,
  LINKSTYLE: 52,
  INTERPOLATE: 53,
  CLASSDEF: 54,
  CLASS: 55,
  HREF: 56,
  CLICK: 57,
  CALLBACKNAME: 58,
  CALLBACKARGS: 59,
  LINK_TARGET: 60,
  GRAPH: 61,
  NODIR: 62,
  DIR: 63,
  SUBGRAPH: 64,
  END_KW: 65,
  DIRECTION_TB: 66,
  DIRECTION_BT: 67,
  DIRECTION_RL: 68,
  DIRECTION_LR: 69,
  DIRECTION_TD: 70,
  ACC_TITLE: 71,
  ACC_TITLE_VALUE: 72,
  ACC_DESCR: 73,
  ACC_DESCR_VALUE: 74,
  ACC_DESCR_MULTILINE_VALUE: 75,
  /** No rule matches here: Mermaid reports a lexical error. */
  LEX_ERROR: 76,
} as const;

export type TokenType = (typeof T)[keyof typeof T];

export interface Token {
  type: TokenType;
  /** Offsets into the lexed text. */
  start: number;
  end: number;
  /** For SHAPE_DATA: the value Mermaid gives the token (`@{` is empty, strings have line breaks as `<br/>`). */
  value?: string | undefined;
}

const S = {
  INITIAL: 0,
  STRING: 1,
  MD_STRING: 2,
  ACC_TITLE: 3,
  ACC_DESCR: 4,
  ACC_DESCR_ML: 5,
  DIR: 6,
  TEXT: 7,
  ELLIPSE_TEXT: 8,
  TRAP_TEXT: 9,
  EDGE_TEXT: 10,
  THICK_EDGE_TEXT: 11,
  DOTTED_EDGE_TEXT: 12,
  CLICK: 13,
  CALLBACKNAME: 14,
  CALLBACKARGS: 15,
  SHAPE_DATA: 16,
  SHAPE_DATA_STR: 17,
} as const;
type State = (typeof S)[keyof typeof S];

/** The letters Mermaid's lexer accepts one at a time as UNICODE_TEXT (start, length - 1; hex). */
const UNICODE_RANGES =
  'aa,0,b5,0,ba,0,c0,16,d8,1e,f8,1c9,2c6,b,2e0,4,2ec,0,2ee,0,370,4,376,1,37a,3,386,0,388,2,' +
  '38c,0,38e,13,3a3,52,3f7,8a,48a,9d,531,25,559,0,561,26,5d0,1a,5f0,2,620,2a,66e,1,671,62,6d5,0,' +
  '6e5,1,6ee,1,6fa,2,6ff,0,710,0,712,1d,74d,58,7b1,0,7ca,20,7f4,1,7fa,0,800,15,81a,0,824,0,' +
  '828,0,840,18,8a0,0,8a2,a,904,35,93d,0,950,0,958,9,971,6,979,6,985,7,98f,1,993,15,9aa,6,9b2,0,' +
  '9b6,3,9bd,0,9ce,0,9dc,1,9df,2,9f0,1,a05,5,a0f,1,a13,15,a2a,6,a32,1,a35,1,a38,1,a59,3,a5e,0,' +
  'a72,2,a85,8,a8f,2,a93,15,aaa,6,ab2,1,ab5,4,abd,0,ad0,0,ae0,1,b05,7,b0f,1,b13,15,b2a,6,b32,1,' +
  'b35,4,b3d,0,b5c,1,b5f,2,b71,0,b83,0,b85,5,b8e,2,b92,3,b99,1,b9c,0,b9e,1,ba3,1,ba8,2,bae,b,' +
  'bd0,0,c05,7,c0e,2,c12,16,c2a,9,c35,4,c3d,0,c58,1,c60,1,c85,7,c8e,2,c92,16,caa,9,cb5,4,cbd,0,' +
  'cde,0,ce0,1,cf1,1,d05,7,d0e,2,d12,28,d3d,0,d4e,0,d60,1,d7a,5,d85,11,d9a,17,db3,8,dbd,0,dc0,6,' +
  'e01,2f,e32,1,e40,6,e81,1,e84,0,e87,1,e8a,0,e8d,0,e94,3,e99,6,ea1,2,ea5,0,ea7,0,eaa,1,ead,3,' +
  'eb2,1,ebd,0,ec0,4,ec6,0,edc,3,f00,0,f40,7,f49,23,f88,4,1000,2a,103f,0,1050,5,105a,3,1061,0,' +
  '1065,1,106e,2,1075,c,108e,0,10a0,25,10c7,0,10cd,0,10d0,2a,10fc,14c,124a,3,1250,6,1258,0,' +
  '125a,3,1260,28,128a,3,1290,20,12b2,3,12b8,6,12c0,0,12c2,3,12c8,e,12d8,38,1312,3,1318,42,' +
  '1380,f,13a0,54,1401,26b,166f,10,1681,19,16a0,4a,1700,c,170e,3,1720,11,1740,11,1760,c,176e,2,' +
  '1780,33,17d7,0,17dc,0,1820,57,1880,28,18aa,0,18b0,45,1900,1c,1950,1d,1970,4,1980,2b,19c1,6,' +
  '1a00,16,1a20,34,1aa7,0,1b05,2e,1b45,6,1b83,1d,1bae,1,1bba,2b,1c00,23,1c4d,2,1c5a,23,1ce9,3,' +
  '1cee,3,1cf5,1,1d00,bf,1e00,115,1f18,5,1f20,25,1f48,5,1f50,7,1f59,0,1f5b,0,1f5d,0,1f5f,1e,' +
  '1f80,34,1fb6,6,1fbe,0,1fc2,2,1fc6,6,1fd0,3,1fd6,5,1fe0,c,1ff2,2,1ff6,6,2071,0,207f,0,2090,c,' +
  '2102,0,2107,0,210a,9,2115,0,2119,4,2124,0,2126,0,2128,0,212a,3,212f,a,213c,3,2145,4,214e,0,' +
  '2183,1,2c00,2e,2c30,2e,2c60,84,2ceb,3,2cf2,1,2d00,25,2d27,0,2d2d,0,2d30,37,2d6f,0,2d80,16,' +
  '2da0,6,2da8,6,2db0,6,2db8,6,2dc0,6,2dc8,6,2dd0,6,2dd8,6,2e2f,0,3005,1,3031,4,303b,1,3041,55,' +
  '309d,2,30a1,59,30fc,3,3105,28,3131,5d,31a0,1a,31f0,f,3400,19b5,4e00,51cc,a000,48c,a4d0,2d,' +
  'a500,10c,a610,f,a62a,1,a640,2e,a67f,18,a6a0,45,a717,8,a722,66,a78b,3,a790,3,a7a0,a,a7f8,9,' +
  'a803,2,a807,3,a80c,16,a840,33,a882,31,a8f2,5,a8fb,0,a90a,1b,a930,16,a960,1c,a984,2e,a9cf,0,' +
  'aa00,28,aa40,2,aa44,7,aa60,16,aa7a,0,aa80,2f,aab1,0,aab5,1,aab9,4,aac0,0,aac2,0,aadb,2,' +
  'aae0,a,aaf2,2,ab01,5,ab09,5,ab11,5,ab20,6,ab28,6,abc0,22,ac00,2ba3,d7b0,16,d7cb,30,f900,16d,' +
  'fa70,69,fb00,6,fb13,4,fb1d,0,fb1f,9,fb2a,c,fb38,4,fb3e,0,fb40,1,fb43,1,fb46,6b,fbd3,16a,' +
  'fd50,3f,fd92,35,fdf0,b,fe70,4,fe76,86,ff21,19,ff41,19,ff66,58,ffc2,5,ffca,5,ffd2,5,ffda,2';

const unicodeText = buildUnicodeTable();

function buildUnicodeTable(): Uint8Array {
  const table = new Uint8Array(65536);
  const parts = UNICODE_RANGES.split(',');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const lo = parseInt(parts[i]!, 16);
    const hi = lo + parseInt(parts[i + 1]!, 16);
    table.fill(1, lo, hi + 1);
  }
  return table;
}

/** `[A-Za-z0-9!"#$%&'*+.`?\\_/]`: characters of NODE_STRING besides the conditional `-`. */
function isNodeStringChar(c: number): boolean {
  if (c >= 97 && c <= 122) return true; // a-z
  if (c >= 65 && c <= 90) return true; // A-Z
  if (c >= 48 && c <= 57) return true; // 0-9
  switch (c) {
    case 33: // !
    case 34: // "
    case 35: // #
    case 36: // $
    case 37: // %
    case 38: // &
    case 39: // '
    case 42: // *
    case 43: // +
    case 46: // .
    case 96: // `
    case 63: // ?
    case 92: // \
    case 95: // _
    case 47: // /
      return true;
  }
  return false;
}

/** Characters a link can begin with after its leading whitespace: `x`, `o`, `<`, `-`, `=`, `.`, `~`. */
function mayStartLink(c: number): boolean {
  return c === 45 || c === 61 || c === 46 || c === 126 || c === 120 || c === 111 || c === 60;
}

const DIRECTION_KINDS = ['TB', 'BT', 'RL', 'LR', 'TD'] as const;
const DIRECTION_TOKENS = [T.DIRECTION_TB, T.DIRECTION_BT, T.DIRECTION_RL, T.DIRECTION_LR, T.DIRECTION_TD] as const;

/**
 * The lexer is its own token: `next()` overwrites `type`, `start`, `end` and `value` in place,
 * so lexing allocates nothing per token (an object per token was about 9 MB per 10,000-node
 * parse, most of it alive until the parse returns). Read the fields before the next call; a
 * caller that needs a token later keeps the numbers, not the lexer.
 */
export class FlowLexer implements Token {
  type: TokenType = T.END;
  start = 0;
  end = 0;
  value: string | undefined = undefined;

  private readonly n: number;
  private pos = 0;
  private states: State[] = [S.INITIAL];
  /** Where each pushed state began (for error messages about unclosed brackets and strings). */
  private statePos: number[] = [0];
  private done = false;
  private firstGraph = true;

  // Caches that keep backtracking rules linear.
  private wsFrom = -1;
  private wsTo = -1;
  private segFrom = -1;
  private segTo = -1;
  private readonly dirAt = [-1, -1, -1, -1, -1];
  private readonly dirEnd = [0, 0, 0, 0, 0];
  private runFrom = -1;
  private runTo = -1;
  private runLastAt = -1;
  /** The first `@` at or after `atFrom` (-1: none). */
  private nextAt = -1;
  private atFrom = Number.MAX_SAFE_INTEGER;
  private nextDirection: number;
  /** No line terminator but `\n` in the text: line ends can be found with `indexOf`. */
  private readonly onlyLf: boolean;

  constructor(readonly text: string) {
    this.n = text.length;
    this.nextDirection = text.indexOf('direction');
    this.onlyLf = !/[\r\u2028\u2029]/.test(text);
  }

  /** Restarts at `pos` in the initial state (error recovery). */
  reset(pos: number): void {
    this.pos = Math.min(pos, this.n);
    if (this.pos < this.segFrom) this.nextDirection = this.text.indexOf('direction', this.pos);
    this.states = [S.INITIAL];
    this.statePos = [this.pos];
    this.done = false;
  }

  get offset(): number {
    return this.pos;
  }

  /** Depth of pushed states (0 in the initial state). */
  get depth(): number {
    return this.states.length - 1;
  }

  /** Where the outermost pushed state began, or -1 in the initial state. */
  get outerOpening(): number {
    return this.states.length > 1 ? this.statePos[1]! : -1;
  }

  private get state(): State {
    return this.states[this.states.length - 1]!;
  }

  private push(state: State, at: number): void {
    this.states.push(state);
    this.statePos.push(at);
  }

  private pop(): void {
    if (this.states.length > 1) {
      this.states.pop();
      this.statePos.pop();
    }
  }

  /** Makes the lexer's fields the token [start, end) and moves past it; the rules return the lexer itself. */
  private tok(type: TokenType, start: number, end: number): Token {
    this.pos = end;
    this.type = type;
    this.start = start;
    this.end = end;
    this.value = undefined;
    return this;
  }

  /** Reads the next token into `type`, `start`, `end` and `value`; returns its type. */
  next(): TokenType {
    for (;;) {
      if (this.done) return this.endOfInput();
      const p = this.pos;
      if (p >= this.n) this.done = true;
      if (this.rule(p)) return this.type;
      if (this.pos === p && p >= this.n) return this.endOfInput();
      if (this.pos === p) {
        // A rule without a token that consumed nothing cannot happen; guard against looping.
        return this.lexError(p).type;
      }
    }
  }

  private endOfInput(): TokenType {
    this.type = T.END;
    this.start = this.n;
    this.end = this.n;
    this.value = undefined;
    return T.END;
  }

  private lexError(p: number): Token {
    const c = this.text.charCodeAt(p);
    const len = c >= 0xd800 && c <= 0xdbff && p + 1 < this.n ? 2 : 1;
    return this.tok(T.LEX_ERROR, p, p + len);
  }

  /** One jison `next()` step: a token, or null when a rule matched without producing one. */
  private rule(p: number): Token | null {
    switch (this.state) {
      case S.INITIAL:
        return this.initial(p);
      case S.STRING:
        return this.stringState(p);
      case S.MD_STRING:
        return this.mdString(p);
      case S.ACC_TITLE:
      case S.ACC_DESCR: {
        let e = p;
        while (e < this.n && this.text.charCodeAt(e) !== 10) e++;
        const type = this.state === S.ACC_TITLE ? T.ACC_TITLE_VALUE : T.ACC_DESCR_VALUE;
        this.pop();
        return this.tok(type, p, e);
      }
      case S.ACC_DESCR_ML: {
        if (this.text.charCodeAt(p) === 125) {
          this.pop();
          this.pos = p + 1;
          return null;
        }
        let e = p;
        while (e < this.n && this.text.charCodeAt(e) !== 125) e++;
        return this.tok(T.ACC_DESCR_MULTILINE_VALUE, p, e);
      }
      case S.DIR:
        return this.dirState(p);
      case S.TEXT:
        return this.textState(p);
      case S.ELLIPSE_TEXT:
        return this.ellipseText(p);
      case S.TRAP_TEXT:
        return this.trapText(p);
      case S.EDGE_TEXT:
      case S.THICK_EDGE_TEXT:
      case S.DOTTED_EDGE_TEXT:
        return this.edgeText(p);
      case S.CLICK:
        return this.clickState(p);
      case S.CALLBACKNAME:
        return this.callbackName(p);
      case S.CALLBACKARGS:
        return this.callbackArgs(p);
      case S.SHAPE_DATA:
        return this.shapeData(p);
      case S.SHAPE_DATA_STR:
        return this.shapeDataStr(p);
    }
  }

  // ---- character helpers ----

  private code(i: number): number {
    return i < this.n ? this.text.charCodeAt(i) : -1;
  }

  private at(i: number, s: string): boolean {
    return this.text.startsWith(s, i);
  }

  /** `s` then a word boundary (the keyword's last character is a word character). */
  private keyword(i: number, s: string): boolean {
    return this.text.startsWith(s, i) && !isWordChar(this.code(i + s.length));
  }

  /** End of the run of `\s` starting at i (i itself when none). */
  private wsEnd(i: number): number {
    if (i >= this.wsFrom && i < this.wsTo) return this.wsTo;
    let e = i;
    while (e < this.n && isJsSpace(this.text.charCodeAt(e))) e++;
    if (e > i) {
      this.wsFrom = i;
      this.wsTo = e;
    }
    return e;
  }

  // ---- rules shared by every state (jison's <*> rules), by rule number ----

  /** 21: "` begins a markdown string; 24: " begins a string. */
  private quoteRules(p: number, c: number): Token | null | undefined {
    if (c !== 34) return undefined;
    if (this.code(p + 1) === 96) {
      this.push(S.MD_STRING, p);
      this.pos = p + 2;
      return null;
    }
    this.push(S.STRING, p);
    this.pos = p + 1;
    return null;
  }

  /** 79: `\s*~~~+\s*` is an invisible link in every state. */
  private tildeLink(p: number): Token | undefined {
    const w = this.wsEnd(p);
    if (this.code(w) !== 126 || this.code(w + 1) !== 126 || this.code(w + 2) !== 126) return undefined;
    let e = w + 3;
    while (this.code(e) === 126) e++;
    return this.tok(T.LINK, p, this.wsEnd(e));
  }

  /** 82 `(-`, 84 `([`, 86 `[[`, 90 `[(`, 92 `(((`: openers that push a label state. */
  private openers1(p: number, c: number): Token | undefined {
    if (c === 40) {
      const d = this.code(p + 1);
      if (d === 45) return this.open(S.ELLIPSE_TEXT, T.ELLIPSE_START, p, 2);
      if (d === 91) return this.open(S.TEXT, T.STADIUMSTART, p, 2);
    } else if (c === 91) {
      const d = this.code(p + 1);
      if (d === 91) return this.open(S.TEXT, T.SUBROUTINESTART, p, 2);
      if (d === 40) return this.open(S.TEXT, T.CYLINDERSTART, p, 2);
    }
    if (c === 40 && this.code(p + 1) === 40 && this.code(p + 2) === 40) return this.open(S.TEXT, T.DOUBLECIRCLESTART, p, 3);
    return undefined;
  }

  /** 96 `[/`, 97 `[\`. */
  private trapOpeners(p: number, c: number): Token | undefined {
    if (c !== 91) return undefined;
    const d = this.code(p + 1);
    if (d === 47) return this.open(S.TRAP_TEXT, T.TRAPSTART, p, 2);
    if (d === 92) return this.open(S.TRAP_TEXT, T.INVTRAPSTART, p, 2);
    return undefined;
  }

  /** 110 `|`, 112 `(`, 114 `[`, 116 `{`: push the text state. */
  private simpleOpeners(p: number, c: number): Token | undefined {
    switch (c) {
      case 124:
        return this.open(S.TEXT, T.PIPE, p, 1);
      case 40:
        return this.open(S.TEXT, T.PS, p, 1);
      case 91:
        return this.open(S.TEXT, T.SQS, p, 1);
      case 123:
        return this.open(S.TEXT, T.DIAMOND_START, p, 1);
    }
    return undefined;
  }

  private open(state: State, type: TokenType, p: number, len: number): Token {
    this.push(state, p);
    return this.tok(type, p, p + len);
  }

  /** The shared rules after a state's own: 79, 82, 84, 86, 90, 92, 96, 97, 110, 112, 114, 116. */
  private commonTail(p: number, c: number): Token | undefined {
    return this.tildeLink(p) ?? this.openers1(p, c) ?? this.trapOpeners(p, c) ?? this.simpleOpeners(p, c);
  }

  // ---- INITIAL ----

  private initial(p: number): Token | null {
    if (p >= this.n) return this.tok(T.EOF, p, p);
    const c = this.text.charCodeAt(p);
    if (c === 32 || c === 9) {
      // A third of all tokens. Of the rules below only these can match at a space or a tab, and
      // in this order: a `direction` statement later on the line (56..60), a link with its
      // leading whitespace (70..79), else the whitespace rule (120).
      const dir = this.directionRule(p);
      if (dir) return dir;
      const w = this.wsEnd(p);
      if (mayStartLink(this.code(w))) {
        const link = this.linkRules(p, S.INITIAL) ?? this.tildeLink(p);
        if (link) return link;
      }
      return this.tok(T.SPACE, p, p + 1);
    }
    const s = this.text;
    // 0, 2, 4: accessibility statements.
    if (c === 97 /* a */ && s.startsWith('acc', p)) {
      if (s.startsWith('accTitle', p)) {
        const w = this.wsEnd(p + 8);
        if (this.code(w) === 58) {
          this.push(S.ACC_TITLE, p);
          return this.tok(T.ACC_TITLE, p, this.wsEnd(w + 1));
        }
      } else if (s.startsWith('accDescr', p)) {
        const w = this.wsEnd(p + 8);
        if (this.code(w) === 58) {
          this.push(S.ACC_DESCR, p);
          return this.tok(T.ACC_DESCR, p, this.wsEnd(w + 1));
        }
        if (this.code(w) === 123) {
          this.push(S.ACC_DESCR_ML, p);
          this.pos = this.wsEnd(w + 1);
          return null;
        }
      }
    }
    // 7: `@{` opens shape data.
    if (c === 64 && this.code(p + 1) === 123) {
      this.push(S.SHAPE_DATA, p);
      const t = this.tok(T.SHAPE_DATA, p, p + 2);
      t.value = '';
      return t;
    }
    // 13: `call` + whitespace opens a callback name.
    if (c === 99 && s.startsWith('call', p) && isJsSpace(this.code(p + 4))) {
      this.push(S.CALLBACKNAME, p);
      this.pos = this.wsEnd(p + 4);
      return null;
    }
    // 21, 24: strings.
    const q = this.quoteRules(p, c);
    if (q !== undefined) return q;
    // 25..44: keywords.
    const kw = this.keywords(p, c);
    if (kw !== undefined) return kw;
    // 56..60: `.*direction\s+XX[^\n]*`.
    const dir = this.directionRule(p);
    if (dir) return dir;
    // 61: `[^\s"]+@(?=[^{"])` is an edge id.
    if (!isJsSpace(c)) {
      const e = this.linkIdEnd(p);
      if (e > 0) return this.tok(T.LINK_ID, p, e);
    }
    // 62: NUM.
    if (c >= 48 && c <= 57) {
      let e = p + 1;
      while (e < this.n && isDigit(s.charCodeAt(e))) e++;
      return this.tok(T.NUM, p, e);
    }
    switch (c) {
      case 35:
        return this.tok(T.BRKT, p, p + 1);
      case 58:
        if (this.code(p + 1) === 58 && this.code(p + 2) === 58) return this.tok(T.STYLE_SEPARATOR, p, p + 3);
        return this.tok(T.COLON, p, p + 1);
      case 38:
        return this.tok(T.AMP, p, p + 1);
      case 59:
        return this.tok(T.SEMI, p, p + 1);
      case 44:
        return this.tok(T.COMMA, p, p + 1);
      case 42:
        return this.tok(T.MULT, p, p + 1);
    }
    // 70..79: links. They begin with whitespace or one of a few characters.
    if (mayStartLink(c) || isJsSpace(c)) {
      const link = this.linkRules(p, S.INITIAL) ?? this.tildeLink(p);
      if (link) return link;
    }
    // 82..97 openers (84/86/90/92 before 87 `[|` and 88 `>`).
    const o1 = this.openers1(p, c);
    if (o1) return o1;
    if (c === 91 && this.code(p + 1) === 124) return this.tok(T.VERTEX_WITH_PROPS_START, p, p + 2);
    if (c === 62) return this.open(S.TEXT, T.TAGEND, p, 1);
    const trap = this.trapOpeners(p, c);
    if (trap) return trap;
    switch (c) {
      case 60:
        return this.tok(T.TAGSTART, p, p + 1);
      case 94:
        return this.tok(T.UP, p, p + 1);
      case 92:
        if (this.code(p + 1) === 124) return this.tok(T.SEP, p, p + 2);
        break;
      case 118:
        if (!isWordChar(this.code(p + 1))) return this.tok(T.DOWN, p, p + 1);
        break;
    }
    // 106: NODE_STRING.
    const ns = this.nodeStringEnd(p);
    if (ns > p) return this.tok(T.NODE_STRING, p, ns);
    if (c === 45) return this.tok(T.MINUS, p, p + 1);
    if (c < 65536 && unicodeText[c]) return this.tok(T.UNICODE_TEXT, p, p + 1);
    const so = this.simpleOpeners(p, c);
    if (so) return so;
    // 119: newlines; 120: one whitespace character.
    if (c === 10 || (c === 13 && this.code(p + 1) === 10)) {
      let e = p;
      for (;;) {
        if (this.code(e) === 10) e++;
        else if (this.code(e) === 13 && this.code(e + 1) === 10) e += 2;
        else break;
      }
      return this.tok(T.NEWLINE, p, e);
    }
    if (isJsSpace(c)) return this.tok(T.SPACE, p, p + 1);
    return this.lexError(p);
  }

  /** A keyword token, null for `click` (which only changes state), undefined when none matches. */
  private keywords(p: number, c: number): Token | null | undefined {
    switch (c) {
      case 115: // s
        if (this.keyword(p, 'style')) return this.tok(T.STYLE, p, p + 5);
        break;
      case 100: // d
        if (this.keyword(p, 'default')) return this.tok(T.DEFAULT, p, p + 7);
        break;
      case 108: // l
        if (this.keyword(p, 'linkStyle')) return this.tok(T.LINKSTYLE, p, p + 9);
        break;
      case 105: // i
        if (this.keyword(p, 'interpolate')) return this.tok(T.INTERPOLATE, p, p + 11);
        break;
      case 99: // c
        if (this.keyword(p, 'classDef')) return this.tok(T.CLASSDEF, p, p + 8);
        if (this.keyword(p, 'class')) return this.tok(T.CLASS, p, p + 5);
        if (this.at(p, 'click') && isJsSpace(this.code(p + 5))) {
          this.push(S.CLICK, p);
          this.pos = this.wsEnd(p + 5);
          return null;
        }
        break;
      case 104: // h
        if (this.at(p, 'href') && isJsSpace(this.code(p + 4))) return this.tok(T.HREF, p, p + 5);
        break;
    }
    switch (c) {
      case 102: // f
        if (this.keyword(p, 'flowchart-elk')) return this.graphKeyword(p, 13);
        break;
      case 115:
        if (this.keyword(p, 'swimlane-beta')) return this.graphKeyword(p, 13);
        if (this.keyword(p, 'subgraph')) return this.tok(T.SUBGRAPH, p, p + 8);
        break;
      case 103: // g
        if (this.keyword(p, 'graph')) return this.graphKeyword(p, 5);
        break;
      case 101: // e
        if (this.keyword(p, 'end')) return this.tok(T.END_KW, p, this.wsEnd(p + 3));
        break;
      case 95: // _
        if (this.keyword(p, '_self') || this.keyword(p, '_top')) {
          return this.tok(T.LINK_TARGET, p, p + (this.at(p, '_top') ? 4 : 5));
        }
        if (this.keyword(p, '_blank')) return this.tok(T.LINK_TARGET, p, p + 6);
        if (this.keyword(p, '_parent')) return this.tok(T.LINK_TARGET, p, p + 7);
        break;
    }
    if (c === 102 && this.keyword(p, 'flowchart')) return this.graphKeyword(p, 9);
    return undefined;
  }

  private graphKeyword(p: number, len: number): Token {
    if (this.firstGraph) {
      this.firstGraph = false;
      this.push(S.DIR, p);
    }
    return this.tok(T.GRAPH, p, p + len);
  }

  /** Rules 56..60, tried in the order TB, BT, RL, LR, TD. */
  private directionRule(p: number): Token | null {
    if (isLineTerminator(this.text.charCodeAt(p))) return null;
    if (p < this.segFrom || p >= this.segTo) this.scanSegment(p);
    for (let k = 0; k < 5; k++) {
      if (this.dirAt[k]! >= p) return this.tok(DIRECTION_TOKENS[k]!, p, this.dirEnd[k]!);
    }
    return null;
  }

  /** For the `.`-line around p: the last `direction\s+XX` of each kind and where its match ends. */
  private scanSegment(p: number): void {
    const s = this.text;
    // Only the part of the line from p on matters: a match must start at or after p, and the
    // lexer asks about positions in increasing order (a rewind rescans).
    let b: number;
    if (this.onlyLf) {
      b = s.indexOf('\n', p);
      if (b < 0) b = this.n;
    } else {
      b = p;
      while (b < this.n && !isLineTerminator(s.charCodeAt(b))) b++;
    }
    this.segFrom = p;
    this.segTo = b;
    this.dirAt.fill(-1);
    // The next occurrence of "direction" is kept between lines so the search stays linear.
    if (this.nextDirection >= 0 && this.nextDirection < p) this.nextDirection = s.indexOf('direction', p);
    for (let d = this.nextDirection; d >= 0 && d < b; d = this.nextDirection) {
      this.nextDirection = s.indexOf('direction', d + 1);
      let j = d + 9;
      if (!isJsSpace(this.code(j))) continue;
      while (j < this.n && isJsSpace(s.charCodeAt(j))) j++;
      const k = DIRECTION_KINDS.indexOf(s.slice(j, j + 2) as (typeof DIRECTION_KINDS)[number]);
      if (k < 0) continue;
      this.dirAt[k] = d;
      let e = j + 2;
      while (e < this.n && s.charCodeAt(e) !== 10) e++;
      this.dirEnd[k] = e;
    }
  }

  /** Rule 61: end of `[^\s"]+@` when the `@` is followed by a character other than `{` or `"`, else -1. */
  private linkIdEnd(p: number): number {
    const c = this.text.charCodeAt(p);
    if (c === 34) return -1;
    // Most diagrams have few `@`s: none at or after p answers at once.
    if (p < this.atFrom || (this.nextAt >= 0 && this.nextAt < p)) {
      this.atFrom = p;
      this.nextAt = this.text.indexOf('@', p);
    }
    if (this.nextAt < 0) return -1;
    if (p < this.runFrom || p >= this.runTo) {
      const s = this.text;
      // The answer depends only on the run from p on (the last suitable `@` after p).
      let b = p;
      let last = -1;
      while (b < this.n && !isRunBreak(s.charCodeAt(b))) {
        if (s.charCodeAt(b) === 64 && b + 1 < this.n) {
          const d = s.charCodeAt(b + 1);
          if (d !== 123 && d !== 34) last = b;
        }
        b++;
      }
      this.runFrom = p;
      this.runTo = b;
      this.runLastAt = last;
    }
    return this.runLastAt > p ? this.runLastAt + 1 : -1;
  }

  private nodeStringEnd(p: number): number {
    const s = this.text;
    let e = p;
    while (e < this.n) {
      const c = s.charCodeAt(e);
      if (isNodeStringChar(c)) e++;
      else if (c === 45 && e + 1 < this.n) {
        const d = s.charCodeAt(e + 1);
        if (d === 62 || d === 45 || d === 46) break;
        e++;
      } else break;
    }
    return e;
  }

  /**
   * Rules 70..79 (those active in `state`): `\s*[xo<]?--+[-xo>]\s*`, `\s*[xo<]?--\s*`,
   * the same with `=`, `\s*[xo<]?-?\.+-[xo>]?\s*`, `\s*[xo<]?-\.\s*` (rule 79, `~~~`, is separate).
   */
  private linkRules(p: number, state: State): Token | undefined {
    const w = this.wsEnd(p);
    const c0 = this.code(w);
    const head = c0 === 120 || c0 === 111 || c0 === 60 ? 1 : 0;
    const a = w + head;
    const initial = state === S.INITIAL;
    if (initial || state === S.EDGE_TEXT) {
      const l = this.repeatedLink(p, a, 45);
      if (l) return l;
      if (initial && this.code(a) === 45 && this.code(a + 1) === 45) {
        this.push(S.EDGE_TEXT, p);
        return this.tok(T.START_LINK, p, this.wsEnd(a + 2));
      }
    }
    if (initial || state === S.THICK_EDGE_TEXT) {
      const l = this.repeatedLink(p, a, 61);
      if (l) return l;
      if (initial && this.code(a) === 61 && this.code(a + 1) === 61) {
        this.push(S.THICK_EDGE_TEXT, p);
        return this.tok(T.START_LINK, p, this.wsEnd(a + 2));
      }
    }
    if (initial || state === S.DOTTED_EDGE_TEXT) {
      let i = a;
      if (this.code(i) === 45) i++;
      if (this.code(i) !== 46 && i > a) i = a; // `-?` gives way when no dot follows
      if (this.code(i) === 46) {
        while (this.code(i) === 46) i++;
        if (this.code(i) === 45) {
          i++;
          const d = this.code(i);
          if (d === 120 || d === 111 || d === 62) i++;
          if (!initial) this.pop();
          return this.tok(T.LINK, p, this.wsEnd(i));
        }
      }
      if (initial && this.code(a) === 45 && this.code(a + 1) === 46) {
        this.push(S.DOTTED_EDGE_TEXT, p);
        return this.tok(T.START_LINK, p, this.wsEnd(a + 2));
      }
    }
    return undefined;
  }

  /** `--+[-xo>]` (or `==+[=xo>]`) at a, closing an edge-text state when in one. */
  private repeatedLink(p: number, a: number, dash: number): Token | undefined {
    let i = a;
    while (this.code(i) === dash) i++;
    const count = i - a;
    if (count < 2) return undefined;
    const d = this.code(i);
    let end: number;
    if (d === 120 || d === 111 || d === 62) end = i + 1;
    else if (count >= 3) end = i;
    else return undefined;
    this.pop();
    return this.tok(T.LINK, p, this.wsEnd(end));
  }

  // ---- other states ----

  private dirState(p: number): Token | null {
    const c = this.code(p);
    const q = this.quoteRules(p, c);
    if (q !== undefined) return q;
    const w = this.wsEnd(p);
    // 45: whitespace ending in a newline.
    let lastNl = -1;
    for (let i = p; i < w; i++) if (this.text.charCodeAt(i) === 10) lastNl = i;
    if (lastNl >= 0) {
      this.pop();
      return this.tok(T.NODIR, p, lastNl + 1);
    }
    // 46..55.
    for (const d of ['LR', 'RL', 'TB', 'BT', 'TD', 'BR']) {
      if (this.keyword(w, d)) {
        this.pop();
        return this.tok(T.DIR, p, w + 2);
      }
    }
    const e = this.code(w);
    if (e === 60 || e === 62 || e === 94 || (e === 118 && !isWordChar(this.code(w + 1)))) {
      this.pop();
      return this.tok(T.DIR, p, w + 1);
    }
    if (p >= this.n) return null;
    return this.commonTail(p, c) ?? this.lexError(p);
  }

  private stringState(p: number): Token | null {
    if (p >= this.n) return null;
    const c = this.text.charCodeAt(p);
    if (c === 34 && this.code(p + 1) === 96) {
      this.push(S.MD_STRING, p);
      this.pos = p + 2;
      return null;
    }
    if (c !== 34) {
      let e = p + 1;
      while (e < this.n && this.text.charCodeAt(e) !== 34) e++;
      return this.tok(T.STR, p, e);
    }
    this.pop();
    this.pos = p + 1;
    return null;
  }

  private mdString(p: number): Token | null {
    if (p >= this.n) return null;
    const c = this.text.charCodeAt(p);
    if (c !== 96 && c !== 34) {
      let e = p + 1;
      while (e < this.n) {
        const d = this.text.charCodeAt(e);
        if (d === 96 || d === 34) break;
        e++;
      }
      return this.tok(T.MD_STR, p, e);
    }
    if (c === 96 && this.code(p + 1) === 34) {
      this.pop();
      this.pos = p + 2;
      return null;
    }
    const q = this.quoteRules(p, c);
    if (q !== undefined) return q;
    return this.commonTail(p, c) ?? this.lexError(p);
  }

  private textState(p: number): Token | null {
    if (p >= this.n) return null;
    const c = this.text.charCodeAt(p);
    const q = this.quoteRules(p, c);
    if (q !== undefined) return q;
    const tilde = this.tildeLink(p);
    if (tilde) return tilde;
    const d = this.code(p + 1);
    // 82 `(-`, 83 `])`, 84 `([`, 85 `]]`, 86 `[[`, 89 `)]`, 90 `[(`, 91 `)))`, 92 `(((`.
    if (c === 40 && d === 45) return this.open(S.ELLIPSE_TEXT, T.ELLIPSE_START, p, 2);
    if (c === 93 && d === 41) return this.close(T.STADIUMEND, p, 2);
    if (c === 40 && d === 91) return this.open(S.TEXT, T.STADIUMSTART, p, 2);
    if (c === 93 && d === 93) return this.close(T.SUBROUTINEEND, p, 2);
    if (c === 91 && d === 91) return this.open(S.TEXT, T.SUBROUTINESTART, p, 2);
    if (c === 41 && d === 93) return this.close(T.CYLINDEREND, p, 2);
    if (c === 91 && d === 40) return this.open(S.TEXT, T.CYLINDERSTART, p, 2);
    if (c === 41 && d === 41 && this.code(p + 2) === 41) return this.close(T.DOUBLECIRCLEEND, p, 3);
    if (c === 40 && d === 40 && this.code(p + 2) === 40) return this.open(S.TEXT, T.DOUBLECIRCLESTART, p, 3);
    const trap = this.trapOpeners(p, c);
    if (trap) return trap;
    switch (c) {
      case 124:
        return this.close(T.PIPE, p, 1);
      case 41:
        return this.close(T.PE, p, 1);
      case 40:
        return this.open(S.TEXT, T.PS, p, 1);
      case 93:
        return this.close(T.SQE, p, 1);
      case 91:
        return this.open(S.TEXT, T.SQS, p, 1);
      case 125:
        return this.close(T.DIAMOND_STOP, p, 1);
      case 123:
        return this.open(S.TEXT, T.DIAMOND_START, p, 1);
    }
    // 117: TEXT is everything up to a bracket, pipe or quote.
    let e = p + 1;
    while (e < this.n && !isTextBreak(this.text.charCodeAt(e))) e++;
    return this.tok(T.TEXT, p, e);
  }

  private close(type: TokenType, p: number, len: number): Token {
    this.pop();
    return this.tok(type, p, p + len);
  }

  private ellipseText(p: number): Token | null {
    if (p >= this.n) return null;
    const c = this.text.charCodeAt(p);
    const q = this.quoteRules(p, c);
    if (q !== undefined) return q;
    const tilde = this.tildeLink(p);
    if (tilde) return tilde;
    // 80: `[-/)][)]` closes; 81: any other character but brackets is one TEXT token.
    if ((c === 45 || c === 47 || c === 41) && this.code(p + 1) === 41) return this.close(T.ELLIPSE_END, p, 2);
    if (!isBracket(c)) return this.tok(T.TEXT, p, p + 1);
    return this.commonTail(p, c) ?? this.lexError(p);
  }

  private trapText(p: number): Token | null {
    if (p >= this.n) return null;
    const c = this.text.charCodeAt(p);
    const q = this.quoteRules(p, c);
    if (q !== undefined) return q;
    const tilde = this.tildeLink(p);
    if (tilde) return tilde;
    const o = this.openers1(p, c);
    if (o) return o;
    const d = this.code(p + 1);
    // 93: `[\\(?=\])]` + `]` closes as TRAPEND; 94: `/]` as INVTRAPEND.
    if ((c === 92 || c === 40 || c === 63 || c === 61 || c === 93 || c === 41) && d === 93) return this.close(T.TRAPEND, p, 2);
    if (c === 47 && d === 93) return this.close(T.INVTRAPEND, p, 2);
    // 95: a lone `/` or `\`, or a run of other non-bracket characters.
    if (c === 47 || c === 92) return this.tok(T.TEXT, p, p + 1);
    if (!isTrapBreak(c)) {
      let e = p + 1;
      while (e < this.n && !isTrapBreak(this.text.charCodeAt(e))) e++;
      return this.tok(T.TEXT, p, e);
    }
    return this.trapOpeners(p, c) ?? this.simpleOpeners(p, c) ?? this.lexError(p);
  }

  private edgeText(p: number): Token | null {
    if (p >= this.n) return null;
    const c = this.text.charCodeAt(p);
    const q = this.quoteRules(p, c);
    if (q !== undefined) return q;
    const state = this.state;
    const link = this.linkRules(p, state);
    if (link) return link;
    // 72 `[^-]|-(?!-)`, 75 `[^=]`, 78 `[^.]`: one character of label text.
    const stop = state === S.EDGE_TEXT ? 45 : state === S.THICK_EDGE_TEXT ? 61 : 46;
    if (c !== stop) return this.tok(T.EDGE_TEXT, p, p + 1);
    if (stop === 45 && this.code(p + 1) !== 45) return this.tok(T.EDGE_TEXT, p, p + 1);
    return this.commonTail(p, c) ?? this.lexError(p);
  }

  private clickState(p: number): Token | null {
    const c = this.code(p);
    const q = p < this.n ? this.quoteRules(p, c) : undefined;
    if (q !== undefined) return q;
    if (p < this.n && isJsSpace(c)) {
      this.pop();
      this.pos = p + 1;
      return null;
    }
    let e = p;
    while (e < this.n && !isJsSpace(this.text.charCodeAt(e))) e++;
    return this.tok(T.CLICK, p, e);
  }

  private callbackName(p: number): Token | null {
    const s = this.text;
    if (this.code(p) === 40) {
      let i = p + 1;
      while (i < this.n && isJsSpace(s.charCodeAt(i))) i++;
      this.pop();
      if (this.code(i) === 41) {
        this.pos = i + 1;
        return null;
      }
      this.push(S.CALLBACKARGS, p);
      this.pos = p + 1;
      return null;
    }
    let e = p;
    while (e < this.n && s.charCodeAt(e) !== 40) e++;
    return this.tok(T.CALLBACKNAME, p, e);
  }

  private callbackArgs(p: number): Token | null {
    if (this.code(p) === 41) {
      this.pop();
      this.pos = p + 1;
      return null;
    }
    let e = p;
    while (e < this.n && this.text.charCodeAt(e) !== 41) e++;
    return this.tok(T.CALLBACKARGS, p, e);
  }

  private shapeData(p: number): Token | null {
    if (p >= this.n) return null;
    const c = this.text.charCodeAt(p);
    if (c === 34) {
      this.push(S.SHAPE_DATA_STR, p);
      const t = this.tok(T.SHAPE_DATA, p, p + 1);
      t.value = '"';
      return t;
    }
    if (c !== 125 && c !== 94) {
      let e = p + 1;
      while (e < this.n) {
        const d = this.text.charCodeAt(e);
        if (d === 125 || d === 94 || d === 34) break;
        e++;
      }
      const t = this.tok(T.SHAPE_DATA, p, e);
      t.value = this.text.slice(p, e);
      return t;
    }
    if (c === 125) {
      this.pop();
      this.pos = p + 1;
      return null;
    }
    return this.commonTail(p, c) ?? this.lexError(p);
  }

  private shapeDataStr(p: number): Token | null {
    if (p >= this.n) return null;
    if (this.text.charCodeAt(p) === 34) {
      this.pop();
      const t = this.tok(T.SHAPE_DATA, p, p + 1);
      t.value = '"';
      return t;
    }
    let e = p + 1;
    while (e < this.n && this.text.charCodeAt(e) !== 34) e++;
    const t = this.tok(T.SHAPE_DATA, p, e);
    t.value = this.text.slice(p, e).replace(/\n\s*/g, '<br/>');
    return t;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isRunBreak(c: number): boolean {
  return c === 34 || isJsSpace(c);
}

/** Characters that end a TEXT token: `[]{}()|"`. */
function isTextBreak(c: number): boolean {
  return c === 91 || c === 93 || c === 40 || c === 41 || c === 123 || c === 125 || c === 124 || c === 34;
}

function isBracket(c: number): boolean {
  return c === 91 || c === 93 || c === 40 || c === 41 || c === 123 || c === 125;
}

/** Characters that end a trapezoid TEXT run: `\[](){}/`. */
function isTrapBreak(c: number): boolean {
  return c === 92 || c === 47 || isBracket(c);
}
