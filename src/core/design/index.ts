/**
 * The design facade: text in, Design out. Everything the rest of the extension knows about a
 * design file goes through `parseDesign` (one diagram's text) or `parseDesignDocument` (a
 * whole .mmd or Markdown file). Neither throws: bad input, and as a last resort an internal
 * error, comes back as findings, because a linter that crashes on a half-typed line is useless.
 */
import { buildArchitectureDesign, buildFlowchartDesign, wholeText } from './build';
import { parseArchitecture } from './architecture';
import { parseFlowchart } from './flowchart';
import { detectDiagram } from './detect';
import { findMermaidFences, mapRange, type MermaidFence } from './markdown';
import { frontMatterEnd, prepareDiagram } from './mermaidText';
import type { Design, DesignDocument, Finding, Range } from './types';

export type { Design, DesignDocument } from './types';

export { detectDiagram, type DetectedDiagram } from './detect';

/** What a text holds, for the facade: a design type, another Mermaid diagram, no diagram keyword at all, or nothing. */
interface Header {
  type: 'flowchart' | 'architecture' | 'other' | 'unknown' | 'empty';
  /** The word that decided it (`flowchart`, `sequenceDiagram`, ...). */
  keyword: string;
  range: Range;
}

/**
 * Most designs start with their keyword. Recognising it here saves running Mermaid's whole-text
 * pre-processing twice (once to detect, once to parse); anything unusual (directives, CRs, C4
 * words, an unclosed front matter) takes the exact route through `detectDiagram`.
 */
export function quickFamily(text: string): 'flowchart' | 'architecture' | undefined {
  if (text.indexOf('\r') >= 0) return undefined;
  let i = frontMatterEnd(text);
  const n = text.length;
  for (;;) {
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    if (!text.startsWith('%%', i)) break;
    if (text.startsWith('%%{', i)) return undefined;
    const nl = text.indexOf('\n', i);
    if (nl < 0) return undefined;
    i = nl + 1;
  }
  if (text.startsWith('---', i)) return undefined;
  const m = /^(flowchart-elk|flowchart|graph|architecture-beta)(?=[ \t\n;]|$)/.exec(text.slice(i, i + 24));
  if (!m) return undefined;
  if (m[1] === 'architecture-beta') return 'architecture';
  // Mermaid tries its C4 detector first, and it matches these words anywhere in the text.
  // indexOf first: it rules out almost every text far faster than the regex scans it.
  return text.indexOf('C4') >= 0 && /C4Container|C4Component|C4Dynamic|C4Deployment/.test(text) ? undefined : 'flowchart';
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff;
}

function header(text: string): Header {
  const quick = quickFamily(text);
  if (quick) return { type: quick, keyword: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const found = detectDiagram(text);
  if (found) {
    const keyword = textOf(text, found.range);
    return { type: found.family === 'other' ? 'other' : found.family, keyword, range: found.range };
  }
  const prepared = prepareDiagram(text);
  const code = prepared.code.text;
  let i = 0;
  while (i < code.length && /\s/.test(code[i]!)) i++;
  if (i >= code.length) {
    const end = wholeText(text).end;
    return { type: 'empty', keyword: '', range: { start: end, end } };
  }
  let j = i;
  while (j < code.length && !/\s/.test(code[j]!)) j++;
  const range = prepared.lines.range(prepared.code.origin(i), prepared.code.origin(j - 1) + 1);
  return { type: 'unknown', keyword: code.slice(i, j), range };
}

/** The text of a one-line range, found without splitting the whole (possibly huge) text. */
function textOf(text: string, r: Range): string {
  if (r.start.line !== r.end.line) return '';
  let start = 0;
  for (let line = 0; line < r.start.line && start < text.length; start++) {
    const c = text.charCodeAt(start);
    if (c === 10 || (c === 13 && text.charCodeAt(start + 1) !== 10)) line++;
  }
  return text.slice(start + r.start.character, start + r.end.character);
}

/**
 * One diagram's text -> Design. A diagram this model does not cover (another Mermaid type,
 * empty text) gives an empty flowchart design whose findings say why; use
 * `parseDesignDocument` to tell such text apart from a design.
 */
export function parseDesign(text: string): Design {
  try {
    const h = header(text);
    if (h.type === 'flowchart') return buildFlowchartDesign(parseFlowchart(text, { labelRanges: false }), text);
    if (h.type === 'architecture') return buildArchitectureDesign(parseArchitecture(text), text);
    const finding = headerFinding(h);
    return emptyDesign(text, finding ? [finding] : []);
  } catch (err) {
    const design = emptyDesign(text, [internalError(err, wholeText(text))]);
    failed.add(design);
    return design;
  }
}

/** Designs that are only an internal error: a Markdown fence keeps them so the error is seen. */
const failed = new WeakSet<Design>();

export interface DocumentOptions {
  /** VS Code's language id: `markdown` or `mermaid` (others fall back to the file name). */
  languageId?: string;
  fileName?: string;
}

/**
 * A whole file -> its designs, every range in the file's own coordinates.
 * .mmd/.mermaid: one design (none, with a `hint` finding, for another diagram type).
 * Markdown: one design per ```mermaid fence that is a design (DESIGN.md §2): a flowchart or
 * architecture-beta diagram naming at least one component kind, or carrying `%% @design`.
 */
export function parseDesignDocument(text: string, options: DocumentOptions = {}): DesignDocument {
  try {
    return isMarkdownDocument(text, options) ? markdownDocument(text) : mermaidDocument(text);
  } catch (err) {
    return { designs: [], findings: [internalError(err, wholeText(text))] };
  }
}

function mermaidDocument(text: string): DesignDocument {
  const h = header(text);
  if (h.type === 'flowchart' || h.type === 'architecture') return { designs: [parseDesign(text)], findings: [] };
  const finding = headerFinding(h);
  return { designs: [], findings: finding ? [finding] : [] };
}

function markdownDocument(text: string): DesignDocument {
  const designs: Design[] = [];
  for (const fence of findMermaidFences(text)) {
    const family = detectDiagram(fence.body)?.family;
    if (family !== 'flowchart' && family !== 'architecture') continue;
    const design = parseDesign(fence.body);
    if (!isDesign(design) && !failed.has(design)) continue;
    designs.push(inFile(design, fence));
  }
  return { designs, findings: [] };
}

/** DESIGN.md §2: a fence is a design when it names at least one component kind or carries `%% @design`. */
export function isDesign(design: Design): boolean {
  return design.components.some((c) => c.kind !== 'unknown') || design.annotations.some((a) => a.target === 'design');
}

const MARKDOWN_LANGUAGES = new Set(['markdown', 'mdx', 'quarto', 'rmd']);
const MARKDOWN_EXTENSIONS = /\.(md|markdown|mdx|mkd|mkdn|mdwn|mdown|qmd|rmd)$/i;
const MERMAID_EXTENSIONS = /\.(mmd|mermaid)$/i;

/** Whether `parseDesignDocument` reads this file as Markdown (from the language id, else the file name, else the text). */
export function isMarkdownDocument(text: string, { languageId, fileName }: DocumentOptions = {}): boolean {
  if (languageId !== undefined) {
    if (MARKDOWN_LANGUAGES.has(languageId.toLowerCase())) return true;
    if (languageId.toLowerCase() === 'mermaid') return false;
  }
  if (fileName !== undefined) {
    if (MARKDOWN_EXTENSIONS.test(fileName)) return true;
    if (MERMAID_EXTENSIONS.test(fileName)) return false;
  }
  // Neither says: a file that starts like a diagram is one; otherwise look for fences.
  if (detectDiagram(text) !== undefined) return false;
  return findMermaidFences(text).length > 0;
}

/** Moves every range of a fence's design onto the Markdown file's lines and columns. */
/**
 * Moves every range of a fence's design onto the Markdown file's lines and columns. The design
 * was just built for this fence, so its objects are updated in place; range objects are
 * replaced, never changed, because one range object can be shared (a component's `range` is
 * also its first occurrence).
 */
function inFile(design: Design, fence: MermaidFence): Design {
  const f = (r: Range): Range => mapRange(fence, r);
  const all = (rs: Range[]): Range[] => rs.map(f);
  for (const c of design.components) {
    c.range = f(c.range);
    c.occurrences = all(c.occurrences);
    c.annotationRanges = all(c.annotationRanges);
  }
  for (const l of design.links) l.range = f(l.range);
  for (const g of design.groups) g.range = f(g.range);
  design.annotations = design.annotations.map((a) => ({
    ...a,
    range: f(a.range),
    entries: a.entries.map((e) => {
      const entry = { ...e, range: f(e.range), keyRange: f(e.keyRange) };
      if (e.valueRange) entry.valueRange = f(e.valueRange);
      return entry;
    }),
  }));
  design.findings = design.findings.map((x) => mapFinding(x, f));
  design.range = fence.bodyRange;
  return design;
}

function mapFinding(finding: Finding, f: (r: Range) => Range): Finding {
  const out: Finding = { ...finding, range: f(finding.range) };
  if (finding.related) out.related = finding.related.map((r) => ({ ...r, range: f(r.range) }));
  if (finding.fixes) out.fixes = finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: f(e.range) })) }));
  return out;
}

function headerFinding(header: Header): Finding | undefined {
  if (header.type === 'other') {
    // A hint, not info: a project keeps sequence and other diagrams in .mmd files too, and a
    // valid diagram must not fill the Problems panel. The editor still shows why nothing is
    // analysed (faint dots and a hover on the diagram keyword).
    return {
      rule: 'syntax',
      severity: 'hint',
      message: `this is a Mermaid '${header.keyword}' diagram: only flowchart and architecture-beta diagrams are analysed`,
      range: header.range,
    };
  }
  if (header.type === 'unknown') {
    return {
      rule: 'syntax',
      severity: 'error',
      message: `no Mermaid diagram type '${header.keyword}': a design starts with e.g. 'flowchart LR' or 'architecture-beta'`,
      range: header.range,
    };
  }
  return undefined;
}

function emptyDesign(text: string, findings: Finding[]): Design {
  return {
    diagram: 'flowchart',
    components: [],
    links: [],
    groups: [],
    requirements: {},
    annotations: [],
    disabledRules: [],
    findings,
    source: text,
    range: wholeText(text),
  };
}

function internalError(err: unknown, range: Range): Finding {
  const message = err instanceof Error ? err.message : String(err);
  return {
    rule: 'syntax',
    severity: 'error',
    message: `internal error while reading this design (please report it): ${message}`,
    range: { start: range.start, end: range.start },
  };
}
