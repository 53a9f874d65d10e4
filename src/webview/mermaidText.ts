// Runs in the panel's page (pure: no DOM). The text Mermaid is asked to draw, with everything
// Mermaid ignores taken out, so edits that cannot change the picture do not re-render it.

/** Mermaid's comment: a line starting with `%%` that is not a `%%{…}%%` directive. */
const COMMENT = /^\s*%%(?!\{)/;

/** Diagram types whose statements do not depend on indentation or blank lines. */
const INDENT_FREE = /^(flowchart|flowchart-elk|graph|architecture-beta)\b/;

/**
 * Normalises a diagram's text to what decides its rendering:
 * - `%%` comment lines go, `%% @` annotations included (they change badges and simulation
 *   state, never the drawing);
 * - trailing whitespace and blank lines go;
 * - in flowcharts and architecture-beta, indentation goes too (both grammars ignore it), except
 *   inside a quoted label that spans lines, where it is label text;
 * - front matter (YAML: indentation matters) is kept as written.
 *
 * Two texts with the same normalised form render the same SVG.
 */
export function mermaidRenderText(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  // Front matter must be the very first line (Mermaid trims leading blank lines first).
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (lines[i]?.trimEnd() === '---') {
    const close = lines.findIndex((l, j) => j > i && l.trimEnd() === '---');
    if (close > i) {
      for (let j = i; j <= close; j++) out.push(lines[j]!.trimEnd());
      i = close + 1;
    }
  }
  // Comments before a `---` that is not front matter (Mermaid reads none after a comment) stay:
  // without them the `---` would open front matter when the result is read again.
  let j = i;
  while (j < lines.length && (lines[j]!.trim() === '' || COMMENT.test(lines[j]!))) j++;
  const keepLeadingComments = out.length === 0 && lines[j]?.trimEnd() === '---';
  let indentFree: boolean | undefined;
  let inQuote = false;
  for (; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!inQuote && COMMENT.test(raw)) {
      if (keepLeadingComments && i < j) out.push(raw.trim());
      continue;
    }
    const trimmed = raw.trim();
    if (indentFree === undefined && trimmed !== '' && !trimmed.startsWith('%%{')) {
      indentFree = INDENT_FREE.test(trimmed);
    }
    const line = inQuote || !indentFree ? raw.trimEnd() : trimmed;
    if (line !== '' || inQuote) out.push(line);
    if (indentFree) inQuote = countQuotes(raw) % 2 === 1 ? !inQuote : inQuote;
  }
  return out.join('\n');
}

function countQuotes(line: string): number {
  let n = 0;
  for (const ch of line) if (ch === '"') n++;
  return n;
}
