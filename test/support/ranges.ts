// Runs in Node (tests). Every range a parser returns, and a check that a range lies inside
// the document (0-based lines and UTF-16 characters, lines split the way VS Code splits them).
import type { ArchitectureAst, FlowchartAst } from '../../src/core/design/ast';
import type { Range } from '../../src/core/design/types';

export function allRanges(ast: FlowchartAst | ArchitectureAst): Range[] {
  const out: Range[] = [];
  const add = (r: Range | undefined): void => {
    if (r) out.push(r);
  };
  for (const c of ast.comments) {
    add(c.range);
    add({ start: c.textStart, end: c.textStart });
  }
  for (const e of ast.errors) add(e.range);
  add(ast.frontMatter);
  if (ast.type === 'flowchart') {
    for (const v of ast.vertices) {
      add(v.range);
      add(v.labelRange);
      v.occurrences.forEach(add);
    }
    for (const e of ast.edges) {
      add(e.range);
      add(e.linkRange);
      add(e.labelRange);
    }
    for (const s of ast.subgraphs) {
      add(s.range);
      add(s.blockRange);
    }
    for (const c of ast.classDefs) add(c.range);
  } else {
    for (const x of [...ast.groups, ...ast.services, ...ast.junctions, ...ast.edges]) add(x.range);
    for (const a of ast.alignments ?? []) add(a.range);
  }
  return out;
}

/** Problems with the ranges (empty when all are inside the text and well ordered). */
export function badRanges(text: string, ranges: Range[]): string[] {
  const lengths = text.split(/\r\n|\r|\n/).map((l) => l.length);
  const problems: string[] = [];
  const inside = (p: { line: number; character: number }): boolean =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line]!;
  for (const r of ranges) {
    const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
    if (!inside(r.start) || !inside(r.end) || !ordered) problems.push(JSON.stringify(r));
  }
  return problems;
}
