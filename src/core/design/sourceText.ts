/**
 * Positions in the user's file, and text that has been rewritten the way Mermaid rewrites a
 * diagram before parsing it (comments and directives removed, entities encoded) while every
 * character still knows where it came from. Parsers work on the rewritten text, so they accept
 * what Mermaid accepts; ranges are mapped back so findings land on what the user wrote.
 */
import type { Position, Range } from './types';

/** Offsets to 0-based line/character positions. Lines end at `\r\n`, `\n` or `\r`, as in VS Code. */
export class LineIndex {
  private readonly starts: number[];
  /** Where each line's content ends (before its line break). */
  private readonly ends: number[];

  constructor(readonly text: string) {
    const starts = [0];
    const ends: number[] = [];
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        ends.push(i);
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    ends.push(n);
    this.starts = starts;
    this.ends = ends;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** A position for an offset; an offset inside a line break is clamped to the end of its line. */
  positionAt(offset: number): Position {
    const starts = this.starts;
    if (offset <= 0) return { line: 0, character: 0 };
    if (offset >= this.text.length) {
      const last = starts.length - 1;
      return { line: last, character: this.ends[last]! - starts[last]! };
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const end = this.ends[lo]!;
    return { line: lo, character: Math.min(offset, end) - starts[lo]! };
  }

  range(start: number, end: number): Range {
    const s = this.positionAt(start);
    const e = end <= start ? s : this.positionAt(end);
    return { start: s, end: e };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  lineEnd(line: number): number {
    return this.ends[Math.max(0, Math.min(line, this.ends.length - 1))]!;
  }
}

/**
 * Text plus, for each of its UTF-16 units (and one past the end), the offset in the original
 * text it came from. Inserted characters map to the character they replace.
 */
export interface MappedText {
  readonly text: string;
  readonly map: Int32Array;
}

export function identityText(text: string): MappedText {
  const map = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) map[i] = i;
  return { text, map };
}

/** Accumulates slices of a MappedText and inserted strings into a new MappedText. */
export class MappedTextBuilder {
  private readonly parts: string[] = [];
  private map: Int32Array;
  private length = 0;

  constructor(private readonly source: MappedText) {
    this.map = new Int32Array(source.text.length + 16);
  }

  private reserve(extra: number): void {
    if (this.length + extra + 1 <= this.map.length) return;
    const grown = new Int32Array(Math.max(this.map.length * 2, this.length + extra + 16));
    grown.set(this.map.subarray(0, this.length));
    this.map = grown;
  }

  /** Appends source[from, to). */
  copy(from: number, to: number): void {
    if (to <= from) return;
    this.reserve(to - from);
    this.parts.push(this.source.text.slice(from, to));
    this.map.set(this.source.map.subarray(from, to), this.length);
    this.length += to - from;
  }

  /** Appends `str`, every unit of it mapped to the source's offset `at` (an index into source). */
  insert(str: string, at: number): void {
    if (str.length === 0) return;
    this.reserve(str.length);
    this.parts.push(str);
    const orig = this.source.map[Math.min(at, this.source.text.length)]!;
    this.map.fill(orig, this.length, this.length + str.length);
    this.length += str.length;
  }

  /** The result; its end maps to the source's offset `end` (an index into source). */
  finish(end: number = this.source.text.length): MappedText {
    this.reserve(0);
    this.map[this.length] = this.source.map[Math.min(end, this.source.text.length)]!;
    return { text: this.parts.join(''), map: this.map.subarray(0, this.length + 1) };
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
