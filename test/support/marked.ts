// Runs in Node (tests). Builds a text with expected ranges marked inline, the way
// markdown-languageservice's tests mark cursors: «...» encloses a range; markers may nest.
import type { Range } from '../../src/core/design/types';

export function marked(...lines: string[]): { text: string; ranges: Range[] } {
  const src = lines.join('\n');
  let text = '';
  let line = 0;
  let character = 0;
  const open: { line: number; character: number; index: number }[] = [];
  const ranges: (Range | undefined)[] = [];
  for (const ch of src) {
    if (ch === '«') {
      open.push({ line, character, index: ranges.length });
      ranges.push(undefined);
      continue;
    }
    if (ch === '»') {
      const o = open.pop();
      if (!o) throw new Error('unbalanced »');
      ranges[o.index] = { start: { line: o.line, character: o.character }, end: { line, character } };
      continue;
    }
    text += ch;
    if (ch === '\n') {
      line++;
      character = 0;
    } else {
      character += ch.length;
    }
  }
  if (open.length) throw new Error('unbalanced «');
  return { text, ranges: ranges as Range[] };
}

/** `line:character-line:character`, compact for assertions. */
export function r(range: Range | undefined): string {
  if (!range) return 'none';
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
