/**
 * Positions in the user's file, and text that has been rewritten the way Mermaid rewrites a
 * diagram before parsing it (comments and directives removed, entities encoded) while every
 * character still knows where it came from. Parsers work on the rewritten text, so they accept
 * what Mermaid accepts; ranges are mapped back so findings land on what the user wrote.
 */
import type { Position, Range } from './types';

/** Offsets to 0-based line/character positions. Lines end at `\r\n`, `\n` or `\r`, as in VS Code. */
export class LineIndex {
  /**
   * Where each line starts, then where its content ends (before its line break), for lines
   * 0 .. count - 1. Typed arrays: at 10,000 nodes a plain array of line starts is a single
   * large heap object, which is slow to allocate and copied by every collection.
   */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly count: number;
  /** The line of the previous lookup: parsers ask in nearly increasing order. */
  private hint = 0;

  constructor(readonly text: string) {
    const n = text.length;
    let cap = (n >> 5) + 16;
    let starts = new Int32Array(cap);
    let ends = new Int32Array(cap);
    let count = 1;
    const grow = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    if (text.indexOf('\r') < 0) {
      // Only `\n` ends a line: let the engine find them.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        if (count === starts.length) {
          cap *= 2;
          starts = grow(starts);
          ends = grow(ends);
        }
        ends[count - 1] = i;
        starts[count++] = i + 1;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) {
          if (count === starts.length) {
            cap *= 2;
            starts = grow(starts);
            ends = grow(ends);
          }
          ends[count - 1] = i;
          if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
          starts[count++] = i + 1;
        }
      }
    }
    ends[count - 1] = n;
    this.starts = starts;
    this.ends = ends;
    this.count = count;
  }

  get lineCount(): number {
    return this.count;
  }

  /** A position for an offset; an offset inside a line break is clamped to the end of its line. */
  positionAt(offset: number): Position {
    const starts = this.starts;
    if (offset <= 0) return { line: 0, character: 0 };
    if (offset >= this.text.length) {
      const last = this.count - 1;
      return { line: last, character: this.ends[last]! - starts[last]! };
    }
    let lo: number;
    const h = this.hint;
    const count = this.count;
    if (starts[h]! <= offset && (h + 1 >= count || starts[h + 1]! > offset)) {
      lo = h;
    } else if (h + 2 <= count - 1 && starts[h + 1]! <= offset && starts[h + 2]! > offset) {
      lo = h + 1;
    } else {
      lo = 0;
      let hi = count - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
    }
    this.hint = lo;
    const end = this.ends[lo]!;
    return { line: lo, character: Math.min(offset, end) - starts[lo]! };
  }

  range(start: number, end: number): Range {
    const s = this.positionAt(start);
    if (end <= start) return { start: s, end: { line: s.line, character: s.character } };
    // Most ranges end on the line they start on.
    const lineEnd = this.ends[s.line]!;
    if (end <= lineEnd) return { start: s, end: { line: s.line, character: end - this.starts[s.line]! } };
    return { start: s, end: this.positionAt(end) };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.count - 1))]!;
  }

  lineEnd(line: number): number {
    return this.ends[Math.max(0, Math.min(line, this.count - 1))]!;
  }
}

/**
 * Text plus where each of its UTF-16 units came from in the original: a list of segments,
 * each either a copied run (offsets advance together) or an inserted string (every unit maps
 * to the character it replaced). Segments keep memory proportional to the number of edits,
 * not to the text.
 */
export class MappedText {
  private hint = 0;

  constructor(
    readonly text: string,
    /** Offset in `text` where each segment starts (increasing). */
    private readonly starts: Int32Array,
    /** Original offset of each segment's first unit. */
    private readonly origins: Int32Array,
    /** 1 when every unit of the segment maps to the same original offset. */
    private readonly constant: Uint8Array,
    private readonly count: number,
    /** Original offset of the end of `text`. */
    private readonly endOrigin: number,
  ) {}

  /** Index of the segment holding offset i (0 <= i < text.length). */
  segmentAt(i: number): number {
    const starts = this.starts;
    const h = this.hint;
    if (h < this.count && starts[h]! <= i && (h + 1 >= this.count || starts[h + 1]! > i)) return h;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo;
  }

  /** The original offset of `text[i]`; `text.length` maps to the end of what was read. */
  origin(i: number): number {
    if (i >= this.text.length || this.count === 0) return this.endOrigin;
    const k = this.segmentAt(Math.max(0, i));
    return this.constant[k] ? this.origins[k]! : this.origins[k]! + (Math.max(0, i) - this.starts[k]!);
  }

  /** Segment k as [start in text, end in text, original offset of start, constant]. */
  segment(k: number): [number, number, number, boolean] {
    const end = k + 1 < this.count ? this.starts[k + 1]! : this.text.length;
    return [this.starts[k]!, end, this.origins[k]!, this.constant[k] === 1];
  }

  get segmentCount(): number {
    return this.count;
  }
}

export function identityText(text: string): MappedText {
  return new MappedText(text, Int32Array.of(0), Int32Array.of(0), Uint8Array.of(0), text.length > 0 ? 1 : 0, text.length);
}

/** Accumulates slices of a MappedText and inserted strings into a new MappedText. */
export class MappedTextBuilder {
  private readonly parts: string[] = [];
  private starts: number[] = [];
  private origins: number[] = [];
  private constant: number[] = [];
  private length = 0;

  constructor(private readonly source: MappedText) {}

  private push(origin: number, isConstant: boolean, len: number): void {
    const n = this.starts.length;
    // Extend the previous copied run when this one continues it.
    if (
      n > 0 &&
      !isConstant &&
      this.constant[n - 1] === 0 &&
      this.origins[n - 1]! + (this.length - this.starts[n - 1]!) === origin
    ) {
      this.length += len;
      return;
    }
    this.starts.push(this.length);
    this.origins.push(origin);
    this.constant.push(isConstant ? 1 : 0);
    this.length += len;
  }

  /** Appends source[from, to). */
  copy(from: number, to: number): void {
    if (to <= from) return;
    const src = this.source;
    this.parts.push(src.text.slice(from, to));
    let k = src.segmentAt(from);
    let at = from;
    while (at < to) {
      const [s, e, o, c] = src.segment(k);
      const pieceEnd = Math.min(e, to);
      this.push(c ? o : o + (at - s), c, pieceEnd - at);
      at = pieceEnd;
      k++;
    }
  }

  /** Appends `str`, every unit of it mapped to the source's character at `at`. */
  insert(str: string, at: number): void {
    if (str.length === 0) return;
    this.parts.push(str);
    this.push(this.source.origin(at), true, str.length);
  }

  /** The result; its end maps to the source's offset `end`. */
  finish(end: number = this.source.text.length): MappedText {
    return new MappedText(
      this.parts.join(''),
      Int32Array.from(this.starts),
      Int32Array.from(this.origins),
      Uint8Array.from(this.constant),
      this.starts.length,
      this.source.origin(end),
    );
  }
}

/** JavaScript's `\s`. */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** JavaScript's `\w`. */
export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Characters JavaScript's `.` does not match. */
export function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}
