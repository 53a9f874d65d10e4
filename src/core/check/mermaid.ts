/**
 * Witnesses as Mermaid sequence diagrams: one participant per client session and per node
 * (or a single "system" when the history does not say which node served an operation), an
 * arrow for every invocation and response, the time as a note. Session names, node names,
 * keys and values are user text: participants get generated ids, and text goes through
 * mermaidText so no name can end a statement, start a comment or inject markup.
 */
import type { HistoryOp } from '../sim/history';
import { formatValue } from './model';
import { timeFormat } from './time';

/**
 * Text safe in a sequence-diagram message, note or participant alias. Mermaid's lexer ends
 * those at '#' (entity or comment), ';' (statement) and newline; '%' starts a directive or
 * comment; '<' and '>' would reach the label's HTML. All become Mermaid entity codes (#NN;),
 * which it decodes back for display.
 */
export function mermaidText(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 32 || c === 127 || c === 0x2028 || c === 0x2029) out += ' ';
    else if (ch === '#' || ch === ';' || ch === '%' || ch === '<' || ch === '>' || ch === '&' || ch === '"' || ch === '`' || ch === '\\' || ch === '{' || ch === '}' || ch === '|') {
      out += `#${c};`;
    } else out += ch;
  }
  // Mermaid trims labels; keep them non-empty so a participant never loses its alias.
  return out.trim() === '' ? '(empty)' : out;
}


export interface DiagramOptions {
  /** Describes an invocation, e.g. `write x = 1`. */
  describeCall(op: HistoryOp): string;
  /** Describes a response, e.g. `ok`, `→ 1`. */
  describeReturn(op: HistoryOp): string;
  /** Ids of operations to point at (the one that cannot be placed, the lost write). */
  highlight?: readonly number[];
  /** A closing note over the participants of the highlighted op. */
  caption?: string;
  timeUnit?: 'ms' | 'line';
}

/** Renders the witness operations as a `sequenceDiagram`. */
export function witnessDiagram(ops: readonly HistoryOp[], options: DiagramOptions): string {
  const lines = ['sequenceDiagram'];
  const sessionIds = new Map<string, string>();
  const nodeIds = new Map<string, string>();
  const sorted = [...ops].sort((a, b) => a.invokeMs - b.invokeMs || a.id - b.id);
  const sessionLabels = new Set(sorted.map((op) => op.session));
  for (const op of sorted) {
    if (!sessionIds.has(op.session)) {
      const id = `s${sessionIds.size}`;
      sessionIds.set(op.session, id);
      lines.push(`  participant ${id} as ${mermaidText(op.session)}`);
    }
  }
  for (const op of sorted) {
    const node = op.node ?? 'system';
    if (!nodeIds.has(node)) {
      const id = `n${nodeIds.size}`;
      nodeIds.set(node, id);
      const label = sessionLabels.has(node) ? `${node} (node)` : node;
      lines.push(`  participant ${id} as ${mermaidText(label)}`);
    }
  }
  type Ev = { t: number; ret: boolean; op: HistoryOp };
  const events: Ev[] = [];
  for (const op of sorted) {
    events.push({ t: op.invokeMs, ret: false, op });
    events.push({ t: op.completeMs, ret: true, op });
  }
  // Time order; on a tie a response reads better before the next invocation.
  events.sort((a, b) => a.t - b.t || Number(b.ret) - Number(a.ret) || a.op.invokeMs - b.op.invokeMs || a.op.id - b.op.id);
  const highlight = new Set(options.highlight ?? []);
  const time = timeFormat(options.timeUnit);
  for (const e of events) {
    const s = sessionIds.get(e.op.session)!;
    const n = nodeIds.get(e.op.node ?? 'system')!;
    const mark = highlight.has(e.op.id) ? ' ⟵' : '';
    lines.push(`  Note left of ${s}: ${mermaidText(time.at(e.t))}`);
    if (!e.ret) {
      lines.push(`  ${s}->>${n}: ${mermaidText(`[${e.op.id}] ${options.describeCall(e.op)}`)}`);
    } else {
      const arrow = e.op.outcome === 'ok' ? '-->>' : '--x';
      lines.push(`  ${n}${arrow}${s}: ${mermaidText(`[${e.op.id}] ${options.describeReturn(e.op)}${mark}`)}`);
    }
  }
  if (options.caption) {
    const target = sorted.find((op) => highlight.has(op.id)) ?? sorted[sorted.length - 1];
    if (target) {
      const s = sessionIds.get(target.session)!;
      const n = nodeIds.get(target.node ?? 'system')!;
      lines.push(`  Note over ${s},${n}: ${mermaidText(options.caption)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The default wording of calls and responses for register and kv histories. */
export function describeCall(op: HistoryOp): string {
  const k = `${op.key}`;
  switch (op.op) {
    case 'read':
      return `read ${k}`;
    case 'write':
      return `write ${k} = ${formatValue(op.value as string | number)}`;
    case 'append':
      return `append ${k} += ${formatValue(op.value as string | number)}`;
    case 'cas': {
      const [from, to] = op.value as [string | number | null, string | number];
      return `cas ${k}: ${formatValue(from)} → ${formatValue(to)}`;
    }
  }
}

export function describeReturn(op: HistoryOp): string {
  if (op.outcome === 'unknown') return `no response (unknown${op.error ? `: ${op.error}` : ''})`;
  if (op.outcome === 'fail') return `failed${op.error ? `: ${op.error}` : ''}`;
  switch (op.op) {
    case 'read':
      return `→ ${formatValue(op.value as string | number | null)}`;
    case 'cas':
      return op.swapped ? 'ok (swapped)' : 'ok (not swapped)';
    default:
      return 'ok';
  }
}
