/**
 * The `@{ ... }` attribute block of Mermaid's flowchart (`A@{ shape: cyl, label: "DB" }`).
 * Mermaid hands its content to a YAML parser (JSON schema): on one line wrapped in braces as a
 * flow mapping, over several lines as a block mapping. This reads the subset that can occur
 * there (the lexer ends the block at the first `}` outside quotes, so no nested mappings):
 * scalars (plain, quoted, `|`/`>` block scalars) and flow sequences, and reports what YAML
 * would reject. Linear in the input; no recursion.
 */
import { SHAPE_NAMES } from './shapes';

export type ShapeDataValue = string | number | boolean | null | ShapeDataValue[];

export interface ShapeDataEntry {
  value: ShapeDataValue;
  /** Offset of the value within the metadata string (for ranges), -1 when unknown. */
  at: number;
}

export type ShapeDataResult =
  | { ok: true; entries: Map<string, ShapeDataEntry> }
  | { ok: false; message: string; at: number };

export function parseShapeData(metadata: string): ShapeDataResult {
  return metadata.includes('\n') ? parseBlock(metadata) : parseFlow(metadata);
}

/** What Mermaid checks about `shape`: lowercase, no `_`, a known name. */
export function checkShapeName(shape: string): string | undefined {
  if (shape !== shape.toLowerCase() || shape.includes('_')) {
    return `No such shape: ${shape}. Shape names should be lowercase.`;
  }
  if (!SHAPE_NAMES.has(shape)) return `No such shape: ${shape}.`;
  return undefined;
}

class Fail {
  constructor(
    readonly message: string,
    readonly at: number,
  ) {}
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** One-line form: `{ key: value, key: "value" }` (Mermaid adds the braces). */
function parseFlow(src: string): ShapeDataResult {
  const entries = new Map<string, ShapeDataEntry>();
  let i = 0;
  const n = src.length;
  const skip = (): void => {
    while (i < n && isBlank(src[i])) i++;
  };
  /** `#` after whitespace (or first, after Mermaid's added line break) starts a comment to the end. */
  const comment = (): boolean => src[i] === '#' && (i === 0 || isBlank(src[i - 1]));
  try {
    for (;;) {
      skip();
      if (i >= n || comment()) break;
      if (src[i] === ',') throw new Fail('Expected a key before ","', i);
      // An empty key (`: value`) is allowed: YAML reads it as null.
      const key: Scalar = src[i] === ':' && (i + 1 >= n || isBlank(src[i + 1])) ? { value: null, start: i, end: i } : readFlowScalar(src, i, true);
      i = key.end;
      skip();
      let value: ShapeDataValue = null;
      let at = -1;
      if (src[i] === ':') {
        i++;
        skip();
        if (i < n && src[i] !== ',' && !comment()) {
          at = i;
          if (src[i] === '[') {
            const seq = readFlowSequence(src, i);
            value = seq.value;
            i = seq.end;
          } else {
            const v = readFlowScalar(src, i, false);
            value = v.value;
            i = v.end;
          }
        }
      }
      const name = String(key.value);
      if (entries.has(name)) throw new Fail(`Duplicated key "${name}"`, key.start);
      entries.set(name, { value, at });
      skip();
      if (i >= n || comment()) break;
      if (src[i] === ',') {
        i++;
        continue;
      }
      throw new Fail(`Expected "," or the end of the attributes, found "${src[i]}"`, i);
    }
  } catch (e) {
    if (e instanceof Fail) return { ok: false, message: e.message, at: e.at };
    throw e;
  }
  return { ok: true, entries };
}

interface Scalar {
  value: ShapeDataValue;
  start: number;
  end: number;
}

function readFlowScalar(src: string, i: number, isKey: boolean): Scalar {
  const start = i;
  const c = src[i];
  if (c === '"' || c === "'") {
    const q = readQuoted(src, i);
    return { value: q.value, start, end: q.end };
  }
  if (c === '{' || c === '[' || c === ']' || c === '}' || c === '&' || c === '*' || c === '!' || c === '|' || c === '>' || c === '%' || c === '@' || c === '`') {
    throw new Fail(`Unexpected "${c}"`, i);
  }
  let end = i;
  while (end < src.length) {
    const d = src[end]!;
    if (d === ',' || d === '[' || d === ']' || d === '{' || d === '}') break;
    if (d === ':' && (end + 1 >= src.length || isBlank(src[end + 1]) || ',[]{}'.includes(src[end + 1]!))) break;
    if (d === '#' && end > i && isBlank(src[end - 1])) break;
    end++;
  }
  const text = src.slice(i, end).trim();
  if (text === '' && isKey) throw new Fail('Expected a key', i);
  return { value: resolvePlain(text), start, end };
}

function readFlowSequence(src: string, i: number): { value: ShapeDataValue[]; end: number } {
  // Sequences are kept as strings of their items; depth is tracked with a counter.
  const items: ShapeDataValue[] = [];
  let depth = 0;
  let j = i;
  let item = '';
  for (; j < src.length; j++) {
    const c = src[j]!;
    if (c === '"' || c === "'") {
      const q = readQuoted(src, j);
      item += src.slice(j, q.end);
      j = q.end - 1;
      continue;
    }
    if (c === '[') {
      depth++;
      if (depth > 1) item += c;
      continue;
    }
    if (c === ']') {
      depth--;
      if (depth === 0) {
        if (item.trim() !== '') items.push(item.trim());
        return { value: items, end: j + 1 };
      }
      item += c;
      continue;
    }
    if (c === ',' && depth === 1) {
      items.push(item.trim());
      item = '';
      continue;
    }
    item += c;
  }
  throw new Fail('Missing "]"', i);
}

function readQuoted(src: string, i: number): { value: string; end: number } {
  const quote = src[i];
  let out = '';
  let j = i + 1;
  while (j < src.length) {
    const c = src[j]!;
    if (quote === "'") {
      if (c === "'") {
        if (src[j + 1] === "'") {
          out += "'";
          j += 2;
          continue;
        }
        return { value: out, end: j + 1 };
      }
      out += c;
      j++;
      continue;
    }
    if (c === '"') return { value: out, end: j + 1 };
    if (c === '\\') {
      const e = src[j + 1];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', '0': '\0', b: '\b', f: '\f', ' ': ' ', e: '\x1b', a: '\x07', v: '\v' };
      if (e !== undefined && Object.hasOwn(simple, e)) {
        out += simple[e];
        j += 2;
        continue;
      }
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex > 0) {
        const digits = src.slice(j + 2, j + 2 + hex);
        if (digits.length === hex && /^[0-9a-fA-F]+$/.test(digits)) {
          const code = parseInt(digits, 16);
          out += code <= 0x10ffff ? String.fromCodePoint(code) : '';
          j += 2 + hex;
          continue;
        }
      }
      throw new Fail('Unknown escape sequence in a quoted string', j);
    }
    out += c;
    j++;
  }
  throw new Fail(`Missing closing ${quote}`, i);
}

/** Plain scalars under YAML's JSON schema as js-yaml reads them. */
function resolvePlain(text: string): ShapeDataValue {
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (/^[-+]?(0|[1-9][0-9_]*)$/.test(text)) return Number(text.replace(/_/g, ''));
  if (/^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$/.test(text) && /[0-9]/.test(text)) {
    return Number(text.replace(/_/g, ''));
  }
  return text;
}

/** Several lines: a block mapping, one `key: value` per line at a common indentation. */
function parseBlock(src: string): ShapeDataResult {
  const entries = new Map<string, ShapeDataEntry>();
  const lines: { text: string; start: number }[] = [];
  let pos = 0;
  for (const text of (src + '\n').split('\n')) {
    lines.push({ text, start: pos });
    pos += text.length + 1;
  }
  const indentOf = (t: string): number => {
    let k = 0;
    while (k < t.length && t[k] === ' ') k++;
    return k;
  };
  const isEmpty = (t: string): boolean => t.trim() === '' || t.trimStart().startsWith('#');
  // Without any `key:` the block is a single YAML scalar, which gives Mermaid no attributes.
  if (!lines.some((l) => !isEmpty(l.text) && /^\s*("[^"]*"|'[^']*'|[^\s'"][^:]*?)\s*:(\s|$)/.test(l.text))) {
    return { ok: true, entries };
  }
  let indent = -1;
  try {
    for (let li = 0; li < lines.length; li++) {
      const line = lines[li]!;
      if (isEmpty(line.text)) continue;
      const lead = /^[ \t]*/.exec(line.text)![0];
      if (lead.includes('\t')) throw new Fail('Tabs cannot be used for indentation', line.start + lead.indexOf('\t'));
      const ind = indentOf(line.text);
      if (indent < 0) indent = ind;
      if (ind !== indent) throw new Fail('Bad indentation of a mapping entry', line.start + ind);
      const body = line.text.slice(ind);
      const key = readBlockKey(body, line.start + ind);
      const name = String(key.value);
      if (entries.has(name)) throw new Fail(`Duplicated key "${name}"`, line.start + ind);
      let rest = body.slice(key.end).replace(/^[ \t]+/, '');
      const restAt = line.start + line.text.length - rest.length;
      if (rest.startsWith('#')) rest = '';
      // Lines indented deeper than the key continue its value.
      let last = li;
      while (last + 1 < lines.length) {
        const t = lines[last + 1]!.text;
        if (t.trim() === '' || indentOf(t) > indent) last++;
        else break;
      }
      // Trailing blank lines belong to the next entry (or the end).
      while (last > li && lines[last]!.text.trim() === '') last--;
      const cont = lines.slice(li + 1, last + 1).map((l) => l.text);
      let value: ShapeDataValue;
      if (rest.startsWith('|') || rest.startsWith('>')) {
        value = blockScalar(rest, cont, restAt);
      } else if (rest === '') {
        const more = cont.filter((t) => t.trim() !== '');
        value = more.length === 0 ? null : foldPlain(more.map((t) => t.trim()));
        if (more.some((t) => /^\s*[-?]\s/.test(t) || /:\s|:$/.test(t.trim()))) {
          throw new Fail('Nested collections are not supported in shape data', lines[li + 1]!.start);
        }
      } else if (rest.startsWith('"') || rest.startsWith("'")) {
        const joined = [rest, ...cont.map((t) => t.trim())].join(' ');
        const q = readQuoted(joined, 0);
        if (joined.slice(q.end).trim() !== '' && !joined.slice(q.end).trim().startsWith('#')) {
          throw new Fail('Unexpected text after a quoted value', restAt + q.end);
        }
        value = q.value;
      } else if (rest.startsWith('[')) {
        const seq = readFlowSequence([rest, ...cont.map((t) => t.trim())].join(' '), 0);
        value = seq.value;
      } else {
        const parts = [stripComment(rest), ...cont.map((t) => stripComment(t.trim()))].filter((t) => t !== '');
        value = resolvePlain(foldPlain(parts));
      }
      entries.set(name, { value, at: restAt });
      li = last;
    }
  } catch (e) {
    if (e instanceof Fail) return { ok: false, message: e.message, at: e.at };
    throw e;
  }
  return { ok: true, entries };
}

function stripComment(t: string): string {
  const m = / #/.exec(t);
  return (m ? t.slice(0, m.index) : t).trim();
}

function foldPlain(parts: string[]): string {
  return parts.join(' ');
}

function readBlockKey(body: string, at: number): { value: ShapeDataValue; end: number } {
  if (body.startsWith('"') || body.startsWith("'")) {
    const q = readQuoted(body, 0);
    let j = q.end;
    while (isBlank(body[j])) j++;
    if (body[j] !== ':') throw new Fail('Expected ":" after the key', at + j);
    return { value: q.value, end: j + 1 };
  }
  for (let j = 0; j < body.length; j++) {
    if (body[j] === ':' && (j + 1 >= body.length || isBlank(body[j + 1]))) {
      const key = body.slice(0, j).trim();
      if (key === '') throw new Fail('Expected a key', at);
      return { value: key, end: j + 1 };
    }
  }
  throw new Fail('Expected "key: value"', at);
}

function blockScalar(header: string, cont: string[], at: number): string {
  const m = /^([|>])([+-]?)([1-9]?)([+-]?)\s*(#.*)?$/.exec(header);
  if (!m) throw new Fail('Bad block scalar header', at);
  const folded = m[1] === '>';
  const chomp = m[2] || m[4];
  let lines = cont.slice();
  const explicit = m[3] ? Number(m[3]) : 0;
  let ind = explicit;
  if (!ind) {
    const first = lines.find((l) => l.trim() !== '');
    ind = first ? first.length - first.trimStart().length : 0;
  }
  lines = lines.map((l) => (l.trim() === '' ? '' : l.slice(Math.min(ind, l.length - l.trimStart().length))));
  let text: string;
  if (folded) {
    text = '';
    for (let k = 0; k < lines.length; k++) {
      const l = lines[k]!;
      if (k === 0) text = l;
      else if (l === '' || lines[k - 1] === '' || l.startsWith(' ')) text += '\n' + l;
      else text += ' ' + l;
    }
  } else {
    text = lines.join('\n');
  }
  const body = text.replace(/\n+$/, '');
  if (chomp === '-') return body;
  if (chomp === '+') return text + '\n';
  return body === '' ? '' : body + '\n';
}
