/**
 * Mermaid rewrites a diagram's text before its parser sees it: line endings, YAML front matter,
 * `%%{...}%%` directives and `%%` comment lines are removed, and `#name;` entity codes are
 * encoded. Whether a text is accepted depends on that rewriting (a trailing `%%` comment is an
 * error, a comment line inside a label is not), so our parsers work on the same rewritten
 * text. Every step here is a hand-written scan (Mermaid's regexes backtrack) and keeps a map
 * back to the user's offsets.
 */
import type { Comment } from './ast';
import {
  isJsSpace,
  isLineTerminator,
  isWordChar,
  LineIndex,
  MappedTextBuilder,
  identityText,
  type MappedText,
} from './sourceText';
import type { Finding, Range } from './types';

export interface PreparedDiagram {
  /** The text as the user wrote it. */
  readonly original: string;
  readonly lines: LineIndex;
  /** The text Mermaid's parser would see. */
  readonly code: MappedText;
  readonly comments: Comment[];
  /** The YAML front matter, which Mermaid reads as configuration and the parsers skip. */
  readonly frontMatter?: Range;
  /** `%%{...}%%` directives, removed before parsing. */
  readonly directives: Range[];
  /** Problems found while preparing (unclosed front matter or directive). */
  readonly findings: Finding[];
}

export interface PrepareOptions {
  /** Apply the flowchart parser's own extra step (`}` + spaces + newline becomes `}` + newline). */
  flowchart?: boolean;
}

export function prepareDiagram(original: string, options: PrepareOptions = {}): PreparedDiagram {
  const lines = new LineIndex(original);
  const findings: Finding[] = [];
  const comments: Comment[] = [];
  const directives: Range[] = [];
  const rangeOf = (t: MappedText, from: number, to: number): Range =>
    lines.range(t.origin(from), to > from ? t.origin(to - 1) + 1 : t.origin(from));

  let t = cleanupText(identityText(original));

  let frontMatter: Range | undefined;
  const fmEnd = frontMatterEnd(t.text);
  if (fmEnd > 0) {
    let shown = fmEnd;
    while (shown > 0 && isJsSpace(t.text.charCodeAt(shown - 1))) shown--;
    frontMatter = rangeOf(t, 0, shown);
    t = slice(t, fmEnd);
  }

  t = removeDirectives(t, (from, to, closed) => {
    const range = rangeOf(t, from, to);
    directives.push(range);
    if (!closed) {
      findings.push({
        rule: 'syntax',
        severity: 'warning',
        message: "This directive is not closed by '}%%': Mermaid ignores everything after it",
        range: rangeOf(t, from, Math.min(to, from + 3)),
      });
    }
  });

  // Mermaid appends a newline after trimming the leading whitespace. When comment lines are
  // removed, the newline is appended in the same copy of the text (a large text is copied once,
  // not twice), and the trim below leaves that newline in place.
  const removed = removeCommentLines(t, (percent, end) => {
    const start = t.origin(percent);
    comments.push({
      text: t.text.slice(percent + 2, end),
      range: lines.range(start, end > percent ? t.origin(end - 1) + 1 : start),
      textStart: lines.positionAt(t.origin(percent + 2)),
    });
  });
  const newlineAdded = removed !== t;
  t = removed;

  const trimmable = newlineAdded ? t.text.length - 1 : t.text.length;
  let lead = 0;
  while (lead < trimmable && isJsSpace(t.text.charCodeAt(lead))) lead++;
  if (lead > 0) t = slice(t, lead);

  if (fmEnd === 0 && t.text.startsWith('---')) {
    findings.push({
      rule: 'syntax',
      severity: 'error',
      message: "Front matter is not closed: end it with a line '---' (Mermaid rejects a diagram that begins with '---')",
      range: rangeOf(t, 0, 3),
    });
  }

  // A newline at the end changes nothing encodeEntities does (it adds an empty last line).
  if (!newlineAdded) t = appendNewline(t);
  t = encodeEntities(t);
  if (options.flowchart) t = trimAfterClosingBraces(t);

  return frontMatter
    ? { original, lines, code: t, comments, directives, findings, frontMatter }
    : { original, lines, code: t, comments, directives, findings };
}

function slice(t: MappedText, from: number): MappedText {
  const b = new MappedTextBuilder(t);
  b.copy(from, t.text.length);
  return b.finish();
}

/** `\r\n` and `\r` become `\n`; inside `<tag ...>`, `attr="x"` becomes `attr='x'`. */
function cleanupText(t: MappedText): MappedText {
  let out = t;
  const text = t.text;
  if (text.indexOf('\r') >= 0) {
    const b = new MappedTextBuilder(t);
    let from = 0;
    for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
      b.copy(from, i);
      if (text.charCodeAt(i + 1) === 10) {
        from = i + 1;
      } else {
        b.insert('\n', i);
        from = i + 1;
      }
    }
    b.copy(from, text.length);
    out = b.finish();
  }
  const s = out.text;
  const quotes: number[] = [];
  // Searches resume where the previous one stopped, so the scan stays linear.
  let eqQuote = s.indexOf('="');
  for (let lt = s.indexOf('<'); lt >= 0; lt = s.indexOf('<', lt + 1)) {
    let i = lt + 1;
    while (i < s.length && isWordChar(s.charCodeAt(i))) i++;
    if (i === lt + 1) continue;
    const gt = s.indexOf('>', i);
    if (gt < 0) break;
    if (eqQuote >= 0 && eqQuote < i) eqQuote = s.indexOf('="', i);
    while (eqQuote >= 0 && eqQuote < gt) {
      let close = eqQuote + 2;
      while (close < gt && s.charCodeAt(close) !== 34) close++;
      if (close >= gt) break;
      quotes.push(eqQuote + 1, close);
      eqQuote = s.indexOf('="', close + 1);
    }
    lt = gt;
  }
  if (quotes.length > 0) {
    const b = new MappedTextBuilder(out);
    let from = 0;
    for (const p of quotes) {
      b.copy(from, p);
      b.insert("'", p);
      from = p + 1;
    }
    b.copy(from, s.length);
    out = b.finish();
  }
  return out;
}

/**
 * Length of the front matter Mermaid removes, or 0. Mermaid's pattern:
 * `^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+` with the `s` flag.
 */
export function frontMatterEnd(s: string): number {
  let i = 0;
  while (i < s.length && isIndentChar(s.charCodeAt(i))) i++;
  const indent = s.slice(0, i);
  if (!s.startsWith('---', i)) return 0;
  i += 3;
  let w = i;
  while (w < s.length && isJsSpace(s.charCodeAt(w))) w++;
  let lastOpen = -1;
  let firstOpen = -1;
  for (let k = i; k < w; k++) {
    if (isNl(s.charCodeAt(k))) {
      if (firstOpen < 0) firstOpen = k;
      lastOpen = k;
    }
  }
  if (lastOpen < 0) return 0;
  const closingAt = (p: number): number => {
    if (!isNl(s.charCodeAt(p))) return 0;
    if (!s.startsWith(indent, p + 1) || !s.startsWith('---', p + 1 + indent.length)) return 0;
    const q = p + 1 + indent.length + 3;
    let r = q;
    let lastNl = -1;
    while (r < s.length && isJsSpace(s.charCodeAt(r))) {
      if (isNl(s.charCodeAt(r))) lastNl = r;
      r++;
    }
    return lastNl < 0 ? 0 : lastNl + 1;
  };
  for (let p = lastOpen + 1; p < s.length; p++) {
    const c = s.charCodeAt(p);
    if (c !== 10 && c !== 13) continue;
    const end = closingAt(p);
    if (end > 0) return end;
  }
  // An earlier opening newline allows an empty body: "---\n\n---\n".
  for (let p = lastOpen; p > firstOpen; p--) {
    if (isNl(s.charCodeAt(p)) && p + 1 + indent.length === w) {
      const end = closingAt(p);
      if (end > 0) return end;
    }
  }
  return 0;
}

function isNl(c: number): boolean {
  return c === 10 || c === 13;
}

function isIndentChar(c: number): boolean {
  return c !== 10 && c !== 13 && isJsSpace(c);
}

/**
 * Removes what Mermaid's directive pattern matches:
 * `%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?`.
 */
function removeDirectives(t: MappedText, found: (from: number, to: number, closed: boolean) => void): MappedText {
  const s = t.text;
  let b: MappedTextBuilder | undefined;
  let from = 0;
  let at = s.indexOf('%%{');
  while (at >= 0) {
    const m = matchDirective(s, at);
    if (m < 0) {
      at = s.indexOf('%%{', at + 1);
      continue;
    }
    const closed = s.startsWith('}%%', m - 3) && m - 3 >= at + 3;
    found(at, m, closed);
    b ??= new MappedTextBuilder(t);
    b.copy(from, at);
    from = m;
    at = s.indexOf('%%{', m);
  }
  if (!b) return t;
  b.copy(from, s.length);
  return b.finish();
}

function matchDirective(s: string, at: number): number {
  let i = at + 3;
  while (i < s.length && isJsSpace(s.charCodeAt(i))) i++;
  const w0 = i;
  while (i < s.length && isWordChar(s.charCodeAt(i))) i++;
  if (i === w0) return -1;
  let j = i;
  while (j < s.length && isJsSpace(s.charCodeAt(j))) j++;
  if (s.charCodeAt(j) === 58 /* : */) i = j + 1;
  while (i < s.length && isJsSpace(s.charCodeAt(i))) i++;
  if (i < s.length && isWordChar(s.charCodeAt(i))) {
    while (i < s.length && isWordChar(s.charCodeAt(i))) i++;
  } else {
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 125 && s.startsWith('%%', i + 1)) break;
      if (c === 10) {
        i++;
        continue;
      }
      if (c === 13) {
        if (s.charCodeAt(i + 1) === 10) {
          i += 2;
          continue;
        }
        break;
      }
      if (c === 0x2028 || c === 0x2029) break;
      i++;
    }
  }
  // The trailing `\s*` belongs to the match even when no `}%%` follows.
  let k = i;
  while (k < s.length && isJsSpace(s.charCodeAt(k))) k++;
  if (s.startsWith('}%%', k)) return k + 3;
  return k;
}

/**
 * Removes what `^\s*%%(?!{)[^\n]+\n?` (multiline) matches, reporting each comment's `%%`
 * position and the end of its text. When it removes any, it also appends the final newline
 * (`appendNewline`) in the same copy; it returns `t` itself when there is nothing to remove.
 */
function removeCommentLines(t: MappedText, found: (percent: number, end: number) => void): MappedText {
  const s = t.text;
  let p = s.indexOf('%%');
  if (p < 0) return t;
  const n = s.length;
  let b: MappedTextBuilder | undefined;
  let from = 0;
  // Only lines holding `%%` are looked at: `lineStart` is where the pattern's `^` was last
  // tried (0, after a removed comment, or after the line of a `%%` that was no comment), and p
  // the first `%%` at or after it, so every line in between starts no match.
  let lineStart = 0;
  while (p >= 0) {
    // `^\s*` reaches p from the earliest start whose text up to p is whitespace: lineStart
    // itself, or else the first line terminator inside the whitespace run before p.
    let q = p;
    while (q > lineStart && isJsSpace(s.charCodeAt(q - 1))) q--;
    let start = q === lineStart ? q : -1;
    if (start < 0) {
      for (let k = q; k < p; k++) {
        if (isLineTerminator(s.charCodeAt(k))) {
          start = k + 1;
          break;
        }
      }
    }
    if (start >= 0 && p + 2 < n && s.charCodeAt(p + 2) !== 123 && s.charCodeAt(p + 2) !== 10) {
      let end = s.indexOf('\n', p + 2);
      if (end < 0) end = n;
      found(p, end);
      b ??= new MappedTextBuilder(t);
      b.copy(from, start);
      from = end < n ? end + 1 : end;
      if (end >= n) break;
      lineStart = from;
    } else {
      // The next `^` follows the first line terminator after p.
      let next = p + 2;
      while (next < n && !isLineTerminator(s.charCodeAt(next))) next++;
      if (next >= n) break;
      lineStart = next + 1;
    }
    p = s.indexOf('%%', lineStart);
  }
  if (!b) return t;
  b.copy(from, n);
  b.insert('\n', n);
  return b.finish();
}

/**
 * Mermaid's `encodeEntities`: on a line with `style...:...#...;` (and then `classDef...`) the
 * last `;` is dropped, and every `#name;` becomes `ﬂ°name¶ß` (`ﬂ°°` for numbers), which the
 * flowchart lexer reads as label text and rejects in ids.
 */
function encodeEntities(t: MappedText): MappedText {
  const s = t.text;
  const n = s.length;
  let h = s.indexOf('#');
  if (h < 0) return t;
  // Only a line holding a `#` can lose its `;`: those lines are visited, not every line, and
  // the keywords are looked for inside them (a search of the whole text for a keyword it does
  // not hold cost more than the rest of this step).
  const deleted: number[] = [];
  while (h >= 0) {
    let lineStart = h;
    while (lineStart > 0 && !isLineTerminator(s.charCodeAt(lineStart - 1))) lineStart--;
    let lineEnd = h + 1;
    while (lineEnd < n && !isLineTerminator(s.charCodeAt(lineEnd))) lineEnd++;
    const before = deleted.length;
    dropStyleSemicolon(s, lineStart, lineEnd, 'style', deleted);
    dropStyleSemicolon(s, lineStart, lineEnd, 'classDef', deleted);
    // Both keywords may drop a `;` of one line, the second one before the first.
    const last = deleted.length - 1;
    if (last === before + 1 && deleted[last]! < deleted[before]!) {
      const x = deleted[last]!;
      deleted[last] = deleted[before]!;
      deleted[before] = x;
    }
    h = s.indexOf('#', lineEnd);
  }
  const entities: number[] = [];
  let d = 0;
  for (h = s.indexOf('#'); h >= 0; h = s.indexOf('#', h + 1)) {
    let i = h + 1;
    while (i < n && isWordChar(s.charCodeAt(i))) i++;
    if (i === h + 1 || s.charCodeAt(i) !== 59) continue;
    while (d < deleted.length && deleted[d]! < i) d++;
    if (d < deleted.length && deleted[d] === i) continue;
    entities.push(h, i);
    h = i;
  }
  if (entities.length === 0 && deleted.length === 0) return t;
  const b = new MappedTextBuilder(t);
  let from = 0;
  d = 0;
  const flushTo = (to: number): void => {
    let k = from;
    while (d < deleted.length && deleted[d]! < from) d++;
    for (; d < deleted.length && deleted[d]! < to; d++) {
      b.copy(k, deleted[d]!);
      k = deleted[d]! + 1;
    }
    b.copy(k, to);
    from = to;
  };
  for (let e = 0; e < entities.length; e += 2) {
    const h = entities[e]!;
    const i = entities[e + 1]!;
    flushTo(h);
    b.insert(allDigits(s, h + 1, i) ? '\uFB02\u00B0\u00B0' : '\uFB02\u00B0', h);
    b.copy(h + 1, i);
    b.insert('\u00B6\u00DF', i);
    from = i + 1;
  }
  flushTo(n);
  return b.finish();
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * `keyword.*:\S*#.*;` on the line s[from, to): drops the line's last `;` when the pattern
 * matches, reading from the keyword's first occurrence in the line. `deleted` holds the
 * dropped positions of the lines before in increasing order; only its last entry can lie on
 * this line (dropped for the other keyword).
 */
function dropStyleSemicolon(s: string, from: number, to: number, keyword: string, deleted: number[]): void {
  const first = keyword.charCodeAt(0);
  let k = -1;
  for (let i = from; i + keyword.length <= to; i++) {
    if (s.charCodeAt(i) === first && s.startsWith(keyword, i)) {
      k = i;
      break;
    }
  }
  if (k < 0) return;
  const dropped = deleted.length > 0 ? deleted[deleted.length - 1]! : -1;
  let lastSemi = -1;
  for (let i = to - 1; i > k; i--) {
    if (s.charCodeAt(i) === 59 && i !== dropped) {
      lastSemi = i;
      break;
    }
  }
  if (lastSemi < 0) return;
  let colon = -1;
  for (let i = k + keyword.length; i < lastSemi; i++) {
    const c = s.charCodeAt(i);
    if (i === dropped) continue;
    if (c === 58) colon = i;
    else if (isJsSpace(c)) colon = -1;
    else if (c === 35 && colon >= 0) {
      deleted.push(lastSemi);
      return;
    }
  }
}

function appendNewline(t: MappedText): MappedText {
  const b = new MappedTextBuilder(t);
  b.copy(0, t.text.length);
  b.insert('\n', t.text.length);
  return b.finish();
}

/** The flowchart parser's own rewrite: `}\s*\n` becomes `}\n`. */
function trimAfterClosingBraces(t: MappedText): MappedText {
  const s = t.text;
  let b: MappedTextBuilder | undefined;
  let from = 0;
  for (let i = s.indexOf('}'); i >= 0; i = s.indexOf('}', i + 1)) {
    let r = i + 1;
    let lastNl = -1;
    while (r < s.length && isJsSpace(s.charCodeAt(r))) {
      if (s.charCodeAt(r) === 10) lastNl = r;
      r++;
    }
    if (lastNl < 0 || lastNl === i + 1) continue;
    b ??= new MappedTextBuilder(t);
    b.copy(from, i + 1);
    from = lastNl;
    i = lastNl;
  }
  if (!b) return t;
  b.copy(from, s.length);
  return b.finish();
}

/** Turns Mermaid's private entity encoding back into HTML entities, as Mermaid does when it renders. */
export function decodeEntities(text: string): string {
  if (text.indexOf('\uFB02') < 0 && text.indexOf('\u00B6') < 0) return text;
  return text.replace(/\uFB02\u00B0\u00B0/g, '&#').replace(/\uFB02\u00B0/g, '&').replace(/\u00B6\u00DF/g, ';');
}
