/**
 * Builders for fixes as data: text edits in the file's own coordinates. A design's ranges are
 * already file positions (inside a Markdown fence too); new lines go at the end of the diagram
 * (Design.range.end), so they are top-level statements that cannot change which subgraph an
 * existing node belongs to, and they repeat the fence's container prefix when there is one.
 */
import type { Annotation, Component, Design, Position, Range, TextEdit } from '../design/types';

const HEADER = /^\s*(?:flowchart-elk|flowchart|graph|architecture-beta)\b/;

/** Mermaid shape brackets by the vertex type Mermaid records, for drawing a copy of a node. */
const SHAPES = new Map<string, [string, string]>([
  ['square', ['[', ']']],
  ['rect', ['[', ']']],
  ['round', ['(', ')']],
  ['stadium', ['([', '])']],
  ['subroutine', ['[[', ']]']],
  ['cylinder', ['[(', ')]']],
  ['circle', ['((', '))']],
  ['doublecircle', ['(((', ')))']],
  ['diamond', ['{', '}']],
  ['hexagon', ['{{', '}}']],
  ['odd', ['>', ']']],
  ['lean_right', ['[/', '/]']],
  ['lean_left', ['[\\', '\\]']],
  ['trapezoid', ['[/', '\\]']],
  ['inv_trapezoid', ['[\\', '/]']],
]);

/**
 * What every fix of one lint needs to know about the text, read once: a lint can report
 * thousands of findings, and each must not re-split the file.
 */
export class FixText {
  readonly sourceLines: string[];
  readonly fileLines: string[] | undefined;
  readonly taken: ReadonlySet<string>;
  readonly eol: string;
  readonly headerLine: number;
  /** What a Markdown fence's lines start with in the file (`> `, list indentation); empty for a .mmd file. */
  readonly prefix: string;
  /** The indentation of the diagram's statements (of its first line after the header), two spaces by default. */
  readonly indent: string;
  readonly annotations: ReadonlyMap<string, Annotation[]>;
  private readonly disabling = new Map<string, TextEdit>();

  constructor(
    readonly design: Design,
    text?: string,
  ) {
    this.sourceLines = design.source.split(/\r\n|\r|\n/);
    this.fileLines = text === undefined ? undefined : text.split(/\r\n|\r|\n/);
    this.eol = text !== undefined && text.includes('\r\n') ? '\r\n' : '\n';
    this.taken = new Set<string>([...design.components.map((c) => c.id), ...design.groups.map((g) => g.id)]);
    this.headerLine = diagramHeaderLine(design.source);
    const start = design.range.start;
    const first = this.fileLines?.[start.line];
    this.prefix = first !== undefined && first.length >= start.character ? first.slice(0, start.character) : ' '.repeat(start.character);
    let indent = '  ';
    for (let i = this.headerLine + 1; i < this.sourceLines.length; i++) {
      const line = this.sourceLines[i]!;
      if (line.trim() === '') continue;
      const m = /^[ \t]*/.exec(line)![0];
      if (m !== '') indent = m;
      break;
    }
    this.indent = indent;
    const annotations = new Map<string, Annotation[]>();
    for (const a of design.annotations) {
      const list = annotations.get(a.target);
      if (list) list.push(a);
      else annotations.set(a.target, [a]);
    }
    this.annotations = annotations;
  }

  /** `%% @lint-disable <rule>`: added to an existing line, else a new line right after the diagram's header. */
  disable(rule: string): TextEdit {
    let edit = this.disabling.get(rule);
    if (!edit) {
      edit = this.makeDisable(rule);
      this.disabling.set(rule, edit);
    }
    return { range: edit.range, newText: edit.newText };
  }

  private makeDisable(rule: string): TextEdit {
    const existing = this.annotations.get('lint-disable');
    const last = existing?.[existing.length - 1];
    if (last) return { range: { start: last.range.end, end: last.range.end }, newText: ` ${rule}` };
    const h = this.headerLine;
    const fileLine = this.design.range.start.line + h;
    const lineText = this.fileLines?.[fileLine];
    const character =
      lineText !== undefined ? lineText.length : (h === 0 ? this.design.range.start.character : this.prefix.length) + this.sourceLines[h]!.length;
    const at = { line: fileLine, character };
    return { range: { start: at, end: at }, newText: `${this.eol}${this.prefix}${this.indent}%% @lint-disable ${rule}` };
  }
}

/** Builds the edits of one fix; ids it hands out are its own (another fix may use the same). */
export class FixWriter {
  private readonly mine = new Set<string>();

  constructor(readonly text: FixText) {}

  get design(): Design {
    return this.text.design;
  }

  get isFlowchart(): boolean {
    return this.text.design.diagram === 'flowchart';
  }

  /** An id no component or group has, nor one an earlier call handed out. */
  freshId(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_]/g, '_') || 'node';
    let id = clean;
    for (let n = 2; this.text.taken.has(id) || this.mine.has(id); n++) id = `${clean}_${n}`;
    this.mine.add(id);
    return id;
  }

  /** `id[Label]`, or `id["Label"]` when the label holds characters Mermaid would read as syntax. */
  node(id: string, label: string, shape = 'square'): string {
    const [open, close] = SHAPES.get(shape) ?? ['[', ']'];
    return `${id}${open}${quoteLabel(label)}${close}`;
  }

  /** Lines added at the end of the diagram, as top-level statements. */
  appendLines(lines: readonly string[]): TextEdit {
    const t = this.text;
    const end = t.design.range.end;
    const body = lines.map((l) => t.prefix + t.indent + l);
    const lastSourceLine = t.sourceLines[t.sourceLines.length - 1] ?? '';
    if (end.character === 0 && lastSourceLine === '' && end.line > t.design.range.start.line) {
      return { range: { start: end, end }, newText: body.map((l) => l + t.eol).join('') };
    }
    return { range: { start: end, end }, newText: body.map((l) => t.eol + l).join('') };
  }

  /** Inserts text at a position. */
  insert(at: Position, text: string): TextEdit {
    return { range: { start: at, end: at }, newText: text };
  }

  /**
   * Sets node settings through its `%% @<id>` annotation: an existing key gets the new value in
   * place, a new key goes at the end of the node's last annotation line, and a node without
   * one gets a new annotation line.
   */
  annotate(component: Component, settings: readonly (readonly [key: string, value?: string])[]): TextEdit[] {
    const edits: TextEdit[] = [];
    const annotations = this.text.annotations.get(component.id) ?? [];
    const missing: string[] = [];
    for (const [key, value] of settings) {
      const text = value === undefined ? key : `${key}=${value}`;
      let entry;
      for (const a of annotations) for (const e of a.entries) if (e.key === key) entry = e;
      if (entry) edits.push({ range: entry.range, newText: text });
      else missing.push(text);
    }
    if (missing.length > 0) {
      const last = annotations[annotations.length - 1];
      if (last) edits.push(this.insert(last.range.end, ` ${missing.join(' ')}`));
      else edits.push(this.appendLines([`%% @${component.id} ${missing.join(' ')}`]));
    }
    return edits;
  }

  /** Where the id of `component` is written inside `range` (the last such place), e.g. a link's target. */
  occurrenceIn(component: Component, range: Range): Range | undefined {
    let found: Range | undefined;
    for (const o of component.occurrences) {
      if (contains(range, o)) found = o;
    }
    return found;
  }
}

/** The line of a diagram's `flowchart …` / `architecture-beta` keyword, after front matter, directives and comments; 0 when none. */
export function diagramHeaderLine(source: string): number {
  const lines = source.split(/\r\n|\r|\n/);
  let inFrontMatter = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i === 0 && line.trim() === '---') {
      inFrontMatter = true;
      continue;
    }
    if (inFrontMatter) {
      if (line.trim() === '---') inFrontMatter = false;
      continue;
    }
    if (HEADER.test(line)) return i;
  }
  return 0;
}

function contains(outer: Range, inner: Range): boolean {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** A label Mermaid reads back unchanged: plain words stay bare, anything else is quoted with `#quot;` for quotes. */
export function quoteLabel(label: string): string {
  if (/^[\p{L}\p{N} _.,:+-]+$/u.test(label) && !/^\s|\s$/.test(label)) return label;
  return `"${label.replace(/"/g, '#quot;')}"`;
}

/** Applies edits to a text (for tests and previews); edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts: number[] = [0];
  const re = /\r\n|\r|\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  const offset = (p: Position): number => {
    const lineStart = starts[Math.min(p.line, starts.length - 1)]!;
    const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1]! : text.length;
    let end = lineEnd;
    while (end > lineStart && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
    return Math.min(lineStart + p.character, end);
  };
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
