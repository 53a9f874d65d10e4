import { describe, expect, it } from 'vitest';
import { frontMatterEnd, prepareDiagram } from '../../../src/core/design/mermaidText';

/** The text Mermaid's parser gets, and where each of its characters came from. */
function prepared(text: string, flowchart = true): { code: string; origin: (i: number) => string } {
  const p = prepareDiagram(text, { flowchart });
  return { code: p.code.text, origin: (i) => text.charAt(p.code.origin(i)) };
}

describe('prepareDiagram (Mermaid pre-processing)', () => {
  it('removes comment lines, directives and front matter, and appends a newline', () => {
    const { code } = prepared('---\ntitle: x\n---\n%%{init: {"a": 1}}%%\nflowchart LR\n  %% comment\n  A --> B');
    expect(code).toBe('flowchart LR\n  A --> B\n');
  });

  it('normalizes line endings and maps characters back across them', () => {
    const p = prepared('flowchart LR\r\nA --> B\rB --> C');
    expect(p.code).toBe('flowchart LR\nA --> B\nB --> C\n');
    expect(p.origin(p.code.indexOf('B --> C'))).toBe('B');
  });

  it('encodes entity codes the way Mermaid does', () => {
    const p = prepared('flowchart LR\nA["#quot;x#quot; #9829;"]');
    expect(p.code).toContain('\uFB02\u00B0quot\u00B6\u00DFx\uFB02\u00B0quot\u00B6\u00DF \uFB02\u00B0\u00B09829\u00B6\u00DF');
    expect(p.origin(p.code.indexOf('\uFB02'))).toBe('#');
  });

  it("drops the last ';' of a style line with a colour, as Mermaid does", () => {
    expect(prepared('flowchart LR\nstyle A fill:#f9f;').code).toBe('flowchart LR\nstyle A fill:#f9f\n');
    expect(prepared('flowchart LR\nclassDef c fill:#f9f;').code).toBe('flowchart LR\nclassDef c fill:#f9f\n');
  });

  it("quotes tag attributes with ' as Mermaid does", () => {
    expect(prepared('flowchart LR\nA["<a href="x">y</a>"]').code).toContain(`<a href='x'>y</a>`);
  });

  it('trims spaces after a closing brace for the flowchart parser only', () => {
    expect(prepared('flowchart LR\nA@{ shape: cyl }   \nB').code).toBe('flowchart LR\nA@{ shape: cyl }\nB\n');
    expect(prepared('architecture-beta\n}   \n', false).code).toBe('architecture-beta\n}   \n\n');
  });

  it('keeps a lone %% and a trailing comment, which Mermaid does not treat as comments', () => {
    expect(prepared('flowchart LR\n%%\nA --> B %% x').code).toBe('flowchart LR\n%%\nA --> B %% x\n');
  });

  it('removes a comment line together with the blank lines before it', () => {
    const p = prepareDiagram('flowchart LR\n\n   \n  %% c\nA');
    expect(p.code.text).toBe('flowchart LR\nA\n');
    expect(p.comments.map((c) => [c.text, c.range.start])).toEqual([[' c', { line: 3, character: 2 }]]);
  });

  it('finds a comment line after a %% that starts no comment (inside a line, or before {)', () => {
    const p = prepareDiagram('flowchart LR\nA --> B %% x\n%%{-\n  %% real\nB');
    expect(p.code.text).toBe('flowchart LR\nA --> B %% x\n%%{-\nB\n');
    expect(p.comments.map((c) => c.text)).toEqual([' real']);
  });

  it("drops a ';' for style and one for classDef on the same line, then encodes entities after them", () => {
    const p = prepared('flowchart LR\nclassDef c fill:#fff; style A fill:#f00;\nA["#quot;x#quot;"]');
    expect(p.code).toBe('flowchart LR\nclassDef c fill:#fff style A fill:#f00\nA["\uFB02\u00B0quot\u00B6\u00DFx\uFB02\u00B0quot\u00B6\u00DF"]\n');
    expect(p.origin(p.code.indexOf('\uFB02'))).toBe('#');
    expect(p.origin(p.code.indexOf('x'))).toBe('x');
  });

  it('records comments with the text after %%', () => {
    const p = prepareDiagram('flowchart LR\n  %% @a kind=cache\nA');
    expect(p.comments.map((c) => [c.text, c.range.start, c.textStart])).toEqual([
      [' @a kind=cache', { line: 1, character: 2 }, { line: 1, character: 4 }],
    ]);
  });
});

describe('frontMatterEnd', () => {
  it.each([
    ['---\na: 1\n---\nflowchart', 13],
    ['---\n\n---\nx', 9],
    ['  ---\n  a: 1\n  ---\nx', 19],
    ['---\na: 1\n--\nx', 0],
    ['---a\n---\n', 0],
    ['flowchart', 0],
  ])('%j ends at %i', (text, end) => {
    expect(frontMatterEnd(text)).toBe(end);
  });
});
