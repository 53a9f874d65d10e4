/**
 * An Estimate written out: as a Markdown document (the palette's result view), as a Markdown
 * table to copy or insert at the cursor, and as plain text for the terminal.
 */
import type { Estimate } from './types';

/** Escapes what Markdown would read as table syntax or emphasis inside a cell. */
export function escapeCell(text: string): string {
  return text.replace(/[\\|*_`<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Display width in monospace, counting code points (×, ÷, ⁵ and µ are one column each). */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, w: number): string {
  return text + ' '.repeat(Math.max(0, w - width(text)));
}

/** A GitHub-flavoured Markdown table with its columns aligned, so the raw text reads as a table too. */
export function markdownTable(header: string[], rows: string[][]): string {
  const cells = [header, ...rows].map((r) => r.map(escapeCell));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => `| ${r.map((c, i) => pad(c, widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

function stepsTable(estimate: Estimate): string {
  if (estimate.reference) {
    return markdownTable(['Operation', 'Latency', 'Order of magnitude'], estimate.steps.map((s) => [s.label, s.result, s.formula]));
  }
  return markdownTable(
    ['Step', 'Formula', 'Result'],
    estimate.steps.map((s) => [s.label, s.formula, s.result]),
  );
}

function inputsLine(estimate: Estimate): string {
  return estimate.inputs.map((i) => `${i.label} ${i.text}${i.defaulted ? ' (default)' : ''}`).join(', ');
}

/** What "copy" and "insert at cursor" produce: a caption line and the table of steps. */
export function renderMarkdownTable(estimate: Estimate): string {
  const inputs = inputsLine(estimate);
  const caption = `**${escapeCell(estimate.title)}**${inputs ? ` (${escapeCell(inputs)})` : ''}`;
  return `${caption}\n\n${stepsTable(estimate)}\n`;
}

/**
 * The whole result as a Markdown document: heading, summary, the working as a list (one
 * step a line, readable in a narrow editor and in the preview), inputs, assumptions.
 */
export function renderMarkdown(estimate: Estimate): string {
  const working = estimate.steps.map((s) =>
    estimate.reference
      ? `- ${escapeCell(s.label)}: **${escapeCell(s.result)}** (${escapeCell(s.formula)})`
      : `- ${escapeCell(s.label)}: ${escapeCell(s.formula)} = **${escapeCell(s.result)}**`,
  );
  const parts = [`# ${estimate.title}`, estimate.summary, `## ${estimate.reference ? 'Figures' : 'Working'}\n\n${working.join('\n')}`];
  if (estimate.inputs.length > 0) {
    const inputs = estimate.inputs.map((i) => `- ${escapeCell(i.label)}: ${escapeCell(i.text)}${i.defaulted ? ' (default)' : ''}`);
    parts.push(`## Inputs\n\n${inputs.join('\n')}`);
  }
  if (estimate.notes.length > 0) parts.push(`## Assumptions\n\n${estimate.notes.map((n) => `- ${n}`).join('\n')}`);
  return parts.join('\n\n') + '\n';
}

/** Plain text for `sdlab estimate`: aligned steps, each `label  formula = result`. */
export function renderText(estimate: Estimate): string {
  const labelWidth = Math.max(...estimate.steps.map((s) => width(s.label)));
  const formulaWidth = Math.max(...estimate.steps.map((s) => width(s.formula)));
  const lines = [estimate.title, estimate.summary, ''];
  const resultWidth = Math.max(...estimate.steps.map((s) => width(s.result)));
  for (const s of estimate.steps) {
    lines.push(
      estimate.reference
        ? `  ${pad(s.label, labelWidth)}  ${pad(s.result, resultWidth)}  ${s.formula}`
        : `  ${pad(s.label, labelWidth)}  ${pad(s.formula, formulaWidth)}  = ${s.result}`,
    );
  }
  if (estimate.inputs.length > 0) {
    lines.push('', 'Inputs:');
    for (const i of estimate.inputs) lines.push(`  ${i.label}: ${i.text}${i.defaulted ? ' (default)' : ''}`);
  }
  if (estimate.notes.length > 0) {
    lines.push('', 'Assumptions:');
    for (const n of estimate.notes) lines.push(`  - ${n}`);
  }
  return lines.join('\n') + '\n';
}
