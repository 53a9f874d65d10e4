// Runs in the extension host, but imports nothing from 'vscode': what the estimate commands
// ask, how they check it, what they remember and what they insert, kept here as plain
// functions so unit tests can cover them without a running editor.
import {
  ESTIMATORS,
  renderMarkdown,
  renderMarkdownTable,
  validateField,
  type Estimate,
  type EstimatorName,
  type EstimatorSpec,
  type FieldSpec,
  type FormSpec,
} from '../../core/estimate/index';
import { formatNumber, formatPercent, formatSI } from '../../core/estimate/units';
import type { Design, Position, Range } from '../../core/design/types';

export const COMMAND_PREFIX = 'systemDesignLab.estimate.';
/** The read-only documents results are shown in: `sdlab-estimate:/QPS estimate.md`. */
export const RESULT_SCHEME = 'sdlab-estimate';
/** globalState key for the last values typed, per estimator and field. */
export const REMEMBERED_KEY = 'systemDesignLab.estimate.lastInputs';
/** Context key set once a result exists: enables Copy/Insert in the palette. */
export const HAS_RESULT_CONTEXT = 'systemDesignLab.estimate.hasResult';

export function commandId(name: EstimatorName | 'fromDesign' | 'copyResult' | 'insertResult'): string {
  return `${COMMAND_PREFIX}${name}`;
}

/** One input box (or a pick, for choices) in a command's walk. */
export interface FieldPrompt {
  field: FieldSpec;
  /** "Estimate QPS" — the step counter is shown beside it by VS Code. */
  title: string;
  prompt: string;
  placeholder: string;
  /** Prefilled: the value typed last time, else the default, else nothing. */
  value: string;
  /** Blank is refused with a message; optional fields and fields with defaults may be blank. */
  required: boolean;
}

export function promptsFor(spec: EstimatorSpec, form: FormSpec, remembered: ReadonlyMap<string, string>): FieldPrompt[] {
  return form.fields.map((key) => {
    const field = spec.fields.find((f) => f.key === key)!;
    const required = field.default === undefined && !field.optional;
    const extra = field.default !== undefined ? ` Blank for the default, ${field.default}.` : field.optional ? ' Blank to leave it out.' : '';
    return {
      field,
      title: spec.title,
      prompt: `${field.label}: ${field.help}${extra}`,
      placeholder: `e.g. ${field.example}`,
      value: remembered.get(key) ?? field.default ?? '',
      required,
    };
  });
}

/** InputBox.validateInput for a prompt: undefined when the text is fine, else what to fix. */
export function validatePrompt(prompt: FieldPrompt, text: string): string | undefined {
  if (text.trim() === '') {
    return prompt.required ? `${prompt.field.label} is needed, e.g. ${prompt.field.example}` : undefined;
  }
  return validateField(prompt.field, text);
}

/**
 * The last values typed for one estimator, read defensively: globalState may hold anything
 * an older version wrote, so only string values for this estimator's own fields come back.
 */
export function rememberedInputs(stored: unknown, name: EstimatorName): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(stored) || !Object.hasOwn(stored, name)) return out;
  const mine = stored[name];
  if (!isRecord(mine)) return out;
  for (const field of ESTIMATORS.get(name)!.fields) {
    const v = Object.hasOwn(mine, field.key) ? mine[field.key] : undefined;
    if (typeof v === 'string' && v.length <= 500) out.set(field.key, v);
  }
  return out;
}

/** The stored state with this run's values recorded (a new object; the old one is untouched). */
export function remember(stored: unknown, name: EstimatorName, typed: ReadonlyMap<string, string>): Record<string, Record<string, string>> {
  const next: Record<string, Record<string, string>> = {};
  for (const other of ESTIMATORS.keys()) {
    const values = other === name ? new Map([...rememberedInputs(stored, other), ...typed]) : rememberedInputs(stored, other);
    if (values.size > 0) next[other] = Object.fromEntries(values);
  }
  return next;
}

/**
 * The path of a result document, from the estimate's title ("QPS estimate" ->
 * `/QPS estimate.md`): one per estimator, so running it again updates the same tab.
 */
export function resultPath(title: string): string {
  return `/${title.replace(/[\\/:*?"<>|]/g, '-')}.md`;
}

/** What "Insert at Cursor" puts in a document: the table, as `%%` comments inside a Mermaid file. */
export function insertionText(estimates: readonly Estimate[], languageId: string): string {
  const md = estimates.map(renderMarkdownTable).join('\n');
  if (languageId === 'mermaid') {
    return md
      .trimEnd()
      .split('\n')
      .map((line) => (line === '' ? '%%' : `%% ${line}`))
      .join('\n') + '\n';
  }
  return md;
}

/** Ends every result document: where Copy and Insert are. */
export const RESULT_FOOTER =
  '_Copy this as a Markdown table, or insert it where your cursor was, with the buttons in this tab’s title bar (or System Design: Copy Estimate as Markdown Table / Insert Estimate at Cursor)._\n';

/** The result document's text: each estimate in turn, then where Copy and Insert are. */
export function resultDocument(estimates: readonly Estimate[]): string {
  return `${estimates.map(renderMarkdown).join('\n---\n\n')}\n${RESULT_FOOTER}`;
}

/** The notification's one line: the title and the headline figures. */
export function notificationText(estimate: Estimate): string {
  return `${estimate.title}: ${estimate.summary}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The block to insert at a cursor, with the line breaks a Markdown table needs: it must start
 * on its own line after a blank line, and what followed the cursor moves below it.
 */
export function placeInsertion(block: string, at: { before: string; after: string; previousLine?: string; mermaid: boolean }): string {
  const body = block.endsWith('\n') ? block : `${block}\n`;
  let prefix = '';
  if (at.before.trim() !== '') prefix = at.mermaid ? '\n' : '\n\n';
  else if (!at.mermaid && at.previousLine !== undefined && at.previousLine.trim() !== '') prefix = '\n';
  const suffix = at.after.trim() !== '' && !at.mermaid ? '\n' : '';
  return `${prefix}${body}${suffix}`;
}

/**
 * The design "Estimate from This Design" uses: the one the cursor is in, else the only one,
 * else the only one with `%% @design` requirements; undefined when the user must choose.
 */
export function designAt(designs: readonly Design[], cursor: Position | undefined): Design | undefined {
  const within = cursor && designs.find((d) => contains(d.range, cursor));
  if (within) return within;
  if (designs.length === 1) return designs[0];
  const withRequirements = designs.filter(hasRequirements);
  return withRequirements.length === 1 ? withRequirements[0] : undefined;
}

export function hasRequirements(design: Design): boolean {
  const r = design.requirements;
  return r.dau !== undefined || r.requests !== undefined || r.availability !== undefined;
}

/** "dau=100M requests=10 peak=3": what a design's requirements say, for a pick list. */
export function requirementsText(design: Design): string {
  const r = design.requirements;
  const parts = [
    r.dau !== undefined ? `dau=${formatSI(r.dau)}` : '',
    r.requests !== undefined ? `requests=${formatNumber(r.requests)}` : '',
    r.peak !== undefined ? `peak=${formatNumber(r.peak)}` : '',
    r.reads !== undefined ? `reads=${formatPercent(r.reads)}` : '',
    r.availability !== undefined ? `availability=${formatPercent(r.availability)}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'no @design requirements';
}

function contains(range: Range, p: Position): boolean {
  const after = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const before = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return after && before;
}
