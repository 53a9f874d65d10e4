/**
 * ```mermaid fences in a Markdown file, with a map from each fence body back to the file.
 *
 * A fence can sit in a list item or a block quote, so its body lines lose a container prefix
 * (`> `, list indentation) as well as the fence's own indentation. Findings must still point
 * at the Markdown file's own lines and columns, which is why each body line remembers where it
 * came from. The block structure follows the CommonMark 0.31 algorithm (the one commonmark.js
 * implements: open containers are matched line by line, lazy paragraph continuation, tabs as
 * 4-column stops) — only as far as it decides where fences start and end: inline content is
 * never parsed.
 */
import type { Position, Range } from './types';

/** Where one body line came from: `body[line][c]` is file character `start + c - pad` of `fileLine`. */
export interface BodyLine {
  fileLine: number;
  /** File character where the body text taken from the file starts. */
  start: number;
  /**
   * Spaces put in front of the text for a tab only partly eaten by the container prefix or the
   * fence indentation (CommonMark turns the rest of that tab into spaces). They map to the tab.
   */
  pad: number;
  /** Length of the body line, pad included. */
  length: number;
}

export interface MermaidFence {
  /** The info string, trimmed (`mermaid` and whatever follows it). */
  info: string;
  /** Body lines joined with `\n`, with container prefixes and fence indentation removed. */
  body: string;
  lines: BodyLine[];
  /** The opening fence: its marker and info string. */
  open: Range;
  /** The closing fence; undefined when the fence runs to the end of its container or the file. */
  close?: Range;
  /** From the start of the first body line to the end of the last, in file coordinates. */
  bodyRange: Range;
}

const CODE_INDENT = 4;

type Block =
  | { type: 'document' }
  | { type: 'quote' }
  | { type: 'item'; contentOffset: number; hasChild: boolean }
  | { type: 'paragraph' }
  /** A one-line leaf (heading, thematic break): never continues. */
  | { type: 'line' }
  | { type: 'indented-code' }
  | { type: 'html'; kind: number }
  | {
      type: 'fence';
      char: string;
      length: number;
      indent: number;
      info: string;
      open: Range;
      close?: Range;
      lines: BodyLine[];
      bodyText: string[];
    };

const reMaybeSpecial = /^[#`~*+_=<>0-9-]/;
const reCodeFence = /^`{3,}(?!.*`)|^~{3,}/;
const reClosingCodeFence = /^(?:`{3,}|~{3,})(?=[ \t]*$)/;
const reThematicBreak = /^(?:\*[ \t]*){3,}$|^(?:_[ \t]*){3,}$|^(?:-[ \t]*){3,}$/;
const reAtxHeading = /^#{1,6}(?:[ \t]+|$)/;
const reSetextUnderline = /^(?:=+|-+)[ \t]*$/;
const reBulletMarker = /^[*+-]/;
const reOrderedMarker = /^(\d{1,9})([.)])/;
const reNonSpace = /[^ \t\f\v\r\n]/;
const htmlOpen: RegExp[] = [
  /^<(?:script|pre|textarea|style)(?:\s|>|$)/i,
  /^<!--/,
  /^<[?]/,
  /^<![A-Za-z]/,
  /^<!\[CDATA\[/,
  /^<[/]?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[123456]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:\s|[/]?[>]|$)/i,
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/,
];
const htmlClose: (RegExp | undefined)[] = [
  /<\/(?:script|pre|textarea|style)>/i,
  /-->/,
  /\?>/,
  />/,
  /\]\]>/,
];

function isSpaceOrTab(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Splits on every line ending VS Code counts (CRLF, LF, CR). A final line ending ends the last line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every fence whose info string's first word is `mermaid`, in document order. */
export function findMermaidFences(text: string): MermaidFence[] {
  return new BlockScanner(splitLines(text))
    .run()
    .filter((f) => f.info.split(/[ \t]+/)[0] === 'mermaid');
}

/** Maps a position in a fence body to the Markdown file; positions outside the body are clamped. */
export function mapPosition(fence: MermaidFence, pos: Position): Position {
  const { lines } = fence;
  if (lines.length === 0) return { ...fence.open.end };
  if (pos.line < 0) return toFile(lines[0]!, 0);
  if (pos.line >= lines.length) {
    const last = lines[lines.length - 1]!;
    return toFile(last, last.length);
  }
  const line = lines[pos.line]!;
  return toFile(line, Math.max(0, Math.min(pos.character, line.length)));
}

export function mapRange(fence: MermaidFence, range: Range): Range {
  return { start: mapPosition(fence, range.start), end: mapPosition(fence, range.end) };
}

function toFile(line: BodyLine, character: number): Position {
  if (character < line.pad) return { line: line.fileLine, character: line.start - 1 };
  return { line: line.fileLine, character: line.start + character - line.pad };
}

/** One pass over the lines, keeping the chain of open blocks as a stack (only a last child can be open). */
class BlockScanner {
  private readonly fences: Block[] = [];
  private stack: Block[] = [{ type: 'document' }];
  private line = '';
  private lineNo = -1;
  private offset = 0;
  private column = 0;
  private nextNonspace = 0;
  private nextNonspaceColumn = 0;
  private indent = 0;
  private indented = false;
  private blank = false;
  private partiallyConsumedTab = false;
  private allClosed = true;
  private lastMatched = 0;
  private oldTip = 0;

  constructor(private readonly lines: string[]) {}

  run(): MermaidFence[] {
    for (const line of this.lines) this.incorporate(line);
    while (this.stack.length > 1) this.finalizeTip();
    const out: MermaidFence[] = [];
    for (const f of this.fences) {
      if (f.type !== 'fence') continue;
      const first = f.lines[0];
      const last = f.lines[f.lines.length - 1];
      const fence: MermaidFence = {
        info: f.info,
        body: f.bodyText.join('\n'),
        lines: f.lines,
        open: f.open,
        bodyRange: { start: { ...f.open.end }, end: { ...f.open.end } },
      };
      if (f.close) fence.close = f.close;
      if (first && last) fence.bodyRange = { start: toFile(first, 0), end: toFile(last, last.length) };
      out.push(fence);
    }
    return out;
  }

  private get tip(): Block {
    return this.stack[this.stack.length - 1]!;
  }

  private findNextNonspace(): void {
    let i = this.offset;
    let cols = this.column;
    let c: string | undefined;
    while ((c = this.line[i]) !== undefined) {
      if (c === ' ') {
        i++;
        cols++;
      } else if (c === '\t') {
        i++;
        cols += 4 - (cols % 4);
      } else break;
    }
    this.blank = c === undefined;
    this.nextNonspace = i;
    this.nextNonspaceColumn = cols;
    this.indent = cols - this.column;
    this.indented = this.indent >= CODE_INDENT;
  }

  private advanceNextNonspace(): void {
    this.offset = this.nextNonspace;
    this.column = this.nextNonspaceColumn;
    this.partiallyConsumedTab = false;
  }

  /** Moves over `count` characters, or `count` columns when `columns` (a tab may be eaten in part). */
  private advanceOffset(count: number, columns: boolean): void {
    let c: string | undefined;
    while (count > 0 && (c = this.line[this.offset]) !== undefined) {
      if (c === '\t') {
        const toTab = 4 - (this.column % 4);
        if (columns) {
          this.partiallyConsumedTab = toTab > count;
          const advance = toTab > count ? count : toTab;
          this.column += advance;
          this.offset += this.partiallyConsumedTab ? 0 : 1;
          count -= advance;
        } else {
          this.partiallyConsumedTab = false;
          this.column += toTab;
          this.offset += 1;
          count -= 1;
        }
      } else {
        this.partiallyConsumedTab = false;
        this.offset += 1;
        this.column += 1;
        count -= 1;
      }
    }
  }

  private incorporate(line: string): void {
    this.line = line;
    this.lineNo++;
    this.offset = 0;
    this.column = 0;
    this.blank = false;
    this.partiallyConsumedTab = false;
    this.oldTip = this.stack.length - 1;

    // Match the open blocks, outermost first.
    let matched = 0;
    let allMatched = true;
    for (let i = 1; i < this.stack.length; i++) {
      const block = this.stack[i]!;
      this.findNextNonspace();
      const r = this.continueBlock(block);
      if (r === 2) return; // closing fence: the line is consumed
      if (r === 1) {
        allMatched = false;
        break;
      }
      matched = i;
    }
    if (allMatched) matched = this.stack.length - 1;
    this.allClosed = matched === this.oldTip;
    this.lastMatched = matched;

    let container = this.stack[matched]!;
    let matchedLeaf = container.type !== 'paragraph' && acceptsLines(container);
    while (!matchedLeaf) {
      this.findNextNonspace();
      if (!this.indented && !reMaybeSpecial.test(line.slice(this.nextNonspace))) {
        this.advanceNextNonspace();
        break;
      }
      const r = this.tryStarts(container);
      if (r === 0) {
        this.advanceNextNonspace();
        break;
      }
      container = this.tip;
      if (r === 2) matchedLeaf = true;
    }

    if (!this.allClosed && !this.blank && this.tip.type === 'paragraph') return; // lazy continuation
    this.closeUnmatched();
    const tip = this.tip;
    if (acceptsLines(tip)) {
      this.addLine(tip);
      if (tip.type === 'html' && tip.kind <= 5 && htmlClose[tip.kind - 1]!.test(line.slice(this.offset))) {
        this.finalizeTip();
      }
    } else if (this.offset < line.length && !this.blank) {
      this.addChild({ type: 'paragraph' });
    }
  }

  /** 0 matched, 1 not matched, 2 the line was a closing fence. */
  private continueBlock(block: Block): 0 | 1 | 2 {
    const line = this.line;
    switch (block.type) {
      case 'document':
        return 0;
      case 'quote':
        if (!this.indented && line[this.nextNonspace] === '>') {
          this.advanceNextNonspace();
          this.advanceOffset(1, false);
          if (isSpaceOrTab(line[this.offset])) this.advanceOffset(1, true);
          return 0;
        }
        return 1;
      case 'item':
        if (this.blank) {
          if (!block.hasChild) return 1;
          this.advanceNextNonspace();
          return 0;
        }
        if (this.indent >= block.contentOffset) {
          this.advanceOffset(block.contentOffset, true);
          return 0;
        }
        return 1;
      case 'paragraph':
        return this.blank ? 1 : 0;
      case 'line':
        return 1;
      case 'indented-code':
        if (this.indent >= CODE_INDENT) {
          this.advanceOffset(CODE_INDENT, true);
          return 0;
        }
        if (this.blank) {
          this.advanceNextNonspace();
          return 0;
        }
        return 1;
      case 'html':
        return this.blank && (block.kind === 6 || block.kind === 7) ? 1 : 0;
      case 'fence': {
        const rest = line.slice(this.nextNonspace);
        const m = this.indent <= 3 && line[this.nextNonspace] === block.char ? reClosingCodeFence.exec(rest) : null;
        if (m && m[0].length >= block.length) {
          block.close = {
            start: { line: this.lineNo, character: this.nextNonspace },
            end: { line: this.lineNo, character: this.nextNonspace + m[0].length },
          };
          this.finalizeTip();
          return 2;
        }
        let i = block.indent;
        while (i > 0 && isSpaceOrTab(line[this.offset])) {
          this.advanceOffset(1, true);
          i--;
        }
        return 0;
      }
    }
  }

  /** Tries each block start at the current position: 0 none, 1 a container, 2 a leaf. */
  private tryStarts(container: Block): 0 | 1 | 2 {
    const line = this.line;
    const rest = line.slice(this.nextNonspace);
    const c = line[this.nextNonspace];
    if (!this.indented) {
      if (c === '>') {
        this.advanceNextNonspace();
        this.advanceOffset(1, false);
        if (isSpaceOrTab(line[this.offset])) this.advanceOffset(1, true);
        this.closeUnmatched();
        this.addChild({ type: 'quote' });
        return 1;
      }
      if (reAtxHeading.test(rest)) {
        this.advanceNextNonspace();
        this.closeUnmatched();
        this.addChild({ type: 'line' });
        this.offset = line.length;
        return 2;
      }
      const fence = reCodeFence.exec(rest);
      if (fence) {
        const length = fence[0].length;
        const indent = this.indent;
        const start = this.nextNonspace;
        this.closeUnmatched();
        this.advanceNextNonspace();
        this.advanceOffset(length, false);
        const info = line.slice(this.offset).trim();
        this.addChild({
          type: 'fence',
          char: fence[0][0]!,
          length,
          indent,
          info,
          open: { start: { line: this.lineNo, character: start }, end: { line: this.lineNo, character: line.trimEnd().length } },
          lines: [],
          bodyText: [],
        });
        this.offset = line.length;
        return 2;
      }
      if (c === '<') {
        for (let kind = 1; kind <= 7; kind++) {
          if (!htmlOpen[kind - 1]!.test(rest)) continue;
          if (kind === 7 && (container.type === 'paragraph' || (!this.allClosed && !this.blank && this.tip.type === 'paragraph'))) continue;
          this.closeUnmatched();
          this.addChild({ type: 'html', kind });
          return 2;
        }
      }
      if (container.type === 'paragraph' && reSetextUnderline.test(rest)) {
        this.closeUnmatched();
        // The paragraph becomes a heading: nothing may continue it lazily any more.
        this.stack[this.stack.length - 1] = { type: 'line' };
        this.offset = line.length;
        return 2;
      }
      if (reThematicBreak.test(rest)) {
        this.closeUnmatched();
        this.addChild({ type: 'line' });
        this.offset = line.length;
        return 2;
      }
      const item = this.listMarker(container);
      if (item !== undefined) {
        this.closeUnmatched();
        this.addChild({ type: 'item', contentOffset: item, hasChild: false });
        return 1;
      }
    } else if (this.tip.type !== 'paragraph' && !this.blank) {
      this.advanceOffset(CODE_INDENT, true);
      this.closeUnmatched();
      this.addChild({ type: 'indented-code' });
      return 2;
    }
    return 0;
  }

  /** A list marker at the current position: its content offset (marker + padding), or undefined. */
  private listMarker(container: Block): number | undefined {
    const line = this.line;
    const rest = line.slice(this.nextNonspace);
    const markerOffset = this.indent;
    let m = reBulletMarker.exec(rest);
    if (!m) {
      const o = reOrderedMarker.exec(rest);
      if (o && (container.type !== 'paragraph' || Number(o[1]) === 1)) m = o;
    }
    if (!m) return undefined;
    const after = line[this.nextNonspace + m[0].length];
    if (!(after === undefined || after === '\t' || after === ' ')) return undefined;
    if (container.type === 'paragraph' && !reNonSpace.test(line.slice(this.nextNonspace + m[0].length))) return undefined;
    this.advanceNextNonspace();
    this.advanceOffset(m[0].length, true);
    const spacesStartCol = this.column;
    const spacesStartOffset = this.offset;
    do {
      this.advanceOffset(1, true);
    } while (this.column - spacesStartCol < 5 && isSpaceOrTab(line[this.offset]));
    const blankItem = line[this.offset] === undefined;
    const spaces = this.column - spacesStartCol;
    if (spaces >= 5 || spaces < 1 || blankItem) {
      this.column = spacesStartCol;
      this.offset = spacesStartOffset;
      this.partiallyConsumedTab = false;
      if (isSpaceOrTab(line[this.offset])) this.advanceOffset(1, true);
      return markerOffset + m[0].length + 1;
    }
    return markerOffset + m[0].length + spaces;
  }

  private addLine(block: Block): void {
    // Only fence bodies are kept; the opening line carries the info string, not body text.
    if (block.type !== 'fence' || block.open.start.line === this.lineNo) return;
    let start = this.offset;
    let pad = 0;
    if (this.partiallyConsumedTab) {
      start += 1;
      pad = 4 - (this.column % 4);
    }
    const text = ' '.repeat(pad) + this.line.slice(start);
    block.lines.push({ fileLine: this.lineNo, start, pad, length: text.length });
    block.bodyText.push(text);
  }

  private addChild(block: Block): void {
    while (!canContain(this.tip)) this.finalizeTip();
    const parent = this.tip;
    if (parent.type === 'item') parent.hasChild = true;
    this.stack.push(block);
    if (block.type === 'fence') this.fences.push(block);
  }

  private closeUnmatched(): void {
    if (this.allClosed) return;
    while (this.oldTip > this.lastMatched) {
      this.finalizeTip();
      this.oldTip--;
    }
    this.allClosed = true;
  }

  private finalizeTip(): void {
    this.stack.pop();
  }
}

function acceptsLines(block: Block): boolean {
  return block.type === 'paragraph' || block.type === 'fence' || block.type === 'indented-code' || block.type === 'html';
}

function canContain(block: Block): boolean {
  return block.type === 'document' || block.type === 'quote' || block.type === 'item';
}
